import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rename,
  stat,
  symlink,
  writeFile,
  chmod,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirectoryMovedError, NewFileBatch } from './new-file-batch.js';

const tempDir = async () => realpath(await mkdtemp(join(tmpdir(), 'virt-alias-batch-')));

/** Settles to 'done' or the error's name, without throwing. */
const outcome = (p: Promise<void>): Promise<string> =>
  p.then(
    () => 'done',
    (error: unknown) => (error instanceof Error ? error.name : String(error)),
  );

const isTemp = (name: string) => /^\..+\.virt-alias-\d+-[0-9a-f]{8}\.tmp$/.test(name);

describe('NewFileBatch', () => {
  it('writes each file whole under its name, with its mode, and leaves no temporary file', async () => {
    const dir = await tempDir();
    const batch = new NewFileBatch(2);
    const settled = Promise.all(
      [
        batch.add(join(dir, 'a.xml'), 'a\r\n', 0o640),
        batch.add(join(dir, 'b.xml'), 'b\n', 0o600),
        batch.add(join(dir, 'c.xml'), 'ç\n'),
      ].map(outcome),
    );
    await batch.finish();
    expect(await settled).toEqual(['done', 'done', 'done']);
    expect(await readFile(join(dir, 'a.xml'), 'utf8')).toBe('a\r\n');
    expect(await readFile(join(dir, 'c.xml'), 'utf8')).toBe('ç\n');
    expect((await stat(join(dir, 'a.xml'))).mode & 0o777).toBe(0o640);
    expect((await stat(join(dir, 'b.xml'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'c.xml'))).mode & 0o777).toBe(0o644);
    expect((await readdir(dir)).sort()).toEqual(['a.xml', 'b.xml', 'c.xml']);
  });

  it('gives a file no name before its batch is fsynced: until then only its temporary copy exists', async () => {
    const dir = await tempDir();
    const batch = new NewFileBatch(3);
    const first = batch.add(join(dir, 'a.xml'), 'a\n', 0o644);
    batch.add(join(dir, 'b.xml'), 'b\n', 0o644).catch(() => undefined);
    // What a crash now leaves: no file under its name, only temporary copies the next run removes.
    const before = await readdir(dir);
    expect(before).toHaveLength(2);
    expect(before.every(isTemp)).toBe(true);
    // The third fills the batch: its fsyncs start, then the renames.
    batch.add(join(dir, 'c.xml'), 'c\n', 0o644).catch(() => undefined);
    await first;
    await batch.finish();
    expect((await readdir(dir)).sort()).toEqual(['a.xml', 'b.xml', 'c.xml']);
  });

  it('keeps the mode of a file it replaces when given none', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.xml'), 'old');
    await chmod(join(dir, 'a.xml'), 0o604);
    const batch = new NewFileBatch(8);
    const written = batch.add(join(dir, 'a.xml'), 'new');
    await batch.finish();
    await written;
    expect(await readFile(join(dir, 'a.xml'), 'utf8')).toBe('new');
    expect((await stat(join(dir, 'a.xml'))).mode & 0o777).toBe(0o604);
  });

  it('a file that cannot take its name fails alone, its temporary copy removed; the others are written', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'taken'));
    await writeFile(join(dir, 'taken', 'x'), 'x');
    const batch = new NewFileBatch(8);
    const settled = Promise.all(
      [
        batch.add(join(dir, 'a.xml'), 'a', 0o644),
        // A non-empty directory holds the name: the rename fails.
        batch.add(join(dir, 'taken'), 'b', 0o644),
        batch.add(join(dir, 'c.xml'), 'c', 0o644),
      ].map(outcome),
    );
    await batch.finish();
    const results = await settled;
    expect(results[0]).toBe('done');
    expect(results[1]).not.toBe('done');
    expect(results[2]).toBe('done');
    expect((await readdir(dir)).sort()).toEqual(['a.xml', 'c.xml', 'taken']);
  });

  it('a file whose temporary copy cannot be created throws at once and leaves nothing', async () => {
    const dir = await tempDir();
    const batch = new NewFileBatch(8);
    expect(() => batch.add(join(dir, 'missing', 'a.xml'), 'a', 0o644)).toThrow(/ENOENT/);
    await batch.finish();
    expect(await readdir(dir)).toEqual([]);
  });

  it('renames nothing into a directory replaced by a symbolic link since its files were written', async () => {
    const dir = await tempDir();
    const outside = await tempDir();
    await mkdir(join(dir, 'host'));
    const batch = new NewFileBatch(8);
    const written = outcome(batch.add(join(dir, 'host', 'a.xml'), 'a', 0o644));
    // The directory moves out of the tree; a link in its place leads there.
    await rename(join(dir, 'host'), join(outside, 'host'));
    await symlink(join(outside, 'host'), join(dir, 'host'));
    await batch.finish();
    expect(await written).toBe(new DirectoryMovedError('').name);
    expect(await readdir(join(outside, 'host'))).toEqual([]);
  });
});
