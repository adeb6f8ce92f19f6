import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** 64 MiB: far above any mapping or config file, far below what would exhaust memory. */
export const DEFAULT_READ_LIMIT = 64 * 1024 * 1024;

/** A path that is not a regular file, or one larger than the caller's limit: nothing was read. */
export class NotReadableFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: 'not-regular' | 'too-large',
    message: string,
  ) {
    super(message);
    this.name = 'NotReadableFileError';
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'a file of unknown type';
}

/** What is read at a time once the size that fstat gave is exhausted (the file grew). */
const CHUNK = 64 * 1024;

const MIB = 1024 * 1024;

const size = (bytes: number): string =>
  bytes >= MIB && bytes % MIB === 0 ? `${bytes / MIB} MiB (${bytes} bytes)` : `${bytes} bytes`;

/**
 * The bytes of a regular file of at most `maxBytes`. A FIFO, a device (`/dev/zero`), a socket or
 * a directory is refused without reading a byte: the open is non-blocking, so a FIFO without a
 * writer does not hang, and the type is checked on the open descriptor (fstat), so the path
 * cannot be swapped between the check and the read. A file that grows past the limit while it
 * is read is refused too. File-system errors (ENOENT, EACCES, ...) are thrown as they come.
 */
export async function readRegularFile(file: string, maxBytes = DEFAULT_READ_LIMIT): Promise<Buffer> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new NotReadableFileError(file, 'not-regular', `${kindOf(stats)}, not a regular file: not read`);
    }
    const tooLarge = (): NotReadableFileError =>
      new NotReadableFileError(
        file,
        'too-large',
        `larger than ${size(maxBytes)}, the most that is read: not read`,
      );
    if (stats.size > maxBytes) throw tooLarge();
    const chunks: Buffer[] = [];
    let total = 0;
    // Up to one byte past the limit: reading it proves the file grew beyond it.
    for (let want = stats.size + 1; ; want = CHUNK) {
      const chunk = Buffer.alloc(Math.min(want, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw tooLarge();
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}
