import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputTooLargeError, NotRegularFileError, readInputFile, readInputStream } from './read-input.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'virt-alias-read-input-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readInputFile', () => {
  it('reads a file of exactly the limit; one byte more is refused', async () => {
    const at = path.join(dir, 'at.xml');
    const over = path.join(dir, 'over.xml');
    await writeFile(at, 'x'.repeat(100));
    await writeFile(over, 'x'.repeat(101));
    expect((await readInputFile(at, 100)).toString()).toBe('x'.repeat(100));
    await expect(readInputFile(over, 100)).rejects.toThrow(InputTooLargeError);
    await expect(readInputFile(over, 100)).rejects.toThrow('larger than 100 bytes');
  });

  it('reads files that say size 0 and hold text (/proc), and empty files', async () => {
    expect((await readInputFile('/proc/self/status')).toString()).toMatch(/^Name:/);
    const empty = path.join(dir, 'empty.xml');
    await writeFile(empty, '');
    expect((await readInputFile(empty)).length).toBe(0);
  });

  it('a /proc file over the limit is refused though its size says 0', async () => {
    await expect(readInputFile('/proc/self/status', 10)).rejects.toThrow(InputTooLargeError);
  });

  it('reads past the first buffer when a file holds more than its size said', async () => {
    const big = path.join(dir, 'big.xml');
    await writeFile(big, 'y'.repeat(200_000));
    expect((await readInputFile(big, 300_000)).length).toBe(200_000);
  });

  it('refuses a FIFO, a device and a directory, naming what they are', async () => {
    const fifo = path.join(dir, 'fifo.xml');
    execFileSync('mkfifo', [fifo]);
    await expect(readInputFile(fifo)).rejects.toThrow(
      new NotRegularFileError('not a regular file: a FIFO (named pipe)'),
    );
    await expect(readInputFile('/dev/zero')).rejects.toThrow('not a regular file: a character device');
    await expect(readInputFile(dir)).rejects.toThrow('not a regular file: a directory');
  });

  it('passes the file system error through', async () => {
    await expect(readInputFile(path.join(dir, 'missing.xml'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('readInputStream', () => {
  it('reads chunks, text or bytes, to the end', async () => {
    const bytes = await readInputStream(Readable.from(['ab', Buffer.from('cd'), new Uint8Array([0x65])]));
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
    await expect(readInputStream(endless, 25)).rejects.toThrow(new InputTooLargeError(25));
    expect(pulled).toBe(3);
    expect(released).toBe(true);
  });
});
