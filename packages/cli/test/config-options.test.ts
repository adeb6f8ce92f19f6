/**
 * ESLint's habits on the command line, through the bin: --print-config, --debug,
 * --no-inline-config, --ignore-pattern, --no-error-on-unmatched-pattern, and `virt-alias init`.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { schemaReference, SHIPPED_SCHEMA } from '../src/init-command.js';
import { BAD_XML, CLEAN_XML, domainXml, runBin, tempTree } from './helpers.js';

/** BAD_XML with its alias-charset error (7:14) suppressed by a directive on the same line. */
const SUPPRESSED_XML = BAD_XML.replace(
  "<alias name='ua-disk.0'/>",
  "<alias name='ua-disk.0'/> <!-- virt-alias-disable-line alias-charset - kept for the old tool -->",
);

/** A project below tempTree's isolating config: `p/` with `files`, returned as its path. */
async function project(files: Readonly<Record<string, string>>): Promise<string> {
  const root = await tempTree(Object.fromEntries(Object.entries(files).map(([k, v]) => [`p/${k}`, v])));
  return path.join(root, 'p');
}

interface PrintedConfig {
  file: string;
  configFiles: string[];
  ignored?: string;
  preset?: string;
  noInlineConfig?: true;
  rules?: Record<string, [string, Record<string, unknown>]>;
}

describe('--print-config FILE', () => {
  const files = {
    'virt-alias.config.yaml': [
      'root: true',
      'extends: nova',
      'rules:',
      '  alias-charset: warn',
      'overrides:',
      '  - files: ["live/**"]',
      '    rules:',
      '      alias-unique: off',
      'ignores: ["archive/"]',
      '',
    ].join('\n'),
    'live/virt-alias.config.jsonc': '{ /* nearer */ "rules": { "alias-user-prefix": "warn" } }',
  };

  it('prints the config files and the resolved config of that file as JSON, exit 0', async () => {
    const cwd = await project(files);
    const r = await runBin(['lint', '--print-config', 'live/vm.xml', '--rule', 'identifier-unique=off'], cwd);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as PrintedConfig;
    expect(printed).toMatchObject({
      file: path.join('live', 'vm.xml'),
      configFiles: ['virt-alias.config.yaml', path.join('live', 'virt-alias.config.jsonc')],
      preset: 'nova',
    });
    expect(printed.rules!['alias-charset']).toEqual(['warn', {}]);
    expect(printed.rules!['alias-user-prefix']?.[0]).toBe('warn');
    // Off rules are left out: the override and --rule turned these off.
    expect(printed.rules).not.toHaveProperty('alias-unique');
    expect(printed.rules).not.toHaveProperty('identifier-unique');
    expect(printed.rules!['alias-required']?.[1]).toHaveProperty('devices');
  });

  it('for fix and audit too, with --no-inline-config shown; an ignored file says so', async () => {
    const cwd = await project(files);
    const fix = await runBin(['fix', '--no-inline-config', '--print-config', 'vm.xml'], cwd);
    expect(fix.code).toBe(0);
    expect(JSON.parse(fix.stdout)).toMatchObject({ preset: 'nova', noInlineConfig: true });
    const audit = await runBin(['audit', '--print-config', 'archive/old.xml'], cwd);
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.stdout)).toEqual({
      file: path.join('archive', 'old.xml'),
      configFiles: ['virt-alias.config.yaml'],
      ignored: 'matches "ignores" of virt-alias.config.yaml',
    });
  });

  it('a broken config: its problems, exit 2, nothing on stdout', async () => {
    const cwd = await project({ 'virt-alias.config.yaml': 'preset: lax\n' });
    expect(await runBin(['lint', '--print-config', 'vm.xml'], cwd)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'virt-alias.config.yaml:1:9: /preset: must be one of "nova", "recommended", "strict"\n',
    });
  });
});

describe('--debug', () => {
  it('says on stderr what is read, which config applies to which file, the preset and timings; stdout unchanged', async () => {
    const cwd = await project({
      'virt-alias.config.json': '{ "root": true, "rules": { "alias-charset": "warn" } }',
      'vms/bad.xml': BAD_XML,
    });
    const plain = await runBin(['lint', 'vms'], cwd);
    const debug = await runBin(['lint', '--debug', 'vms'], cwd);
    expect(debug.code).toBe(plain.code);
    expect(debug.stdout).toBe(plain.stdout);
    expect(plain.stderr).toBe('');
    const lines = debug.stderr.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^virt-alias: debug: \[\d+ ms\] /);
    const text = lines.map((l) => l.replace(/^virt-alias: debug: \[\d+ ms\] /, '')).join('\n');
    expect(text).toMatch(/^read config file virt-alias\.config\.json: valid \(\d+\.\d ms\)$/m);
    expect(text).toContain(
      `${path.join('vms', 'bad.xml')}: config files: virt-alias.config.json; preset recommended, `,
    );
    expect(text).toMatch(/^1 file\(s\) to process, 1 distinct config\(s\), prepared in \d+\.\d ms$/m);
    expect(lines.at(-1)).toMatch(/lint: exit 0$/);
  });
});

describe('--no-inline-config', () => {
  it('lint: the virt-alias-disable comments suppress nothing', async () => {
    const cwd = await tempTree({ 'vm.xml': SUPPRESSED_XML });
    expect(await runBin(['lint', 'vm.xml'], cwd)).toMatchObject({ code: 0, stdout: '' });
    const r = await runBin(['lint', '--no-inline-config', 'vm.xml'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ {2}7:14 {2}error .* alias-charset\n/);
  });

  it('no directive is reported either: not as unused, not for an unknown rule', async () => {
    const unused = CLEAN_XML.replace('<devices>', '<devices> <!-- virt-alias-disable-line no-such-rule -->');
    const cwd = await tempTree({ 'vm.xml': unused });
    const obeyed = await runBin(['lint', '--report-unused-disable-directives', 'vm.xml'], cwd);
    expect(obeyed.code).toBe(1);
    expect(obeyed.stdout).toContain('no-such-rule');
    const ignored = await runBin(
      ['lint', '--report-unused-disable-directives', '--no-inline-config', 'vm.xml'],
      cwd,
    );
    expect(ignored).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('fix: the finding a directive kept from being fixed is fixed', async () => {
    const cwd = await tempTree({ 'vm.xml': SUPPRESSED_XML });
    expect((await runBin(['fix', '--check', 'vm.xml'], cwd)).code).toBe(0);
    const r = await runBin(['fix', '--no-inline-config', '--write', 'vm.xml'], cwd);
    expect(r.code).toBe(0);
    expect(await readFile(path.join(cwd, 'vm.xml'), 'utf8')).not.toContain("'ua-disk.0'");
  });
});

describe('--ignore-pattern', () => {
  const files = { 'vms/a.xml': BAD_XML, 'vms/archive/old.xml': BAD_XML, 'vms/b.orig.xml': BAD_XML };

  it('is repeatable, relative to the working directory, and joins the config files\' "ignores"', async () => {
    const cwd = await tempTree(files);
    const all = await runBin(['lint', 'vms'], cwd);
    expect(all.stdout.match(/alias-charset/g)).toHaveLength(3);
    const r = await runBin(
      ['lint', '--ignore-pattern', 'vms/archive/', '--ignore-pattern', '**/*.orig.xml', 'vms'],
      cwd,
    );
    expect(r.code).toBe(1);
    expect(r.stdout.match(/alias-charset/g)).toHaveLength(1);
    expect(r.stdout).toContain(path.join('vms', 'a.xml'));
    expect(r.stderr).toBe('');
  });

  it('a file named on the command line and ignored: a notice; fix and audit skip it too', async () => {
    const cwd = await tempTree(files);
    const lint = await runBin(
      ['lint', '--ignore-pattern', 'vms/archive', 'vms/archive/old.xml', 'vms/a.xml'],
      cwd,
    );
    expect(lint.code).toBe(1);
    expect(lint.stderr).toBe(
      `virt-alias: ${path.join('vms', 'archive', 'old.xml')}: ignored: matches --ignore-pattern\n`,
    );
    const fix = await runBin(
      ['fix', '--ignore-pattern', 'vms/a.xml', '--ignore-pattern', 'vms/b*', 'vms'],
      cwd,
    );
    expect(fix.code).toBe(0);
    expect(fix.stdout).toContain(path.join('vms', 'archive', 'old.xml'));
    expect(fix.stdout).not.toContain(path.join('vms', 'a.xml'));
    const audit = await runBin(['audit', '-f', 'json', '--ignore-pattern', 'vms/archive/', 'vms'], cwd);
    expect(audit.code).toBe(1);
    const report = JSON.parse(audit.stdout) as { domains: { file: string }[] };
    expect(report.domains.map((d) => d.file).sort()).toEqual([
      path.join('vms', 'a.xml'),
      path.join('vms', 'b.orig.xml'),
    ]);
  });

  it('a directory all of whose files are ignored: exit 2, unless --no-error-on-unmatched-pattern', async () => {
    const cwd = await tempTree(files);
    const strict = await runBin(
      ['lint', '--ignore-pattern', 'vms/archive/', 'vms/archive', 'vms/a.xml'],
      cwd,
    );
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain(
      `virt-alias: ${path.join('vms', 'archive')}: no domain XML in this directory`,
    );
    const lenient = await runBin(
      [
        'lint',
        '--no-error-on-unmatched-pattern',
        '--ignore-pattern',
        'vms/archive/',
        'vms/archive',
        'vms/a.xml',
      ],
      cwd,
    );
    expect(lenient.code).toBe(1);
    expect(lenient.stderr).toBe('');
  });
});

describe('--no-error-on-unmatched-pattern', () => {
  it.each(['lint', 'fix'])(
    '%s: a glob matching nothing is exit 2 by default, a notice with it',
    async (command) => {
      const cwd = await tempTree({ 'vm.xml': CLEAN_XML });
      const strict = await runBin([command, 'nothing/*.xml', 'vm.xml'], cwd);
      expect(strict.code).toBe(2);
      expect(strict.stderr).toContain('virt-alias: nothing/*.xml: no files match this pattern');
      const lenient = await runBin(
        [command, '--no-error-on-unmatched-pattern', 'nothing/*.xml', 'vm.xml'],
        cwd,
      );
      expect(lenient.code).toBe(0);
      // A notice, not an error (fix then prints its summary).
      expect(lenient.stderr).toMatch(/^virt-alias: nothing\/\*\.xml: no files match this pattern\n/);
    },
  );
});

describe('virt-alias init', () => {
  it('writes a starter config that virt-alias reads and whose $schema resolves, exit 0', async () => {
    const cwd = await tempTree({ 'vm.xml': domainXml('ua-disk0') }, { isolate: false });
    const r = await runBin(['init'], cwd);
    expect(r).toEqual({
      code: 0,
      stdout: '',
      stderr: 'virt-alias: init: wrote virt-alias.config.json (extends recommended)\n',
    });
    const config = JSON.parse(await readFile(path.join(cwd, 'virt-alias.config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(typeof config.$schema).toBe('string');
    expect(config).toEqual({
      $schema: config.$schema,
      root: true,
      extends: 'recommended',
      rules: {},
      ignores: [],
    });
    const schema = fileURLToPath(config.$schema as string);
    expect(existsSync(schema)).toBe(true);
    expect(JSON.parse(await readFile(schema, 'utf8'))).toHaveProperty('properties.rules');
    expect(await runBin(['lint', 'vm.xml'], cwd)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('refuses to overwrite one (exit 2, a clear message) unless --force; --preset picks the preset', async () => {
    const cwd = await tempTree({ 'virt-alias.config.json': '{"root": true}' }, { isolate: false });
    expect(await runBin(['init'], cwd)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'virt-alias: init: virt-alias.config.json: already exists (overwrite it with --force)\n',
    });
    expect(await readFile(path.join(cwd, 'virt-alias.config.json'), 'utf8')).toBe('{"root": true}');
    expect((await runBin(['init', '--force', '--preset', 'nova'], cwd)).code).toBe(0);
    expect(JSON.parse(await readFile(path.join(cwd, 'virt-alias.config.json'), 'utf8'))).toMatchObject({
      extends: 'nova',
    });
  });

  it('refuses, even with --force, when a config file of another name is there', async () => {
    const cwd = await tempTree({ 'virt-alias.config.yaml': 'root: true\n' }, { isolate: false });
    const r = await runBin(['init', '--force'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'virt-alias: init: virt-alias.config.yaml already exists here; a directory holds one config file: edit it, or remove it first\n',
    );
    expect(existsSync(path.join(cwd, 'virt-alias.config.json'))).toBe(false);
  });

  it("$schema: relative to the project for its own install, else a file: URL of the running virt-alias's copy", async () => {
    expect(schemaReference('/srv/p', '/srv/p/node_modules/virt-alias/config.schema.json')).toBe(
      './node_modules/virt-alias/config.schema.json',
    );
    expect(schemaReference('/srv/p', '/usr/lib/node_modules/virt-alias/config.schema.json')).toBe(
      'file:///usr/lib/node_modules/virt-alias/config.schema.json',
    );
    expect(existsSync(SHIPPED_SCHEMA)).toBe(true);
    const dir = await tempTree({}, { isolate: false });
    await writeFile(path.join(dir, 'x'), '');
    expect(schemaReference(dir)).toMatch(/^file:\/\/.*\/config\.schema\.json$/);
  });
});
