import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, open, rm, truncate, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InputTooLargeError,
  MAX_INPUT_BYTES,
  NotRegularFileError,
  readAtMost,
  readRegularFile,
  readRegularFileSync,
  readStream,
} from './read-regular-file.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'virt-alias-read-'));
  execFileSync('mkfifo', [path.join(dir, 'fifo.xml')]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Both readers, the same promises: the synchronous one wrapped to reject as the other does. */
const READERS = [
  ['readRegularFile', readRegularFile],
  [
    'readRegularFileSync',
    (file: string, limit: number): Promise<Buffer> =>
      new Promise((resolve) => {
        resolve(readRegularFileSync(file, limit));
      }),
  ],
] as const;

describe.each(READERS)('%s', (_, read) => {
  it('reads a file of exactly the limit; one byte more is refused', async () => {
    const at = path.join(dir, 'at.xml');
    const over = path.join(dir, 'over.xml');
    await writeFile(at, 'x'.repeat(100));
    await writeFile(over, 'x'.repeat(101));
    expect((await read(at, 100)).toString()).toBe('x'.repeat(100));
    await expect(read(over, 100)).rejects.toThrow(InputTooLargeError);
    await expect(read(over, 100)).rejects.toThrow('larger than 100 bytes');
  });

  it('refuses a file over the limit from its size alone (a sparse file past 10 MiB)', async () => {
    const big = path.join(dir, 'sparse.xml');
    await writeFile(big, '');
    await truncate(big, MAX_INPUT_BYTES + 1);
    await expect(read(big, MAX_INPUT_BYTES)).rejects.toThrow(new InputTooLargeError(MAX_INPUT_BYTES));
    await expect(read(big, MAX_INPUT_BYTES)).rejects.toThrow('larger than 10,485,760 bytes');
  });

  it('reads files that say size 0 and hold text (/proc), and empty files', async () => {
    expect((await read('/proc/self/status', MAX_INPUT_BYTES)).toString()).toMatch(/^Name:/);
    const empty = path.join(dir, 'empty.xml');
    await writeFile(empty, '');
    expect((await read(empty, MAX_INPUT_BYTES)).length).toBe(0);
  });

  it('a /proc file over the limit is refused though its size says 0', async () => {
    await expect(read('/proc/self/status', 10)).rejects.toThrow(InputTooLargeError);
  });

  it('reads past the first buffer when a file holds more than that', async () => {
    const big = path.join(dir, 'big.xml');
    await writeFile(big, 'y'.repeat(200_000));
    expect((await read(big, 300_000)).length).toBe(200_000);
  });

  it('refuses a FIFO without a writer at once, a device and a directory, naming what they are', async () => {
    const error: unknown = await read(path.join(dir, 'fifo.xml'), MAX_INPUT_BYTES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotRegularFileError);
    expect(error).toMatchObject({
      message: 'not a regular file: a FIFO (named pipe)',
      kind: 'a FIFO (named pipe)',
    });
    await expect(read('/dev/zero', MAX_INPUT_BYTES)).rejects.toThrow(
      'not a regular file: a character device',
    );
    await expect(read(dir, MAX_INPUT_BYTES)).rejects.toThrow('not a regular file: a directory');
  });

  it('passes the file system error through', async () => {
    await expect(read(path.join(dir, 'missing.xml'), MAX_INPUT_BYTES)).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});

describe('readAtMost', () => {
  it('reads no more than asked, whatever the file holds', async () => {
    const file = path.join(dir, 'long.xml');
    await writeFile(file, 'z'.repeat(300_000));
    const handle = await open(file, 'r');
    try {
      expect((await readAtMost(handle, 300_000, 101)).length).toBe(101);
      // The rest is still there: exactly 101 bytes were taken.
      const { bytesRead } = await handle.read(Buffer.alloc(300_000), 0, 300_000, null);
      expect(bytesRead).toBe(300_000 - 101);
    } finally {
      await handle.close();
    }
  });
});

describe('the end of a file', () => {
  it('is where a read stops at the size fstat gave: one read system call per file, not two', async () => {
    const file = path.join(dir, 'once.xml');
    await writeFile(file, '<domain/>\n'.repeat(700));
    const original = fs.readSync;
    let reads = 0;
    fs.readSync = ((...args: Parameters<typeof original>) => {
      reads++;
      return original(...args);
    }) as typeof original;
    syncBuiltinESMExports();
    try {
      expect(readRegularFileSync(file, MAX_INPUT_BYTES).length).toBe(7000);
    } finally {
      fs.readSync = original;
      syncBuiltinESMExports();
    }
    expect(reads).toBe(1);
  });

  it('is not the size fstat gave when the file holds more or less than that', async () => {
    const file = path.join(dir, 'hint.xml');
    await writeFile(file, 'x'.repeat(100));
    // The size as a stale fstat would give it: before the file grew, after it shrank, and right.
    for (const hint of [50, 99, 500, 100]) {
      const again = await open(file, 'r');
      try {
        expect((await readAtMost(again, hint, MAX_INPUT_BYTES)).length).toBe(100);
      } finally {
        await again.close();
      }
    }
  });
});

describe('readStream', () => {
  it('reads chunks, text or bytes, to the end', async () => {
    const bytes = await readStream(
      Readable.from(['ab', Buffer.from('cd'), new Uint8Array([0x65])]),
      MAX_INPUT_BYTES,
    );
    expect(bytes.toString()).toBe('abcde');
  });

  it('stops reading past the limit and releases the stream', async () => {
    let pulled = 0;
    let released = false;
    const endless: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: () => {
          pulled++;
          return Promise.resolve({ value: new Uint8Array(10), done: false });
        },
        return: () => {
          released = true;
          return Promise.resolve({ value: undefined, done: true });
        },
      }),
    };
    await expect(readStream(endless, 25)).rejects.toThrow(new InputTooLargeError(25));
    expect(pulled).toBe(3);
    expect(released).toBe(true);
  });
});
