import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintText, resolveConfig, type LintResult } from '@virt-alias/rules';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { AuditBuilder, auditResults, type AuditOptions } from './audit.js';
import { compileHostPattern, globRoot, HostPatternError, hostResolver } from './host.js';
import { MergeError, mergeReports, parseReport, type NamedReport } from './merge.js';
import { DEFAULT_SETTINGS, REPORT_VERSION, type AuditReport, type AuditSettings } from './report.js';
import { auditReportSchema } from './schema.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const config = resolveConfig();

/** Real lint results of fixture files, each placed on a host. */
function results(files: Readonly<Record<string, string>>): LintResult[] {
  return Object.entries(files).map(([shown, fixture]) =>
    lintText(readFileSync(path.join(FIXTURES, fixture), 'utf8'), config, { filePath: shown }),
  );
}

const FLEET = {
  'dumps/a/lun.xml': 'nova/lun-passthrough.xml',
  'dumps/a/clean.xml': 'nova/migrated-clean.xml',
  'dumps/a/old.xml': 'nova/pre-2024-no-aliases.xml',
  'dumps/b/live.xml': 'live/scsi-hostdev-i440fx.xml',
  'dumps/b/broken.xml': 'malformed/truncated.xml',
  'dumps/b/same-mac.xml': 'nova/same-mac.xml',
  'dumps/c/network.xml': 'other/network-default.xml',
};

const hostOf = (file: string): string => file.split('/')[1] ?? '-';
const options: AuditOptions = { version: '9.9.9', preset: null, hostOf };

describe('auditResults', () => {
  it('keeps one row per domain and counts as lint does', async () => {
    const lint = results(FLEET);
    const report = await auditResults(lint, options);
    const domains = lint.filter((r) => !r.skipped);
    expect(report.domains.map((d) => d.file)).toEqual(domains.map((r) => r.filePath).sort());
    expect(report.summary.errors).toBe(domains.reduce((n, r) => n + r.errorCount, 0));
    expect(report.summary.warnings).toBe(domains.reduce((n, r) => n + r.warningCount, 0));
    const s = report.summary;
    expect([s.domains, s.ready, s.notReady, s.hosts, s.unparsable, s.liveDumps]).toEqual([6, 2, 4, 2, 1, 1]);
    expect(s.readyPercent).toBe(33.3);
    // Equally ready (and as many not ready): by name.
    expect(s.byHost.map((h) => [h.host, h.domains, h.ready])).toEqual([
      ['a', 3, 1],
      ['b', 3, 1],
    ]);
  });

  it('classifies each finding: fix alone, a mapping, or a person; and what Nova does about it', async () => {
    const report = await auditResults(results(FLEET), options);
    const row = (file: string) => report.domains.find((d) => d.file === file)!;
    expect(row('dumps/a/lun.xml').findings.map((f) => [f.ruleId, f.action, f.nova, f.deviceKind])).toEqual([
      ['alias-required', 'mapping', 'hard-reboot', 'disk'],
    ]);
    expect(row('dumps/a/lun.xml').findings[0]?.reason).toContain('--mapping');
    expect(row('dumps/a/old.xml').findings.map((f) => [f.action, f.nova])).toEqual([
      ['fix', 'hard-reboot'],
      ['fix', 'hard-reboot'],
    ]);
    expect(row('dumps/b/live.xml').actions).toEqual({ fix: 0, mapping: 0, person: 4 });
    expect(row('dumps/b/live.xml').liveDump).toBe(true);
    expect(row('dumps/b/broken.xml')).toMatchObject({
      parsed: false,
      ready: false,
      name: null,
      preset: null,
    });
    expect(row('dumps/b/broken.xml').findings[0]).toMatchObject({ ruleId: 'parse-error', action: 'person' });
    expect(row('dumps/b/same-mac.xml')).toMatchObject({ ready: true, warningCount: 1, novaManaged: true });
    expect(report.summary.nova).toEqual({
      hardReboot: { domains: 2, disks: 3 },
      wrongDevice: { domains: 0, aliases: 0 },
    });
    expect(report.summary.byDeviceKind.find((k) => k.deviceKind === null)).toMatchObject({ errors: 2 });
  });

  it('gives the same summary whatever the order of the results', async () => {
    const lint = results(FLEET);
    const forward = await auditResults(lint, options);
    const backward = await auditResults([...lint].reverse(), options);
    expect(backward).toEqual(forward);
  });

  it('produces reports that the published schema accepts, and the schema rejects a broken one', async () => {
    const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(auditReportSchema);
    const report = await auditResults(results(FLEET), options);
    expect(validate(JSON.parse(JSON.stringify(report)))).toBe(true);
    const broken = JSON.parse(JSON.stringify(report)) as { domains: { ready: unknown }[] };
    broken.domains[0]!.ready = 'yes';
    expect(validate(broken)).toBe(false);
    expect(validate({ ...report, extra: 1 })).toBe(false);
  });
});

describe('mergeReports', () => {
  const byHost = async (host: string, opts = options): Promise<AuditReport> =>
    auditResults(
      results(Object.fromEntries(Object.entries(FLEET).filter(([f]) => hostOf(f) === host))),
      opts,
    );

  it('merging per-host reports equals auditing everything at once', async () => {
    const whole = await auditResults(results(FLEET), options);
    const merged = mergeReports(
      await Promise.all(['b', 'a', 'c'].map(async (h) => ({ name: `${h}.json`, report: await byHost(h) }))),
    );
    expect(merged).toEqual(whole);
  });

  it('refuses reports of other versions, presets, or one file twice', async () => {
    const a = { name: 'a.json', report: await byHost('a') };
    const other = { name: 'b.json', report: await byHost('b', { ...options, version: '1.0.0' }) };
    expect(() => mergeReports([a, other])).toThrow(
      new MergeError(
        'b.json was made by virt-alias 1.0.0, a.json by 9.9.9: reports of different versions are not merged; audit again with one version',
      ),
    );
    const strict = { name: 's.json', report: await byHost('b', { ...options, preset: 'strict' }) };
    expect(() => mergeReports([a, strict])).toThrow(
      /s\.json was made with --preset strict, a\.json with no --preset/,
    );
    expect(() => mergeReports([a, { ...a, name: 'again.json' }])).toThrow(
      /dumps\/a\/clean\.xml is in both a\.json and again\.json/,
    );
  });

  it('refuses reports whose settings differ: --rule, --schema, unused directives', async () => {
    const a = { name: 'a.json', report: await byHost('a') };
    const made = async (settings: Partial<AuditSettings>): Promise<NamedReport> => ({
      name: 'b.json',
      report: await byHost('b', { ...options, settings: { ...DEFAULT_SETTINGS, ...settings } }),
    });
    expect(mergeReports([a, await made({})]).settings).toEqual(DEFAULT_SETTINGS);
    const cases: [Partial<AuditSettings>, RegExp][] = [
      [
        { rules: ['alias-required=off'] },
        /^b\.json was made with --rule \["alias-required=off"\], a\.json with no --rule: reports of different settings are not merged; audit again with the same options$/,
      ],
      [{ schema: '/usr/share/libvirt/schemas' }, /with --schema "\/usr\/share\/libvirt\/schemas"/],
      [{ reportUnusedDisableDirectives: 'error' }, /--report-unused-disable-directives "error"/],
    ];
    for (const [settings, message] of cases) {
      const b = await made(settings);
      expect(() => mergeReports([a, b]), JSON.stringify(settings)).toThrow(message);
    }
  });

  it('parseReport checks the version before the shape, then the schema', async () => {
    const report = await byHost('a');
    expect(parseReport(JSON.stringify(report), 'r.json')).toEqual(report);
    expect(() => parseReport('{', 'r.json')).toThrow(/^r\.json: not JSON/);
    // A report saved by an editor that writes a byte order mark is still the report.
    expect(parseReport(`\uFEFF${JSON.stringify(report)}`, 'r.json')).toEqual(report);
    // Version 1 had no states and no settings: refused by its version, before its shape.
    expect(() => parseReport(JSON.stringify({ ...report, reportVersion: 1 }), 'r.json')).toThrow(
      `r.json: report version 1, this virt-alias reads version ${REPORT_VERSION}: audit again with this version`,
    );
    expect(REPORT_VERSION).toBe(2);
    expect(() => parseReport('[]', 'r.json')).toThrow(/not a virt-alias audit report/);
    expect(() => parseReport(JSON.stringify({ ...report, domains: 3 }), 'r.json')).toThrow(
      'r.json: not a valid audit report: /domains must be array',
    );
  });
});

describe('hosts', () => {
  it('is the first directory under the root that found the file', () => {
    const host = hostResolver({ roots: ['/d/dumps', '/d/other'] });
    expect(host('/d/dumps/cmp-1/vm.xml', '')).toBe('cmp-1');
    expect(host('/d/dumps/cmp-1/deeper/vm.xml', '')).toBe('cmp-1');
    expect(host('/d/dumps/vm.xml', '')).toBe('-');
    expect(host('/elsewhere/x/vm.xml', '')).toBe('-');
    expect(host('<stdin>', '<stdin>')).toBe('-');
  });

  it('takes a glob from its fixed directories', () => {
    expect(globRoot('dumps/*/*.xml')).toBe('dumps');
    expect(globRoot('dumps/**')).toBe('dumps');
    expect(globRoot('*.xml')).toBe('.');
    expect(globRoot('dumps/cmp-1')).toBe('dumps/cmp-1');
  });

  it('--host-pattern: one capture group on the shown path; none matched is -', () => {
    const host = hostResolver({ roots: [], pattern: compileHostPattern('^dumps/([^/]+)/') });
    expect(host('/abs/dumps/cmp-7/vm.xml', 'dumps/cmp-7/vm.xml')).toBe('cmp-7');
    expect(host('/abs/x.xml', 'x.xml')).toBe('-');
    expect(() => compileHostPattern('dumps/[^/]+/')).toThrow(
      new HostPatternError(
        '--host-pattern "dumps/[^/]+/" has 0 capture groups: it needs exactly one, the host name (use (?:...) for the others)',
      ),
    );
    expect(() => compileHostPattern('(a)(b)')).toThrow(/has 2 capture groups/);
    expect(() => compileHostPattern('(')).toThrow(/is not a regular expression/);
  });
});

describe('AuditBuilder', () => {
  it('keeps the worst ten domains, most errors first', () => {
    const builder = new AuditBuilder(options);
    const text = (n: number): string =>
      `<domain type='kvm'><name>d${n}</name><devices>${Array.from({ length: n }, (_, i) => `<interface type='network'><mac address='52:54:00:00:00:${String(i).padStart(2, '0')}'/></interface>`).join('')}</devices></domain>`;
    for (let n = 0; n < 15; n++) builder.add(lintText(text(n), config, { filePath: `h/d${n}.xml` }));
    const worst = builder.finish().summary.worstDomains;
    expect(worst.map((d) => d.name)).toEqual([
      'd14',
      'd13',
      'd12',
      'd11',
      'd10',
      'd9',
      'd8',
      'd7',
      'd6',
      'd5',
    ]);
  });
});
