/**
 * Directories and globs that yield nothing to lint, and directories that cannot be read, are
 * errors (exit 2) rather than a silent exit 0: a CI job pointed at the wrong path, or at a tree
 * it may not read, must fail. `--no-error-on-unmatched-pattern` (ESLint's flag) turns the first
 * kind back into notices.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { chmod, readdir } from 'node:fs/promises';
import path from 'node:path';
import { IN_CI } from '@virt-alias/rules/testing';
import { describe, expect, it } from 'vitest';
import { BAD_XML, NETWORK_XML, run, spawnBin, tempTree } from './helpers.js';

/** The file names stylish lists, in order. */
const listed = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith(' ') && !l.startsWith('\u2716'))
    .map((l) => l.replace(/ \(preset \w+\)$/, ''));

describe('a directory or glob with no domain XML is an error, unless --no-error-on-unmatched-pattern', () => {
  it('a glob that matches nothing: exit 2; with the flag, a notice and exit 0', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const strict = await run(['lint', 'nothing/*.xml'], { cwd });
    expect(strict).toEqual({
      code: 2,
      stdout: '',
      stderr: 'virt-alias: nothing/*.xml: no files match this pattern\n',
    });
    const lenient = await run(['lint', '--no-error-on-unmatched-pattern', 'nothing/*.xml', 'bad.xml'], {
      cwd,
    });
    expect(lenient.stderr).toBe('virt-alias: nothing/*.xml: no files match this pattern\n');
    expect(lenient.code).toBe(1);
    expect(listed(lenient.stdout)).toEqual(['bad.xml']);
  });

  it('a directory whose *.xml files are none of them domains: exit 2', async () => {
    const cwd = await tempTree({ 'nets/default.xml': NETWORK_XML, 'nets/sub/isolated.xml': NETWORK_XML });
    const r = await run(['lint', 'nets'], { cwd });
    expect(r.stderr).toBe(
      'virt-alias: nets/default.xml: skipped: root element is <network>, not <domain>\n' +
        'virt-alias: nets/sub/isolated.xml: skipped: root element is <network>, not <domain>\n' +
        'virt-alias: nets: no domain XML in this directory: all 2 files were skipped (not a domain) or ignored by the config\n',
    );
    expect(r.code).toBe(2);
    const lenient = await run(['lint', '--quiet', '--no-error-on-unmatched-pattern', 'nets'], { cwd });
    expect(lenient).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('a glob that matches only non-domains: exit 2, for fix as for lint', async () => {
    const cwd = await tempTree({ 'net.xml': NETWORK_XML });
    for (const command of ['lint', 'fix']) {
      const r = await run([command, '--quiet', '*.xml'], { cwd });
      expect(r.stderr, command).toBe(
        'virt-alias: *.xml: no domain XML matching this pattern: its one file was skipped (not a domain) or ignored by the config\n',
      );
      expect(r.code, command).toBe(2);
    }
  });

  it('a directory whose files the config all ignores: exit 2', async () => {
    const cwd = await tempTree({
      'virt-alias.config.json': JSON.stringify({ ignores: ['old/**'] }),
      'old/a.xml': BAD_XML,
    });
    const r = await run(['lint', 'old'], { cwd });
    expect(r.stderr).toBe(
      'virt-alias: old: no domain XML in this directory: its one file was skipped (not a domain) or ignored by the config\n',
    );
    expect(r.code).toBe(2);
  });

  it('fix: an empty directory is exit 2 too', async () => {
    const cwd = await tempTree({ 'empty/': '' });
    const r = await run(['fix', '--quiet', 'empty'], { cwd });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'virt-alias: empty: no *.xml files in this directory\n',
    });
  });

  it('one domain among the files is enough; a file named explicitly is not a pattern', async () => {
    const cwd = await tempTree({
      'mixed/net.xml': NETWORK_XML,
      'mixed/vm.xml': BAD_XML,
      'net.xml': NETWORK_XML,
    });
    const mixed = await run(['lint', '--quiet', 'mixed'], { cwd });
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toBe('');
    expect(await run(['lint', '--quiet', 'net.xml'], { cwd })).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('a file matched by two patterns counts for both', async () => {
    const cwd = await tempTree({ 'vms/a.xml': BAD_XML });
    const r = await run(['lint', '--quiet', 'vms', 'vms/*.xml'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });
});

/**
 * Who can be denied a directory: a user other than root (root reads mode 0000). As root, the
 * bin is run as `nobody`; as another user, as that user. Only as root without a `nobody` is the
 * test skipped, and never under CI.
 */
function unprivileged(): { uid?: number; gid?: number } | null {
  if (process.getuid?.() !== 0) return {};
  try {
    const uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/** A tree the unprivileged user may read, but for its directories named `locked`. */
async function treeWithLockedDirectory(files: Readonly<Record<string, string>>): Promise<string> {
  const cwd = await tempTree(files);
  const open = async (dir: string): Promise<void> => {
    await chmod(dir, 0o755);
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await open(full);
      else await chmod(full, 0o644);
    }
  };
  await open(cwd);
  for (const dir of Object.keys(files).flatMap((f) => /^(.*\/locked)\//.exec(f)?.[1] ?? []))
    await chmod(path.join(cwd, dir), 0o000);
  return cwd;
}

describe('a directory that cannot be read is an error with its path and reason, exit 2', () => {
  const user = unprivileged();

  it('can drop privileges (or need not)', (ctx) => {
    if (user) return;
    const message = 'running as root and there is no user nobody to run the bin as';
    if (IN_CI) throw new Error(`CI: the unreadable-directory tests must run. ${message}`);
    ctx.skip(message);
  });

  it.skipIf(!user)('inside a scanned tree: reported, the rest of the tree still linted', async () => {
    const cwd = await treeWithLockedDirectory({ 'vms/ok/a.xml': BAD_XML, 'vms/locked/b.xml': BAD_XML });
    const r = await spawnBin(['lint', 'vms'], { cwd, ...user });
    expect(r.stderr).toBe('virt-alias: vms/locked: cannot read directory: permission denied (EACCES)\n');
    expect(r.code).toBe(2);
    expect(listed(r.stdout)).toEqual(['vms/ok/a.xml']);
  });

  it.skipIf(!user)('given directly: the same, not "no *.xml files"', async () => {
    const cwd = await treeWithLockedDirectory({ 'vms/locked/b.xml': BAD_XML });
    const r = await spawnBin(['lint', 'vms/locked'], { cwd, ...user });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'virt-alias: vms/locked: cannot read directory: permission denied (EACCES)\n',
    });
  });

  it.skipIf(!user)('below a glob: the same', async () => {
    const cwd = await treeWithLockedDirectory({ 'vms/ok/a.xml': BAD_XML, 'vms/locked/b.xml': BAD_XML });
    const r = await spawnBin(['fix', '--quiet', 'vms/*/*.xml'], { cwd, ...user });
    expect(r.stderr).toContain('virt-alias: vms/locked: cannot read directory: permission denied (EACCES)\n');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('+++ b/vms/ok/a.xml');
  });
});

describe('fix --write in a directory that may not be written: the directory is named, not the file', () => {
  const user = unprivileged();

  it.skipIf(!user)(
    'a file anyone may write, in a directory only root may: the reason is the directory',
    async () => {
      // --write renames a new file over the old one: the directory, not the file's mode, decides.
      const cwd = await treeWithLockedDirectory({ 'vms/a.xml': BAD_XML });
      await chmod(path.join(cwd, 'vms/a.xml'), 0o666);
      const r = await spawnBin(['fix', '--write', '--quiet', 'vms'], { cwd, ...user });
      expect(r.stderr).toBe(
        'virt-alias: vms/a.xml: not written: cannot create a temporary file in vms: permission denied (EACCES)\n',
      );
      expect(r.code).toBe(2);
    },
  );
});

describe('a file or directory whose name is not UTF-8, in a scanned tree: reported by its bytes, exit 2', () => {
  /** vms/ok.xml, and a file and a directory named with Latin-1 bytes (Node lists them with U+FFFD). */
  async function latin1Tree(): Promise<string> {
    const cwd = await tempTree({ 'vms/ok.xml': BAD_XML, 'more/b.xml': BAD_XML });
    const vms = Buffer.from(path.join(cwd, 'vms/'));
    writeFileSync(Buffer.concat([vms, Buffer.from('a'), Buffer.from([0xff]), Buffer.from('.xml')]), BAD_XML);
    const dir = Buffer.concat([vms, Buffer.from('caf'), Buffer.from([0xe9])]);
    mkdirSync(dir);
    writeFileSync(Buffer.concat([dir, Buffer.from('/vm.xml')]), BAD_XML);
    return cwd;
  }
  const REPORTED =
    'virt-alias: file name is not valid UTF-8: vms/a\\xff.xml (virt-alias cannot open it: rename it)\n' +
    'virt-alias: directory name is not valid UTF-8: vms/caf\\xe9 (virt-alias cannot open it: rename it)\n';

  it.each([
    ['lint, one directory (walked as it is linted)', ['lint', 'vms'], ['vms/ok.xml']],
    ['lint, with another path', ['lint', 'vms', 'more'], ['vms/ok.xml', 'more/b.xml']],
  ])('%s: the other files still linted', async (_, argv, files) => {
    const cwd = await latin1Tree();
    const r = await run(argv, { cwd });
    expect(r.stderr).toBe(REPORTED);
    expect(r.code).toBe(2);
    expect(listed(r.stdout)).toEqual(files);
  });

  it('fix: the same, the other files still fixed', async () => {
    const cwd = await latin1Tree();
    const r = await run(['fix', '--quiet', 'vms'], { cwd });
    expect(r.stderr).toBe(REPORTED);
    expect(r.code).toBe(2);
    expect(r.stdout.match(/^\+\+\+ .*$/gm)).toEqual(['+++ b/vms/ok.xml']);
  });

  it('audit: the same, the other files in the report', async () => {
    const cwd = await latin1Tree();
    const r = await run(['audit', '--format', 'json', 'vms'], { cwd });
    expect(r.stderr).toBe(REPORTED);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('"vms/ok.xml"');
    expect(r.stdout).not.toContain('\uFFFD');
  });

  it('named on the command line (Node gives the argument with U+FFFD): says why it is not found', async () => {
    const cwd = await latin1Tree();
    // What Node makes of the argument's bytes `vms/a\xff.xml`.
    const arg = Buffer.concat([Buffer.from('vms/a'), Buffer.from([0xff]), Buffer.from('.xml')]).toString();
    const r = await run(['lint', arg, 'more'], { cwd });
    expect(r.stderr).toBe(
      'virt-alias: vms/a\uFFFD.xml: no such file or directory (a name that is not valid UTF-8 ' +
        'reaches virt-alias so, and cannot be opened from the command line: give its directory, ' +
        'where it is reported by its bytes)\n',
    );
    expect(r.code).toBe(2);
    expect(listed(r.stdout)).toEqual(['more/b.xml']);
  });
});
