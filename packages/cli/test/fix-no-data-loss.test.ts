/**
 * `virt-alias fix` never loses data (issue 8): --out-dir never lands on an input nor leads out
 * of itself, --write keeps owner, group, mode, extended attributes and hard links, and a backup
 * or temporary file an interrupted run left does not block the next one. In-process, on real
 * files; the kills and the lost update are in fix-interrupted.test.ts.
 */
import { readFileSync } from 'node:fs';
import {
  chmod,
  chown,
  link,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { getAttribute, setAttribute } from '@napi-rs/xattr';
import { IN_CI } from '@virt-alias/rules/testing';
import { describe, expect, it } from 'vitest';
import { run, tempTree, type RunResult } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const OVN = readFileSync(path.join(FIXTURES, 'nova/ovn-tap.xml'), 'utf8');
const RBD = readFileSync(path.join(FIXTURES, 'nova/volume-rbd.xml'), 'utf8');

const fix = (args: readonly string[], cwd: string): Promise<RunResult> =>
  run(['fix', '--no-config', '--preset', 'recommended', ...args], { cwd });

/** What `fix` makes of a text (through standard input). */
async function fixed(text: string): Promise<string> {
  const r = await run(['fix', '--no-config', '--preset', 'recommended', '--quiet', '-'], {
    cwd: await tempTree({}),
    stdin: text,
  });
  return r.stdout;
}

/** Every file and link below `dir`: relative path -> content, or `-> target` for a link. */
async function contents(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const rel of (await readdir(dir, { recursive: true })).sort()) {
    const file = path.join(dir, rel);
    const entry = await lstat(file);
    if (entry.isSymbolicLink()) out[rel] = `-> ${await readlink(file)}`;
    else if (entry.isFile()) out[rel] = await readFile(file, 'utf8');
  }
  return out;
}

const tree = (files: Readonly<Record<string, string>>): Promise<string> =>
  tempTree(files, { isolate: false });

describe('fix --out-dir never writes onto an input', () => {
  it('an out-dir inside the inputs that holds inputs (`--out-dir in/sub in/`): refused, exit 2, nothing written', async () => {
    const cwd = await tree({ 'in/vm.xml': OVN, 'in/sub/vm.xml': RBD });
    const before = await contents(cwd);
    const r = await fix(['--out-dir', 'in/sub', 'in/'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'virt-alias: --out-dir in/sub holds inputs (in/sub/vm.xml): the fixed copies would be written over or among the originals; choose a directory outside the inputs\n',
    );
    expect(await contents(cwd)).toEqual(before);
  });

  it('an out-dir reached through a symbolic link to the input directory: refused', async () => {
    const cwd = await tree({ 'in/vm.xml': OVN });
    await symlink('in', path.join(cwd, 'out'));
    const before = await contents(cwd);
    const r = await fix(['--out-dir', 'out', 'in'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out-dir out holds inputs \(in\/vm\.xml\)/);
    expect(await contents(cwd)).toEqual(before);
  });

  it('an out-dir holding the inputs deeper down (`--out-dir . in/`): refused', async () => {
    const cwd = await tree({ 'in/a/vm.xml': OVN, 'in/b/vm.xml': RBD });
    const before = await contents(cwd);
    const r = await fix(['--out-dir', '.', 'in/'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out-dir \. holds inputs \(in\/a\/vm\.xml and 1 more\)/);
    expect(await contents(cwd)).toEqual(before);
  });

  // Inputs are compared a directory at a time (one realpath each): these are the files whose
  // verdict is not their directory's.
  it('an out-dir naming an input file itself (`--out-dir in/vm.xml in/`): refused', async () => {
    const cwd = await tree({ 'in/vm.xml': OVN, 'in/other.xml': RBD });
    const before = await contents(cwd);
    const r = await fix(['--out-dir', 'in/vm.xml', 'in/'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out-dir in\/vm\.xml holds inputs \(in\/vm\.xml\)/);
    expect(await contents(cwd)).toEqual(before);
  });

  it('an input that is a symbolic link into the out-dir, among plain files: refused', async () => {
    const cwd = await tree({ 'in/vm.xml': OVN, 'out/x.xml': RBD });
    await symlink('../out/x.xml', path.join(cwd, 'in/link.xml'));
    const before = await contents(cwd);
    const r = await fix(['--out-dir', 'out', 'in/'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out-dir out holds inputs \(in\/link\.xml\)/);
    expect(await contents(cwd)).toEqual(before);
  });

  it('an input that is a symbolic link into a marked out-dir: left out, neither fixed nor copied', async () => {
    const cwd = await tree({ 'in/vm.xml': OVN, 'out/': '' });
    expect((await fix(['--out-dir', 'out', 'in/'], cwd)).code).toBe(0);
    await symlink('../out/vm.xml', path.join(cwd, 'in/link.xml'));
    const r = await fix(['--out-dir', 'out', 'in/'], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^virt-alias: out: left out: 1 file below --out-dir, fixed copies an earlier run wrote there\nvirt-alias fix: 1 domain file, /,
    );
    expect(await lstat(path.join(cwd, 'out/link.xml')).catch(() => undefined)).toBeUndefined();
  });
});

describe('fix --out-dir stays inside the out-dir', () => {
  it('o/sub a symbolic link to ../outside: refused before anything is written, exit 2', async () => {
    const cwd = await tree({ 'in/sub/vm.xml': OVN, 'in/top.xml': RBD, 'o/': '', 'outside/': '' });
    await symlink('../outside', path.join(cwd, 'o/sub'));
    const r = await fix(['--out-dir', 'o', 'in'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `virt-alias: --out-dir o: in/sub/vm.xml: ${path.join(cwd, 'o/sub/vm.xml')} would be written to ${path.join(cwd, 'outside/vm.xml')}, outside the out-dir ${path.join(cwd, 'o')}: a symbolic link below the out-dir leads out of it\n`,
    );
    expect(await readdir(path.join(cwd, 'outside'))).toEqual([]);
    // Not even the files that would have stayed inside: the run is refused as a whole.
    expect(await readdir(path.join(cwd, 'o'))).toEqual(['sub']);
  });

  it('each file whose copy would lead out is named, two of one directory too', async () => {
    const cwd = await tree({
      'in/sub/a.xml': OVN,
      'in/sub/b.xml': RBD,
      'in/top.xml': RBD,
      'o/': '',
      'outside/': '',
    });
    await symlink('../outside', path.join(cwd, 'o/sub'));
    const r = await fix(['--out-dir', 'o', 'in'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((line) => line.includes('leads out of it'))).toEqual([
      expect.stringContaining('--out-dir o: in/sub/a.xml: '),
      expect.stringContaining('--out-dir o: in/sub/b.xml: '),
    ]);
    expect(await readdir(path.join(cwd, 'outside'))).toEqual([]);
  });

  it('a dangling symbolic link below the out-dir: refused, nothing created where it points', async () => {
    const cwd = await tree({ 'in/sub/deep/vm.xml': OVN, 'in/x.xml': RBD, 'o/': '' });
    await symlink('../elsewhere', path.join(cwd, 'o/sub'));
    const r = await fix(['--out-dir', 'o', 'in'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `would be written to ${path.join(cwd, 'elsewhere/deep/vm.xml')}, outside the out-dir`,
    );
    expect(await readdir(cwd)).not.toContain('elsewhere');
  });

  it('an out-dir that is itself a symbolic link, and links that stay inside it, are followed', async () => {
    const cwd = await tree({ 'in/sub/vm.xml': OVN, 'in/top.xml': RBD, 'real/inner/': '' });
    await symlink('real', path.join(cwd, 'o'));
    await symlink('inner', path.join(cwd, 'real/sub'));
    const r = await fix(['--out-dir', 'o', 'in'], cwd);
    expect(r.code).toBe(0);
    expect(await readFile(path.join(cwd, 'real/inner/vm.xml'), 'utf8')).toBe(await fixed(OVN));
    expect(await readFile(path.join(cwd, 'real/top.xml'), 'utf8')).toBe(await fixed(RBD));
  });

  it('`--out-dir in/fixed in/` run again: the out-dir is left out of the scan, nothing nests', async () => {
    const cwd = await tree({ 'in/vm.xml': OVN, 'in/sub/other.xml': RBD });
    const first = await fix(['--out-dir', 'in/fixed', 'in/'], cwd);
    expect(first.code).toBe(0);
    const once = await contents(cwd);
    expect(Object.keys(once)).toEqual([
      'in/fixed/.virt-alias-out-dir',
      'in/fixed/sub/other.xml',
      'in/fixed/vm.xml',
      'in/sub/other.xml',
      'in/vm.xml',
    ]);
    expect(once['in/fixed/vm.xml']).toBe(await fixed(OVN));

    for (let i = 0; i < 2; i++) {
      const again = await fix(['--out-dir', 'in/fixed', 'in/'], cwd);
      expect(again.code).toBe(0);
      expect(again.stderr).toContain(
        'in/fixed: left out: 2 files below --out-dir, fixed copies an earlier run wrote there\n',
      );
      expect(again.stderr).toMatch(/^virt-alias fix: 2 domain files, 2 changed;/m);
      expect(await contents(cwd)).toEqual(once);
    }
  });

  it('the marker says what it is; an out-dir without inputs in it is simply written', async () => {
    const cwd = await tree({ 'in/vm.xml': OVN, 'out/notes.txt': 'mine\n' });
    const r = await fix(['--out-dir', 'out', 'in'], cwd);
    expect(r.code).toBe(0);
    expect(await readFile(path.join(cwd, 'out/.virt-alias-out-dir'), 'utf8')).toMatch(
      /^This directory holds fixed copies written by `virt-alias fix --out-dir`\./,
    );
    expect((await readdir(path.join(cwd, 'out'))).sort()).toEqual([
      '.virt-alias-out-dir',
      'notes.txt',
      'vm.xml',
    ]);
  });
});

// CI runs as root; elsewhere this runs only as root, and under CI=true it never skips.
describe.runIf(process.getuid?.() === 0 || IN_CI)('fix --write as root keeps the metadata', () => {
  it('owner 1234:5678, mode, a user.* attribute and the SELinux label; the backup gets them too', async () => {
    const cwd = await tree({ 'qemu/vm.xml': OVN });
    const file = path.join(cwd, 'qemu/vm.xml');
    await chown(file, 1234, 5678);
    await chmod(file, 0o640);
    await setAttribute(file, 'user.origin', 'nova-compute');
    const label = Buffer.from('system_u:object_r:virt_etc_t:s0\0');
    await setAttribute(file, 'security.selinux', label);

    const r = await fix(['--write', '--backup', 'qemu/vm.xml'], cwd);
    expect(r.code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(await fixed(OVN));
    for (const written of [file, `${file}.bak`]) {
      const s = await stat(written);
      expect({ written, uid: s.uid, gid: s.gid, mode: s.mode & 0o7777 }).toEqual({
        written,
        uid: 1234,
        gid: 5678,
        mode: 0o640,
      });
      expect(await getAttribute(written, 'user.origin')).toEqual(Buffer.from('nova-compute'));
      expect(await getAttribute(written, 'security.selinux')).toEqual(label);
    }
  });
});

describe('fix --write and hard links', () => {
  it('a file with another hard link is refused, saying why: exit 2, the other files written', async () => {
    const cwd = await tree({ 'vm.xml': OVN, 'other.xml': RBD });
    await link(path.join(cwd, 'vm.xml'), path.join(cwd, 'vm-link.xml'));
    const r = await fix(['--write', 'vm.xml', 'other.xml'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'virt-alias: vm.xml: not written: it has 2 hard links: replacing it would leave the other 1 name with the old text (use --break-hard-links to replace it anyway)\n',
    );
    expect(await readFile(path.join(cwd, 'vm.xml'), 'utf8')).toBe(OVN);
    expect((await stat(path.join(cwd, 'vm.xml'))).nlink).toBe(2);
    expect(await readFile(path.join(cwd, 'other.xml'), 'utf8')).toBe(await fixed(RBD));
  });

  it('--break-hard-links replaces it; the other name keeps the old text', async () => {
    const cwd = await tree({ 'vm.xml': OVN });
    await link(path.join(cwd, 'vm.xml'), path.join(cwd, 'vm-link.xml'));
    const r = await fix(['--write', '--break-hard-links', 'vm.xml'], cwd);
    expect(r.code).toBe(0);
    expect(await readFile(path.join(cwd, 'vm.xml'), 'utf8')).toBe(await fixed(OVN));
    expect(await readFile(path.join(cwd, 'vm-link.xml'), 'utf8')).toBe(OVN);
  });

  it('--break-hard-links without --write: usage error', async () => {
    const cwd = await tree({ 'vm.xml': OVN });
    const r = await fix(['--break-hard-links', 'vm.xml'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^virt-alias: --break-hard-links goes with --write\n/);
  });
});

/** The id of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('fix --write after an interrupted run', () => {
  it('a FILE.bak identical to the file (a run killed before its rename) does not block it', async () => {
    const cwd = await tree({ 'vm.xml': OVN, 'vm.xml.bak': OVN });
    const r = await fix(['--write', '--backup', 'vm.xml'], cwd);
    expect(r.code).toBe(0);
    expect(await readFile(path.join(cwd, 'vm.xml'), 'utf8')).toBe(await fixed(OVN));
    expect(await readFile(path.join(cwd, 'vm.xml.bak'), 'utf8')).toBe(OVN);
  });

  it('a FILE.bak with other text (an older original) still blocks it: exit 2', async () => {
    const cwd = await tree({ 'vm.xml': OVN, 'vm.xml.bak': '' });
    const r = await fix(['--write', '--backup', 'vm.xml'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /vm\.xml: not written: the backup .*vm\.xml\.bak already exists and holds other text/,
    );
    expect(await readFile(path.join(cwd, 'vm.xml'), 'utf8')).toBe(OVN);
  });

  it('removes the temporary files a killed run left where it writes, and says so', async () => {
    const dead = deadPid();
    const stale = [`.vm.xml.virt-alias-${dead}-0123abcd.tmp`, `.vm.xml.bak.virt-alias-${dead}-89abcdef.tmp`];
    const cwd = await tree({
      'qemu/vm.xml': OVN,
      [`qemu/${stale[0]!}`]: OVN.slice(0, 100),
      [`qemu/${stale[1]!}`]: '',
      'out/': '',
    });
    await writeFile(path.join(cwd, `out/.vm.xml.virt-alias-${dead}-00000000.tmp`), '');
    const r = await fix(['--write', '--backup', 'qemu/vm.xml'], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `virt-alias: removed qemu/${stale[1]!}: a temporary file an interrupted run left\n` +
        `virt-alias: removed qemu/${stale[0]!}: a temporary file an interrupted run left\n`,
    );
    expect((await readdir(path.join(cwd, 'qemu'))).sort()).toEqual(['vm.xml', 'vm.xml.bak']);

    // --out-dir too, in each directory it writes to.
    const o = await fix(['--out-dir', 'out', 'qemu/vm.xml'], cwd);
    expect(o.code).toBe(0);
    expect(o.stderr).toContain(
      `virt-alias: removed out/.vm.xml.virt-alias-${dead}-00000000.tmp: a temporary file`,
    );
    expect((await readdir(path.join(cwd, 'out'))).sort()).toEqual(['.virt-alias-out-dir', 'vm.xml']);
  });

  it('--quiet removes them without a word', async () => {
    const dead = deadPid();
    const cwd = await tree({ 'vm.xml': OVN, [`.vm.xml.virt-alias-${dead}-0123abcd.tmp`]: '' });
    await mkdir(path.join(cwd, 'sub'));
    const r = await fix(['--write', '--quiet', 'vm.xml'], cwd);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await readdir(cwd)).sort()).toEqual(['sub', 'vm.xml']);
  });
});
