import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupDir, timestampName } from './backup.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'virt-alias-backup-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const AT = new Date('2026-11-30T05:11:20.123Z');

describe('BackupDir', () => {
  it('names the run by its UTC second', () => {
    expect(timestampName(AT)).toBe('2026-11-30T05-11-20Z');
  });

  it('makes nothing until a backup is kept; then a 0700 directory of the run and 0600 files', async () => {
    const parent = path.join(dir, 'lazy');
    const backups = new BackupDir(parent, AT);
    await expect(stat(parent)).rejects.toThrow(/ENOENT/);
    const file = await backups.keep('vm 1/x', '8d3f0c8e-0000-4000-8000-000000000001', '<domain/>');
    expect(path.relative(parent, file)).toBe(
      '2026-11-30T05-11-20Z/vm_1_x.8d3f0c8e-0000-4000-8000-000000000001.xml',
    );
    expect(await readFile(file, 'utf8')).toBe('<domain/>');
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('never overwrites: a second run of the same second gets -2, the same domain twice fails', async () => {
    const parent = path.join(dir, 'twice');
    const first = new BackupDir(parent, AT);
    const second = new BackupDir(parent, AT);
    await first.keep('vm', 'u', 'one');
    await second.keep('vm', 'u', 'two');
    expect((await readdir(parent)).sort()).toEqual(['2026-11-30T05-11-20Z', '2026-11-30T05-11-20Z-2']);
    await expect(first.keep('vm', 'u', 'three')).rejects.toThrow(/EEXIST/);
    expect(await readFile(path.join(parent, '2026-11-30T05-11-20Z', 'vm.u.xml'), 'utf8')).toBe('one');
  });
});
