/**
 * `virt-alias apply` in-process through `main()`: what it refuses before it talks to libvirt,
 * usage and connection errors, journals it cannot resume from, the dry run and the question on a
 * terminal. libvirt is the real virsh on its test driver (test:///default: in-process, no daemon,
 * one running domain `test`). What happens on a real libvirtd is in packages/apply/test.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { probeProgram, requireTools } from '@virt-alias/rules/testing';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { run, spawnBin, tempTree, type RunResult } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const fixture = (rel: string): string => readFileSync(path.join(FIXTURES, rel), 'utf8');
const TEST_URI = 'test:///default';
const version = await probeProgram('virsh', ['--version']);

/** The test driver's `test` domain, as `virsh dumpxml --inactive` gives it, and fixed. */
const DUMP = version
  ? ((await probeProgram('virsh', ['-c', TEST_URI, 'dumpxml', '--inactive', 'test'])) ?? '')
  : '';

const apply = (args: readonly string[], cwd: string): Promise<RunResult> =>
  run(['apply', '--no-config', '--connect', TEST_URI, ...args], { cwd });

/** `apply` with a terminal on standard input that answers `answer`. */
async function applyOnTerminal(args: readonly string[], cwd: string, answer: string): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const stdin = Object.assign(Readable.from([Buffer.from(answer)]), { isTTY: true });
  const code = await main(['apply', '--no-config', '--connect', TEST_URI, ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin,
    cwd,
    env: {},
    isTTY: false,
  });
  return { code, stdout, stderr };
}

/** `fix --write` of these files (default: test.xml): what apply takes. */
async function fixedDump(cwd: string, ...files: string[]): Promise<void> {
  const r = await run(['fix', '--no-config', '--write', ...(files.length > 0 ? files : ['test.xml'])], {
    cwd,
  });
  expect(r.code, r.stderr).toBe(0);
}

requireTools(
  'the apply command tests',
  { virsh: version },
  'install the Debian/Ubuntu package libvirt-clients',
);

describe('apply: usage errors (exit 2, nothing done)', () => {
  it.each([
    [[], /^virt-alias: no path given/],
    [['-'], /^virt-alias: - \(standard input\) cannot be applied/],
    [['--jobs', '0', 'x.xml'], /^virt-alias: --jobs must be a whole number, 1 or more/],
    [['--timeout', '0', 'x.xml'], /^virt-alias: --timeout must be a number of seconds above 0/],
    // Past 2^31 - 1 ms a Node timer fires at once (with a warning): every virsh call was killed.
    [['--timeout', '3000000', 'x.xml'], /^virt-alias: --timeout must be at most 2147483 seconds \(24 days\)/],
    [['--dry-run', '--yes', 'x.xml'], /^virt-alias: --dry-run and --yes cannot be used together/],
  ])('%j', async (args, message) => {
    const cwd = await tempTree({}, { isolate: false });
    const r = await apply(args, cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Run 'virt-alias apply --help' for usage\.\n$/);
  });
});

describe.skipIf(!version)('apply on the test driver', () => {
  it('refuses what does not parse, live dumps, files with errors left, non-domains, two files for one domain', async () => {
    const cwd = await tempTree(
      {
        'live.xml': fixture('live/nova-running-q35.xml'),
        'broken.xml': fixture('malformed/mismatched-tag.xml'),
        'unfixed.xml': fixture('fix/invalid-names/input.xml'),
        'network.xml': fixture('other/network-default.xml'),
        'one/test.xml': DUMP,
        'two/test.xml': DUMP,
      },
      { isolate: false },
    );
    await fixedDump(cwd, 'one/test.xml', 'two/test.xml');
    const r = await apply(['.'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const refused = (file: string): string =>
      r.stderr
        .split('\n')
        .find((l) => l.startsWith(`virt-alias: ${file}: refused, nothing defined from it: `)) ?? '';
    expect(refused('live.xml')).toMatch(/a live dump is not fixed/);
    expect(refused('broken.xml')).toMatch(/it does not parse$/);
    expect(r.stderr).toMatch(/^ {4}broken\.xml:\d+:\d+: /m);
    expect(refused('unfixed.xml')).toMatch(
      /\d+ error finding\(s\) under the recommended preset: run virt-alias fix first/,
    );
    expect(r.stderr).toMatch(/^ {4}unfixed\.xml:12:14: .*\[alias-charset\]$/m);
    expect(refused('network.xml')).toMatch(/not a libvirt domain \(root element is <network>/);
    expect(refused('one/test.xml')).toMatch(/2 files are for this domain: one\/test\.xml, two\/test\.xml/);
    expect(refused('two/test.xml')).not.toBe('');
    expect(r.stderr).toMatch(/0 domain\(s\) on test:\/\/\/default: none; 6 file\(s\) refused/);
  });

  it('a URI libvirt cannot connect to: exit 2, libvirt error verbatim', async () => {
    const cwd = await tempTree({ 'test.xml': DUMP }, { isolate: false });
    await fixedDump(cwd);
    const r = await run(['apply', '--no-config', '--connect', 'nosuchdriver:///', 'test.xml'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^virt-alias: cannot talk to libvirt at nosuchdriver:\/\/\/:\nerror: failed to connect to the hypervisor/m,
    );
  });

  it('dry run by default without a terminal: the alias changes against the stored definition, a note for a running guest', async () => {
    const cwd = await tempTree({ 'test.xml': DUMP }, { isolate: false });
    await fixedDump(cwd);
    const r = await apply(['test.xml'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^test \(6695eb01-f6a4-8304-79aa-97f2502e193f\) test\.xml: would be defined, 1 alias change\n {4}interface:aa:bb:cc:dd:ee:ff {2}\(none\) -> ua-net-aabbccddeeff\n {2}note: running: the new definition takes effect at its next cold boot/,
    );
    expect(r.stderr).toMatch(
      /virt-alias apply \(dry run, nothing changed\): 1 domain\(s\) on test:\/\/\/default: 1 would be defined\n/,
    );
    expect(await readdir(cwd)).toEqual(['test.xml']);
  });

  it('a file for a domain libvirt does not know is skipped without --allow-new', async () => {
    const other = DUMP.replace('<name>test</name>', '<name>other</name>').replace(
      '6695eb01-f6a4-8304-79aa-97f2502e193f',
      '6695eb01-f6a4-8304-79aa-97f2502e1940',
    );
    const renamed = DUMP.replace('<name>test</name>', '<name>renamed</name>');
    const cwd = await tempTree({ 'other.xml': other, 'renamed.xml': renamed }, { isolate: false });
    await fixedDump(cwd, 'other.xml', 'renamed.xml');
    const r = await apply(['--dry-run', '.'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^other .*: skipped: no domain 'other' on test:\/\/\/default: .* only with --allow-new$/m,
    );
    expect(r.stdout).toMatch(
      /^renamed .*: skipped: uuid 6695eb01-f6a4-8304-79aa-97f2502e193f is the domain 'test' on test:\/\/\/default, but the file names it 'renamed': apply does not rename domains$/m,
    );
    const allowed = await apply(['--dry-run', '--allow-new', 'other.xml'], cwd);
    expect(allowed.stdout).toMatch(/^other .*: would be defined as a new domain, 1 alias change$/m);
  });

  it('on a terminal without --yes: the plan, then one question; anything but y changes nothing (exit 1)', async () => {
    const cwd = await tempTree({ 'test.xml': DUMP }, { isolate: false });
    await fixedDump(cwd);
    const r = await applyOnTerminal(['test.xml'], cwd, 'n\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/: would be defined, 1 alias change/);
    expect(r.stderr).toMatch(
      /Define 1 domain\(s\) on test:\/\/\/default, keeping backups under virt-alias-backup\/\? \[y\/N\] /,
    );
    expect(r.stderr).toMatch(/virt-alias apply: declined; nothing was changed\n$/);
    expect(await readdir(cwd)).toEqual(['test.xml']);
    const eof = await applyOnTerminal(['test.xml'], cwd, '');
    expect(eof.code).toBe(1);
  });

  it('a journal that cannot be written stops the run before any domain: exit 2', async () => {
    // A journal already at the file-size limit (`ulimit -f`, as a full disk): its first line fails.
    const cwd = await tempTree({ 'test.xml': DUMP, 'j.jsonl': `${'x'.repeat(1023)}\n` }, { isolate: false });
    await fixedDump(cwd);
    const r = await spawnBin(
      ['apply', '--no-config', '--connect', TEST_URI, '--yes', '--journal', 'j.jsonl', 'test.xml'],
      { cwd, fileSizeKiB: 1 },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^virt-alias: j\.jsonl: cannot write the journal: EFBIG: file too large/m);
    expect(r.stdout).toBe('');
    expect((await readdir(cwd)).sort()).toEqual(['j.jsonl', 'test.xml']);
  });

  it.each([[[]], [['--backup-dir', 'keep/bk']]])(
    'the backups of an earlier run, under --backup-dir (%j), are not files to apply: a second run of . ignores them',
    async (more) => {
      const cwd = await tempTree({ 'test.xml': DUMP }, { isolate: false });
      await fixedDump(cwd);
      // The test driver forgets each define, so this run rolls back: its backup is kept all the same.
      const first = await apply(['--yes', ...more, '.'], cwd);
      expect(first.stdout).toMatch(/\n {2}backup: /);
      const r = await apply([...more, '.'], cwd);
      expect(r.stderr).not.toContain('refused');
      expect(r.stderr).toContain(
        `virt-alias: 1 file(s) under ${more[1] ?? 'virt-alias-backup'} left out: backups of earlier runs are not applied`,
      );
      expect(r.stdout).toMatch(/^test \(6695eb01-[^)]*\) test\.xml: would be defined/);
    },
  );

  it('a journal that is one of the files to apply is refused before any domain: never appended to it', async () => {
    const cwd = await tempTree({ 'test.xml': DUMP }, { isolate: false });
    await fixedDump(cwd);
    const before = await readFile(path.join(cwd, 'test.xml'), 'utf8');
    for (const journal of [
      ['--journal', './test.xml'],
      ['--resume', 'test.xml'],
    ]) {
      const r = await apply(['--yes', ...journal, '.'], cwd);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toBe(
        `virt-alias: ${journal[1]!}: cannot be the journal: it is one of the files to apply\n`,
      );
      expect(await readFile(path.join(cwd, 'test.xml'), 'utf8')).toBe(before);
    }
  });

  it('a journal that is not a regular file (/dev/full) is refused before any domain: exit 2', async () => {
    const cwd = await tempTree({ 'test.xml': DUMP }, { isolate: false });
    await fixedDump(cwd);
    const r = await apply(['--yes', '--journal', '/dev/full', 'test.xml'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'virt-alias: /dev/full: cannot open the journal: not a regular file: a character device\n',
    );
    expect(r.stdout).toBe('');
    expect(await readdir(cwd)).toEqual(['test.xml']);
  });

  it('--resume: a journal of another URI, or with a broken line before its last, is refused (exit 2)', async () => {
    const cwd = await tempTree({ 'test.xml': DUMP }, { isolate: false });
    await fixedDump(cwd);
    await writeFile(
      path.join(cwd, 'other.jsonl'),
      `${JSON.stringify({ event: 'run', uri: 'qemu:///system' })}\n`,
    );
    const other = await apply(['--yes', '--resume', 'other.jsonl', 'test.xml'], cwd);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(
      /^virt-alias: cannot resume: other\.jsonl journals a run on qemu:\/\/\/system, this run connects to test:\/\/\/default$/m,
    );
    await writeFile(path.join(cwd, 'broken.jsonl'), `{"event":"run"\n${JSON.stringify({ event: 'end' })}\n`);
    const broken = await apply(['--yes', '--resume', 'broken.jsonl', 'test.xml'], cwd);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(
      /^virt-alias: cannot resume: broken\.jsonl:1: not a journal line \(not JSON\)$/m,
    );
    const missing = await apply(['--yes', '--resume', 'none.jsonl', 'test.xml'], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^virt-alias: cannot resume: none\.jsonl: no such file or directory \(ENOENT\)$/m,
    );
  });
});
