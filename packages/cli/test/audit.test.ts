import { readFileSync } from 'node:fs';
import { readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditReport } from '@virt-alias/audit';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { run, runBin, tempTree } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

/** Three hosts of real fixtures: Nova guests, live dumps, a broken file, a network (skipped). */
const FLEET: Readonly<Record<string, string>> = {
  'dumps/cmp-01/instance-lun.xml': fixture('nova/lun-passthrough.xml'),
  'dumps/cmp-01/instance-clean.xml': fixture('nova/migrated-clean.xml'),
  'dumps/cmp-01/instance-old.xml': fixture('nova/pre-2024-no-aliases.xml'),
  // As examples/ansible writes it; instance-00000090 is not listed (unknown).
  'dumps/cmp-01/states.tsv': 'instance-00000051\trunning\ninstance-00000012\tshut off\n',
  'dumps/cmp-02/live.xml': fixture('live/scsi-hostdev-i440fx.xml'),
  'dumps/cmp-02/broken.xml': fixture('malformed/truncated.xml'),
  'dumps/cmp-02/same-mac.xml': fixture('nova/same-mac.xml'),
  'dumps/cmp-03/sriov.xml': fixture('nova/sriov.xml'),
  'dumps/cmp-03/network.xml': fixture('other/network-default.xml'),
  'dumps/loose.xml': fixture('nova/ovn-tap.xml'),
};

const fleet = (): Promise<string> => tempTree(FLEET, { isolate: false });
const parse = (text: string): AuditReport => JSON.parse(text) as AuditReport;

interface LintJson {
  filePath: string;
  errorCount: number;
  warningCount: number;
}

describe('virt-alias audit', () => {
  it('reports readiness per host in the terminal, exit 1 when a domain is not ready', async () => {
    const cwd = await fleet();
    const r = await run(['audit', 'dumps'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^virt-alias audit: 8 domains on 4 hosts, judged by each domain's manager's preset/m,
    );
    expect(r.stdout).toMatch(/^ {2}ready +4 +50\.0%$/m);
    expect(r.stdout).toMatch(/^ {2}cmp-02 +3 +2 +33\.3%/m);
    expect(r.stdout).toContain('2 Nova guests (3 volume disks) lack ua-<volume uuid>');
    expect(r.stdout).toMatch(/^ {2}cmp-01 +3 +2 +33\.3% +\d+ +\d+ +\d+ +1$/m);
    expect(r.stdout).toContain(
      '  1 guest running (1 not ready), 1 shut off (1 not ready), 6 of unknown state.\n  1 running guest not ready: a fixed definition (virt-alias fix, then apply or virsh define) takes effect only when the guest is shut down and started again',
    );
    expect(r.stderr).toContain('dumps/cmp-03/network.xml: skipped: root element is <network>');
  });

  it('counts every file as lint --format json does', async () => {
    const cwd = await fleet();
    const lint = await run(['lint', '--format', 'json', 'dumps'], { cwd });
    const audit = await run(['audit', '--format', 'json', 'dumps'], { cwd });
    expect([lint.code, audit.code]).toEqual([1, 1]);
    const report = parse(audit.stdout);
    const files = (JSON.parse(lint.stdout) as LintJson[]).map((f) => ({
      file: path.relative(cwd, f.filePath),
      errorCount: f.errorCount,
      warningCount: f.warningCount,
    }));
    expect(
      report.domains.map((d) => ({ file: d.file, errorCount: d.errorCount, warningCount: d.warningCount })),
    ).toEqual(files.sort((a, b) => (a.file < b.file ? -1 : 1)));
    expect(report.summary.errors).toBe(files.reduce((n, f) => n + f.errorCount, 0));
    expect(report.domains.find((d) => d.file === 'dumps/loose.xml')?.host).toBe('-');
    expect(report.domains.map((d) => [d.name, d.state]).filter(([, state]) => state !== null)).toEqual([
      ['instance-00000051', 'running'],
      ['instance-00000012', 'shut off'],
    ]);
    expect(report.summary.state).toEqual({
      running: { domains: 1, notReady: 1 },
      shutOff: { domains: 1, notReady: 1 },
      unknown: { domains: 6, notReady: 2 },
    });
  });

  it('a states.tsv that is not "name<TAB>state" lines: exit 2, its file and line named, the report still written', async () => {
    const cwd = await tempTree(
      {
        'dumps/h/a.xml': fixture('nova/migrated-clean.xml'),
        'dumps/h/states.tsv': 'instance-00000090 running\n',
      },
      { isolate: false },
    );
    const r = await run(['audit', '-f', 'json', 'dumps'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'virt-alias: dumps/h/states.tsv:1:1: not "<domain name><TAB><state>" (as virsh domstate says it): "instance-00000090 running"\n',
    );
    expect(parse(r.stdout).domains.map((d) => [d.host, d.ready, d.state])).toEqual([['h', true, null]]);
  });

  it('a states.tsv that cannot be read: exit 2, its path as shown and the reason in words', async () => {
    const cwd = await tempTree({ 'dumps/h/a.xml': fixture('nova/migrated-clean.xml') }, { isolate: false });
    // A link to itself: ELOOP, which root meets as well as anyone (EACCES would not stop root).
    await symlink('states.tsv', path.join(cwd, 'dumps/h/states.tsv'));
    const r = await run(['audit', '-f', 'json', 'dumps'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'virt-alias: dumps/h/states.tsv: cannot read: too many levels of symbolic links (ELOOP)\n',
    );
  });

  it('a report file that is one of the files audited is not written over it: exit 2, the other outputs written', async () => {
    const cwd = await fleet();
    const dump = path.join(cwd, 'dumps/cmp-01/instance-lun.xml');
    const before = await readFile(dump, 'utf8');
    const r = await run(
      ['audit', '-f', 'json:dumps/cmp-01/instance-lun.xml', '-f', 'csv:out.csv', 'dumps/cmp-01'],
      { cwd },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'virt-alias: cannot write dumps/cmp-01/instance-lun.xml: it is one of the files audited\n',
    );
    expect(await readFile(dump, 'utf8')).toBe(before);
    expect(await readFile(path.join(cwd, 'out.csv'), 'utf8')).toContain('instance-lun.xml');
  });

  it('merge of per-host reports is byte for byte the report of all files at once', async () => {
    const cwd = await fleet();
    const whole = await run(['audit', '-f', 'json', 'dumps'], { cwd });
    for (const host of ['cmp-01', 'cmp-02', 'cmp-03']) {
      const r = await run(
        [
          'audit',
          '--host-pattern',
          '^dumps/([^/]+)/',
          '-f',
          'json',
          '-o',
          `reports/${host}.json`,
          `dumps/${host}`,
        ],
        { cwd },
      );
      expect(r.code).toBeLessThan(2);
    }
    const loose = await run(['audit', '-f', 'json', '-o', 'reports/loose.json', 'dumps/loose.xml'], { cwd });
    expect(loose.code).toBe(0);
    const merged = await run(
      [
        'audit',
        'merge',
        'reports/cmp-03.json',
        'reports/loose.json',
        'reports/cmp-01.json',
        'reports/cmp-02.json',
        '-f',
        'json',
      ],
      { cwd },
    );
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(1);
    expect(merged.stdout).toBe(whole.stdout);
    expect(parse(merged.stdout).summary.state.running.domains).toBe(1);
  });

  it('merge refuses reports of different presets or --rule options, and files it cannot read', async () => {
    const cwd = await fleet();
    await run(['audit', '-f', 'json', '-o', 'a.json', 'dumps/cmp-01'], { cwd });
    await run(['audit', '--preset', 'strict', '-f', 'json', '-o', 'b.json', 'dumps/cmp-02'], { cwd });
    const r = await run(['audit', 'merge', 'a.json', 'b.json'], { cwd });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'virt-alias: audit merge: b.json was made with --preset strict, a.json with no --preset: reports of different presets are not merged\n',
    });
    await run(['audit', '--rule', 'alias-required=off', '-f', 'json', '-o', 'c.json', 'dumps/cmp-02'], {
      cwd,
    });
    expect((await run(['audit', 'merge', 'a.json', 'c.json'], { cwd })).stderr).toBe(
      'virt-alias: audit merge: c.json was made with --rule ["alias-required=off"], a.json with no --rule: reports of different settings are not merged; audit again with the same options\n',
    );
    const missing = await run(['audit', 'merge', 'a.json', 'nope.json'], { cwd });
    expect(missing.stderr).toBe(
      'virt-alias: audit merge: nope.json: cannot read: no such file or directory (ENOENT)\n',
    );
    const lintJson = await run(['lint', '-f', 'json', '-o', 'lint.json', 'dumps/cmp-01'], { cwd });
    expect(lintJson.code).toBe(1);
    const notReport = await run(['audit', 'merge', 'lint.json'], { cwd });
    expect(notReport.stderr).toContain('lint.json: not a virt-alias audit report (no reportVersion)');
  });

  it("merge refuses audit's options, which it would ignore (it takes the reports' settings); its help lists none", async () => {
    const cwd = await fleet();
    await run(['audit', '-f', 'json', '-o', 'a.json', 'dumps/cmp-01'], { cwd });
    for (const given of [
      ['--preset', 'strict'],
      ['--rule', 'alias-required=off'],
      ['--no-config'],
      ['--host-pattern', '(x)'],
      ['--ignore-pattern', '*.xml'],
      ['--print-config', 'x.xml'],
      ['--no-inline-config'],
      ['--debug'],
    ]) {
      const r = await run(['audit', 'merge', ...given, 'a.json'], { cwd });
      expect(r.code, given.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        new RegExp(
          `^virt-alias: ${given[0]!.replace('--no-', '--')} is an option of audit, not of audit merge: `,
        ),
      );
    }
    // --color is accepted by every command (scripts pass it to all), though none of audit's writes colour.
    expect((await run(['audit', 'merge', '--no-color', 'a.json'], { cwd })).code).toBe(1);
    const help = await run(['audit', 'merge', '--help'], { cwd });
    for (const option of [
      'paths',
      '--preset',
      '--print-config',
      '--debug',
      '--inline-config',
      '--ignore-pattern',
    ]) {
      expect(help.stdout).not.toContain(option);
    }
    expect(help.stdout).toContain('--format');
  });

  it('writes several formats at once; csv has one row per domain', async () => {
    const cwd = await fleet();
    const r = await run(
      [
        'audit',
        '-f',
        'table',
        '-f',
        'csv:out/a.csv',
        '-f',
        'markdown:out/a.md',
        '--format=html:out/a.html',
        'dumps',
      ],
      { cwd },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Hosts, the worst first');
    const csv = (await readFile(path.join(cwd, 'out/a.csv'), 'utf8')).split('\r\n');
    expect(csv[0]).toBe(
      'file,host,name,uuid,nova_managed,live_dump,parsed,state,preset,ready,errors,warnings,fix,mapping,person,rules,device_kinds,nova_actions',
    );
    expect(csv.filter((l) => l !== '')).toHaveLength(9);
    expect(csv.find((l) => l.startsWith('dumps/cmp-01/instance-lun.xml'))).toMatch(
      /,cmp-01,instance-00000051,[0-9a-f-]{36},true,false,true,running,nova,false,1,0,0,1,0,alias-required:1,disk:1,hard-reboot:1$/,
    );
    const md = await readFile(path.join(cwd, 'out/a.md'), 'utf8');
    expect(md).toContain('**50.0% ready**: 4 of 8 domains on 4 hosts (4 not ready)');
    expect(md).toContain(
      '[alias-required](https://github.com/virt-alias/virt-alias/blob/main/docs/rules/alias-required.md)',
    );
    const html = await readFile(path.join(cwd, 'out/a.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<(?:script|link|img)[^>]+(?:src|href)=/u);
  });

  it('exit 0 when every domain is ready; standard input has no host', async () => {
    const cwd = await tempTree({}, { isolate: false });
    const r = await run(['audit', '-f', 'json', '-'], { cwd, stdin: fixture('nova/migrated-clean.xml') });
    expect(r.code).toBe(0);
    const report = parse(r.stdout);
    expect(report.domains.map((d) => [d.file, d.host, d.ready])).toEqual([['<stdin>', '-', true]]);
    expect(report.summary.readyPercent).toBe(100);
  });

  it('usage errors exit 2: a pattern without one capture group, no path, an unknown format', async () => {
    const cwd = await fleet();
    const pattern = await run(['audit', '--host-pattern', 'dumps/[^/]+/', 'dumps'], { cwd });
    expect(pattern.code).toBe(2);
    expect(pattern.stderr).toContain('--host-pattern "dumps/[^/]+/" has 0 capture groups');
    expect((await run(['audit'], { cwd })).stderr).toContain('no path given');
    expect((await run(['audit', '-f', 'stylish', 'dumps'], { cwd })).code).toBe(2);
    expect((await run(['audit', '-f', 'json', '-f', 'csv', 'dumps'], { cwd })).stderr).toContain(
      'only one format can write to standard output, not json and csv',
    );
  });

  it('the built command runs the same (config cascade and presets as lint)', async () => {
    const cwd = await fleet();
    const r = await runBin(['audit', '--preset', 'strict', '--format', 'json', 'dumps/cmp-03'], cwd);
    expect(r.code).toBe(1);
    const report = parse(r.stdout);
    expect(report.preset).toBe('strict');
    expect(report.domains.map((d) => [d.host, d.preset])).toEqual([['-', 'strict']]);
  });
});

describe('virt-alias audit --format json', () => {
  it('is valid against the published schema, docs/audit-report.schema.json', async () => {
    const schema = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../../docs/audit-report.schema.json', import.meta.url)), 'utf8'),
    ) as Record<string, unknown>;
    const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(schema);
    const cwd = await fleet();
    const r = await run(['audit', '-f', 'json', 'dumps'], { cwd });
    const report = JSON.parse(r.stdout) as unknown;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report).toMatchObject({ $schema: schema.$id, reportVersion: 2 });
  });
});

describe('virt-alias audit --format html', () => {
  it('is the same page whatever was rendered before it in the process', async () => {
    const cwd = await fleet();
    const first = await run(['audit', '-f', 'html', 'dumps'], { cwd });
    const second = await run(['audit', '-f', 'html', 'dumps'], { cwd });
    expect(second.stdout).toBe(first.stdout);
    expect(first.stdout).toContain('ecmeta_series_index');
  });
});
