import {
  chmod,
  chown,
  link,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAttribute, listAttributes, setAttribute } from '@napi-rs/xattr';
import { IN_CI } from '@virt-alias/rules/testing';
import { describe, expect, it } from 'vitest';
import { replaceFile, WriteRefusedError } from './replace-file.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'virt-alias-replace-'));

async function fileWith(content: string): Promise<{ dir: string; file: string }> {
  const dir = await tempDir();
  const file = join(dir, 'vm.xml');
  await writeFile(file, content);
  return { dir, file };
}

const enospc = (): Error => Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });

/**
 * A POSIX ACL as the kernel stores it in `system.posix_acl_access`: version 2, then (tag, perm,
 * id) entries sorted by tag. Here: owner rw, user 1234 r, group r, mask r, other none.
 */
function aclUser1234Read(): Buffer {
  const entries: [number, number, number][] = [
    [0x01, 6, 0xffffffff],
    [0x02, 4, 1234],
    [0x04, 4, 0xffffffff],
    [0x10, 4, 0xffffffff],
    [0x20, 0, 0xffffffff],
  ];
  const buf = Buffer.alloc(4 + 8 * entries.length);
  buf.writeUInt32LE(2, 0);
  entries.forEach(([tag, perm, id], i) => {
    buf.writeUInt16LE(tag, 4 + 8 * i);
    buf.writeUInt16LE(perm, 6 + 8 * i);
    buf.writeUInt32LE(id, 8 + 8 * i);
  });
  return buf;
}

describe('replaceFile', () => {
  it('replaces the content and leaves nothing else in the directory', async () => {
    const { dir, file } = await fileWith('old');
    await chmod(file, 0o640);
    expect(await replaceFile(file, 'new\r\n', { expected: 'old' })).toEqual({});
    expect(await readFile(file, 'utf8')).toBe('new\r\n');
    expect((await stat(file)).mode & 0o7777).toBe(0o640);
    expect(await readdir(dir)).toEqual(['vm.xml']);
  });

  it('refuses a file that no longer holds what was read: nothing written', async () => {
    const { dir, file } = await fileWith('edited by someone else');
    await expect(replaceFile(file, 'fixed', { expected: 'as read' })).rejects.toThrow(
      /^it changed since it was read \(its content changed\): another program wrote it/,
    );
    expect(await readFile(file, 'utf8')).toBe('edited by someone else');
    expect(await readdir(dir)).toEqual(['vm.xml']);
  });

  it('reads no more of a file grown huge meanwhile than tells it apart (4 GiB, sparse)', async () => {
    const { file } = await fileWith('');
    await truncate(file, 4 * 1024 ** 3);
    // Read whole, 4 GiB would not even fit in a Buffer: only 'as read'.length + 1 bytes are.
    await expect(replaceFile(file, 'fixed', { expected: 'as read' })).rejects.toThrow(
      /^it changed since it was read \(its content changed\)/,
    );
    expect((await stat(file)).size).toBe(4 * 1024 ** 3);
  });

  // The lost update: another program writes the file while the fix is being written.
  it.each([
    ['written in place', 'its size changed', (f: string) => writeFile(f, 'other text')],
    [
      'replaced by a rename, same text',
      'another file was put in its place',
      async (f: string) => {
        await writeFile(`${f}.new`, 'old');
        await rename(`${f}.new`, f);
      },
    ],
  ])('refuses a file changed just before the rename (%s): the other write stays', async (_, why, edit) => {
    const { dir, file } = await fileWith('old');
    const written = async (): Promise<string> => readFile(file, 'utf8');
    let calls = 0;
    const error = await replaceFile(file, 'fixed', {
      expected: 'old',
      beforeRename: async (path) => {
        calls++;
        expect(path).toBe(file);
        await edit(file);
      },
    }).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(WriteRefusedError);
    expect((error as Error).message).toBe(
      `it changed since it was read (${why}): another program wrote it; run fix again on the new content`,
    );
    expect(await written()).not.toBe('fixed');
    expect(await readdir(dir)).toEqual(['vm.xml']);
  });

  it('notices a change of mode alone just before the rename (it would be lost)', async () => {
    const { file } = await fileWith('old');
    await chmod(file, 0o644);
    await expect(
      replaceFile(file, 'fixed', { expected: 'old', beforeRename: () => chmod(file, 0o600) }),
    ).rejects.toThrow(/its owner, mode, links or attributes changed/);
    expect(await readFile(file, 'utf8')).toBe('old');
  });

  it('refuses a file with another hard link, saying why; --break-hard-links replaces it', async () => {
    const { dir, file } = await fileWith('old');
    await link(file, join(dir, 'other-name.xml'));
    await expect(replaceFile(file, 'fixed', { expected: 'old' })).rejects.toThrow(
      'it has 2 hard links: replacing it would leave the other 1 name with the old text (use --break-hard-links to replace it anyway)',
    );
    expect(await readFile(file, 'utf8')).toBe('old');
    await replaceFile(file, 'fixed', { expected: 'old', breakHardLinks: true });
    expect(await readFile(file, 'utf8')).toBe('fixed');
    expect(await readFile(join(dir, 'other-name.xml'), 'utf8')).toBe('old');
    expect((await stat(file)).nlink).toBe(1);
  });

  it('refuses a symbolic link (give it the real path) and anything not a regular file', async () => {
    const { dir, file } = await fileWith('old');
    await symlink(file, join(dir, 'link.xml'));
    await expect(replaceFile(join(dir, 'link.xml'), 'x', { expected: 'old' })).rejects.toThrow(
      /link\.xml is a symbolic link now/,
    );
    await expect(replaceFile(dir, 'x', { expected: 'old' })).rejects.toThrow('it is not a regular file');
    expect(await readFile(file, 'utf8')).toBe('old');
  });

  it('keeps extended attributes: user.*, and an attribute whose value is not text', async () => {
    const { file } = await fileWith('old');
    await setAttribute(file, 'user.origin', 'nova');
    await setAttribute(file, 'user.binary', Buffer.from([0, 255, 1]));
    await replaceFile(file, 'fixed', { expected: 'old' });
    expect((await listAttributes(file)).sort()).toEqual(['user.binary', 'user.origin']);
    expect(await getAttribute(file, 'user.origin')).toEqual(Buffer.from('nova'));
    expect(await getAttribute(file, 'user.binary')).toEqual(Buffer.from([0, 255, 1]));
  });
});

// CI runs as root; elsewhere these run only as root, and under CI=true they never skip.
describe.runIf(process.getuid?.() === 0 || IN_CI)('replaceFile as root', () => {
  it('keeps owner, group, setgid mode, the SELinux label and an ACL', async () => {
    const { file } = await fileWith('old');
    await chown(file, 1234, 5678);
    await chmod(file, 0o2640);
    const label = Buffer.from('system_u:object_r:virt_etc_t:s0\0');
    await setAttribute(file, 'security.selinux', label);
    await setAttribute(file, 'system.posix_acl_access', aclUser1234Read());
    await setAttribute(file, 'trusted.note', 'kept');
    const before = await stat(file);

    await replaceFile(file, 'fixed', { expected: 'old' });

    const after = await stat(file);
    expect(after.ino).not.toBe(before.ino);
    expect({ uid: after.uid, gid: after.gid, mode: after.mode & 0o7777 }).toEqual({
      uid: 1234,
      gid: 5678,
      mode: before.mode & 0o7777,
    });
    expect(await getAttribute(file, 'security.selinux')).toEqual(label);
    expect(await getAttribute(file, 'system.posix_acl_access')).toEqual(aclUser1234Read());
    expect(await getAttribute(file, 'trusted.note')).toEqual(Buffer.from('kept'));
    expect(await readFile(file, 'utf8')).toBe('fixed');
  });

  it('the backup has the owner, mode and attributes of the original too', async () => {
    const { file } = await fileWith('old');
    await chown(file, 1234, 5678);
    await chmod(file, 0o600);
    await setAttribute(file, 'user.origin', 'nova');
    await replaceFile(file, 'fixed', { expected: 'old', backup: true });
    const backup = await stat(`${file}.bak`);
    expect({ uid: backup.uid, gid: backup.gid, mode: backup.mode & 0o7777 }).toEqual({
      uid: 1234,
      gid: 5678,
      mode: 0o600,
    });
    expect(await getAttribute(`${file}.bak`, 'user.origin')).toEqual(Buffer.from('nova'));
  });
});

describe('replaceFile with backup', () => {
  it('keeps the original beside the file as FILE.bak, complete', async () => {
    const { dir, file } = await fileWith('original');
    expect(await replaceFile(file, 'fixed', { expected: 'original', backup: true })).toEqual({
      backup: `${file}.bak`,
    });
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('original');
    expect(await readFile(file, 'utf8')).toBe('fixed');
    expect((await readdir(dir)).sort()).toEqual(['vm.xml', 'vm.xml.bak']);
  });

  it('never overwrites a backup that holds other text', async () => {
    const { file } = await fileWith('original');
    await writeFile(`${file}.bak`, 'an older original');
    await expect(replaceFile(file, 'fixed', { expected: 'original', backup: true })).rejects.toThrow(
      /^the backup .*vm\.xml\.bak already exists and holds other text: move it away first \(it may be the only original\)$/,
    );
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('an older original');
    expect(await readFile(file, 'utf8')).toBe('original');
  });

  it('never writes through a symbolic link at FILE.bak, dangling or not, and says what is in the way', async () => {
    const { file } = await fileWith('original');
    for (const to of ['/nonexistent', file]) {
      await rm(`${file}.bak`, { force: true });
      await symlink(to, `${file}.bak`);
      await expect(replaceFile(file, 'fixed', { expected: 'original', backup: true })).rejects.toThrow(
        /^the backup .*vm\.xml\.bak is a symbolic link: move it away first$/,
      );
      expect(await readlink(`${file}.bak`)).toBe(to);
      expect(await readFile(file, 'utf8')).toBe('original');
    }
  });

  it('takes over a backup identical to the file (left by an interrupted run)', async () => {
    const { dir, file } = await fileWith('original');
    await writeFile(`${file}.bak`, 'original');
    expect(await replaceFile(file, 'fixed', { expected: 'original', backup: true })).toEqual({
      backup: `${file}.bak`,
    });
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('original');
    expect(await readFile(file, 'utf8')).toBe('fixed');
    expect((await readdir(dir)).sort()).toEqual(['vm.xml', 'vm.xml.bak']);
  });

  it('a write that fails (simulated ENOSPC at the rename) removes the backup it made and its temporary file', async () => {
    const { dir, file } = await fileWith('original');
    let backupDuringWrite: string | undefined;
    await expect(
      replaceFile(file, 'fixed', {
        expected: 'original',
        backup: true,
        beforeRename: async () => {
          backupDuringWrite = await readFile(`${file}.bak`, 'utf8');
          throw enospc();
        },
      }),
    ).rejects.toThrow(/ENOSPC/);
    expect(backupDuringWrite).toBe('original');
    expect(await readFile(file, 'utf8')).toBe('original');
    expect(await readdir(dir)).toEqual(['vm.xml']);
  });

  it('a failed write leaves a backup that was already there', async () => {
    const { dir, file } = await fileWith('original');
    await writeFile(`${file}.bak`, 'original');
    await expect(
      replaceFile(file, 'fixed', {
        expected: 'original',
        backup: true,
        beforeRename: () => Promise.reject(enospc()),
      }),
    ).rejects.toThrow(/ENOSPC/);
    expect((await readdir(dir)).sort()).toEqual(['vm.xml', 'vm.xml.bak']);
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('original');
  });

  it('a refused write (the file changed) removes the backup it made', async () => {
    const { dir, file } = await fileWith('original');
    await expect(
      replaceFile(file, 'fixed', {
        expected: 'original',
        backup: true,
        beforeRename: () => writeFile(file, 'edited meanwhile'),
      }),
    ).rejects.toThrow(WriteRefusedError);
    expect(await readFile(file, 'utf8')).toBe('edited meanwhile');
    expect(await readdir(dir)).toEqual(['vm.xml']);
  });
});
