import { mkdtemp, readdir, readFile, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsyncDirectory, writeFileAtomic } from './atomic-write.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'virt-alias-write-'));

describe('writeFileAtomic', () => {
  it('replaces the content, keeps the mode and leaves no temporary file', async () => {
    const dir = await tempDir();
    const file = join(dir, 'vm.xml');
    await writeFile(file, 'old');
    await chmod(file, 0o640);
    await writeFileAtomic(file, 'new\r\n');
    expect(await readFile(file, 'utf8')).toBe('new\r\n');
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(['vm.xml']);
  });

  it('creates a missing file with mode 0644', async () => {
    const dir = await tempDir();
    await writeFileAtomic(join(dir, 'a.xml'), 'x');
    expect((await stat(join(dir, 'a.xml'))).mode & 0o777).toBe(0o644);
  });

  it('fails without touching anything when the directory does not exist', async () => {
    const dir = await tempDir();
    await expect(writeFileAtomic(join(dir, 'no', 'a.xml'), 'x')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes the whole file under its name with the mode given', async () => {
    const dir = await tempDir();
    await writeFileAtomic(join(dir, 'a.xml'), 'fixed\n', { mode: 0o600 });
    expect(await readFile(join(dir, 'a.xml'), 'utf8')).toBe('fixed\n');
    expect((await stat(join(dir, 'a.xml'))).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['a.xml']);
    await fsyncDirectory(dir);
  });
});
