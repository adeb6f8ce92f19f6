/**
 * End to end: spawns the BUILT bin (`pnpm build` first; the root `test` script does) on real
 * files, as a user or CI job would.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allRules } from '@virt-alias/rules';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BAD_XML,
  CLEAN_XML,
  DOCTYPE_XML,
  MALFORMED_XML,
  NETWORK_XML,
  onlyAliasCharset,
  tempTree,
  BIN,
  runBin,
  type RunResult,
} from './helpers.js';

const DIST_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
/** A timeout that only catches a hang: no test here may pass or fail by the machine's speed. */
const HANG_GUARD = 120_000;

/** A domain of `count` disks whose aliases all break alias-charset (`ua-disk.N`). */
function badAliases(count: number): string {
  const disks = Array.from(
    { length: count },
    (_, i) => `    <disk type='file' device='disk'><target dev='vd${i}'/><alias name='ua-disk.${i}'/></disk>`,
  );
  return `<domain type='kvm'>\n  <name>many</name>\n  <devices>\n${disks.join('\n')}\n  </devices>\n</domain>\n`;
}

const noStack = (r: RunResult) => {
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).not.toMatch(/\n\s+at /);
};

let cwd: string;

beforeAll(async () => {
  if (!existsSync(DIST_MAIN)) throw new Error(`${DIST_MAIN} is missing: run \`pnpm build\` first`);
  cwd = await tempTree({
    'clean.xml': CLEAN_XML,
    'bad.xml': BAD_XML,
    'malformed.xml': MALFORMED_XML,
    'doctype.xml': DOCTYPE_XML,
    'network.xml': NETWORK_XML,
    'warn.json': JSON.stringify(onlyAliasCharset('warn')),
    'unknown-rule.json': JSON.stringify({ rules: { 'no-such-rule': 'error' } }),
    'bad-option.json': JSON.stringify({ rules: { 'alias-charset': ['error', { bogus: 1 }] } }),
    'syntax.json': '{\n  "rules": {\n    "alias-charset": "error",\n  }\n}\n',
  });
  await symlink(path.join(cwd, 'deleted.xml'), path.join(cwd, 'dangling.xml'));
});

describe('virt-alias (built bin)', () => {
  it('a clean file: exit 0, empty stdout', async () => {
    expect(await runBin(['lint', 'clean.xml'], cwd)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('a finding: exit 1 with line:column', async () => {
    const r = await runBin(['lint', 'bad.xml'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^\nbad\.xml \(preset recommended\)\n {2}7:14 {2}error {2}Alias "ua-disk\.0" .* {2}alias-charset\n\n✖ 1 problem \(1 error, 0 warnings\)\n {2}1 problem fixable with `virt-alias fix`\n$/,
    );
    expect(r.stderr).toBe('');
  });

  it('a malformed file: exit 1 with line and column, no stack trace', async () => {
    const r = await runBin(['lint', 'malformed.xml'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/malformed\.xml\n {2}2:\d+ {2}error {2}\S/);
    noStack(r);
  });

  it('a DOCTYPE: exit 1', async () => {
    const r = await runBin(['lint', 'doctype.xml'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/doctype\.xml\n {2}1:\d+ {2}error {2}DOCTYPE/);
    noStack(r);
  });

  it('network XML: skipped with a notice, exit 0', async () => {
    expect(await runBin(['lint', 'network.xml'], cwd)).toEqual({
      code: 0,
      stdout: '',
      stderr: 'virt-alias: network.xml: skipped: root element is <network>, not <domain>\n',
    });
  });

  it('a nonexistent path: exit 2, the other files still reported', async () => {
    const r = await runBin(['lint', 'nope.xml', 'bad.xml'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('virt-alias: nope.xml: no such file or directory\n');
    expect(r.stdout).toContain('bad.xml (preset recommended)\n  7:14');
  });

  it('an unreadable file (dangling symlink): exit 2 with path and reason, others still reported', async () => {
    const r = await runBin(['lint', 'dangling.xml', 'bad.xml'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('virt-alias: dangling.xml: cannot read: broken symbolic link (ENOENT)\n');
    expect(r.stdout).toContain('bad.xml (preset recommended)\n  7:14');
    noStack(r);
  });

  it.each([
    ['unknown-rule.json', 'unknown-rule.json:1:11: /rules/no-such-rule: unknown rule "no-such-rule"'],
    ['bad-option.json', 'bad-option.json:1:37: /rules/alias-charset/1/bogus: unknown property "bogus"'],
    ['syntax.json', 'syntax.json:4:3: invalid JSON: a double-quoted property name expected'],
    ['missing.json', 'missing.json: cannot read config file: no such file or directory'],
  ])('a bad config (%s): exit 2 with path and reason', async (config, expected) => {
    const r = await runBin(['lint', '--config', config, 'bad.xml'], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(expected);
    noStack(r);
  });

  it('a bad discovered config: exit 2', async () => {
    const dir = await tempTree({ 'bad.xml': BAD_XML, 'virt-alias.config.json': '{"preset": "lax"}' });
    const r = await runBin(['lint', 'bad.xml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'virt-alias.config.json:1:12: /preset: must be one of "nova", "recommended", "strict"',
    );
  });

  it('stdin: -', async () => {
    const r = await runBin(['lint', '-'], cwd, BAD_XML);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('<stdin> (preset recommended)\n  7:14  error');
    expect(await runBin(['lint', '-'], cwd, CLEAN_XML)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--format json: the ESLint shape', async () => {
    const r = await runBin(['lint', '--format', 'json', 'bad.xml', 'clean.xml', 'malformed.xml'], cwd);
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(results).toHaveLength(3);
    for (const result of results) {
      // ESLint's keys first; then what virt-alias adds: the domain, the preset that judged it.
      const keys = Object.keys(result);
      for (const extra of keys.slice(9)) expect(['domain', 'preset', 'liveDump']).toContain(extra);
      expect(keys.slice(0, 9)).toEqual([
        'filePath',
        'messages',
        'suppressedMessages',
        'errorCount',
        'fatalErrorCount',
        'warningCount',
        'fixableErrorCount',
        'fixableWarningCount',
        'usedDeprecatedRules',
      ]);
      expect(path.isAbsolute(result.filePath as string)).toBe(true);
    }
    expect(results[0]).toMatchObject({
      filePath: path.join(cwd, 'bad.xml'),
      messages: [{ ruleId: 'alias-charset', severity: 2, line: 7, column: 14, endLine: 7 }],
      errorCount: 1,
      warningCount: 0,
    });
    expect(results[1]).toMatchObject({ messages: [], errorCount: 0 });
    expect(results[2]).toMatchObject({
      messages: [{ ruleId: null, severity: 2, fatal: true, line: 2 }],
      fatalErrorCount: 1,
    });
  });

  it('--max-warnings', async () => {
    const args = ['lint', '--config', 'warn.json', 'bad.xml'];
    const ok = await runBin(args, cwd);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('7:14  warning');
    const over = await runBin([...args, '--max-warnings', '0'], cwd);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('too many warnings: 1 found, at most 0 allowed');
  });

  it('a usage error: exit 2, a hint, no stack', async () => {
    const r = await runBin(['lint'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `virt-alias: no path given: name files, directories, globs, or - for standard input\nRun 'virt-alias lint --help' for usage.\n`,
    );
  });

  it('--version and --help', async () => {
    expect((await runBin(['--version'], cwd)).stdout).toMatch(/^\d+\.\d+\.\d+/);
    const help = await runBin(['lint', '--help'], cwd);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--max-warnings');
  });

  it('rules: every rule, exit 0', async () => {
    const text = await runBin(['rules'], cwd);
    expect(text.code).toBe(0);
    for (const rule of allRules) expect(text.stdout).toContain(rule.id);
    const json = await runBin(['rules', '--format', 'json'], cwd);
    expect((JSON.parse(json.stdout) as { id: string }[]).map((r) => r.id)).toEqual(allRules.map((r) => r.id));
  });

  it('a directory, recursively', async () => {
    const dir = await tempTree({
      'vms/a/one.xml': BAD_XML,
      'vms/two.xml': CLEAN_XML,
      'vms/three.xml': BAD_XML,
    });
    await writeFile(path.join(dir, 'vms/readme.md'), '# not xml');
    const r = await runBin(['lint', 'vms'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${path.join('vms', 'a', 'one.xml')} (preset recommended)\n`);
    expect(r.stdout).toContain(`${path.join('vms', 'three.xml')} (preset recommended)\n`);
    expect(r.stdout.indexOf('one.xml')).toBeLessThan(r.stdout.indexOf('three.xml'));
    expect(r.stdout).toContain('2 problems (2 errors, 0 warnings)');
  });

  // Behaviour, not speed. The report (about 1.5 MB) must outgrow what the pipe between the two
  // processes holds (a socket pair: a few hundred KiB), so that the CLI is still writing when the
  // reader goes away: a few files with many findings each. The explicit timeout is only a guard
  // against a hang, far above what any machine needs; it is not what passes or fails the test.
  it(
    'a reader that goes away early: the run ends quietly, no stack trace',
    async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 30; i++) files[`vms/f${i}.xml`] = badAliases(300);
      const dir = await tempTree(files);
      const { code, signal, stderr, firstChunk } = await new Promise<{
        code: number | null;
        signal: NodeJS.Signals | null;
        stderr: string;
        firstChunk: string;
      }>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, 'lint', 'vms'], {
          cwd: dir,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let err = '';
        let first = '';
        child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
        child.stdout.setEncoding('utf8').once('data', (s: string) => {
          first = s;
          child.stdout.destroy();
        });
        child.on('error', reject);
        child.on('close', (exitCode, exitSignal) => {
          resolve({ code: exitCode, signal: exitSignal, stderr: err, firstChunk: first });
        });
      });
      // The reader really left before the end: the summary line never reached it.
      expect(firstChunk).toContain('alias-charset');
      expect(firstChunk).not.toMatch(/\d+ problems/);
      expect(stderr).toBe('');
      expect(signal).toBeNull();
      expect([0, 1]).toContain(code);
    },
    HANG_GUARD,
  );
});
