import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_READ_LIMIT, NotReadableFileError, readRegularFile } from './read-regular-file.js';

const dir = await mkdtemp(join(tmpdir(), 'virt-alias-read-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function refusal(path: string, max?: number): Promise<NotReadableFileError> {
  const error: unknown = await readRegularFile(path, max).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NotReadableFileError);
  return error as NotReadableFileError;
}

describe('readRegularFile', () => {
  it('reads a regular file, up to and including the limit', async () => {
    const file = join(dir, 'ten');
    await writeFile(file, '0123456789');
    expect((await readRegularFile(file)).toString()).toBe('0123456789');
    expect((await readRegularFile(file, 10)).toString()).toBe('0123456789');
  });

  it('refuses a file over the limit without reading it', async () => {
    const small = join(dir, 'eleven');
    await writeFile(small, '01234567890');
    const e = await refusal(small, 10);
    expect(e.reason).toBe('too-large');
    expect(e.message).toBe('larger than 10 bytes, the most that is read: not read');
    // A sparse file past the default limit: refused from its size alone.
    const big = join(dir, 'big');
    await writeFile(big, '');
    await truncate(big, DEFAULT_READ_LIMIT + 1);
    expect((await refusal(big)).message).toBe(
      'larger than 64 MiB (67108864 bytes), the most that is read: not read',
    );
  });

  it('refuses a file that grows past the limit while read (/proc files report size 0)', async () => {
    const e = await refusal('/proc/self/status', 16);
    expect(e.reason).toBe('too-large');
    expect((await readRegularFile('/proc/self/status')).toString()).toMatch(/^Name:/);
  });

  it('refuses a FIFO without a writer at once, without hanging', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const e = await refusal(fifo);
    expect(e.reason).toBe('not-regular');
    expect(e.message).toBe('a FIFO (named pipe), not a regular file: not read');
  });

  it('refuses /dev/zero and a directory without reading', async () => {
    expect((await refusal('/dev/zero')).message).toBe('a character device, not a regular file: not read');
    expect((await refusal(dir)).message).toBe('a directory, not a regular file: not read');
  });

  it('passes file-system errors through', async () => {
    await expect(readRegularFile(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
