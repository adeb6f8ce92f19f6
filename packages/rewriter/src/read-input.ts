import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/**
 * 10 MiB, the most `virsh define` reads: libvirt's `virFileReadAll` refuses a larger file with
 * "Value too large for defined data type" (checked with virsh 9.0: 10,485,760 bytes define,
 * 10,485,761 do not). Domain files, standard input and config files are held to it.
 */
export const MAX_INPUT_BYTES = 10_485_760;

/** Smallest read buffer: files of `/proc` and the like say size 0 and still hold text. */
const MIN_BUFFER = 64 * 1024;

/** A path that names something other than a regular file: a FIFO, a device, a socket. */
export class NotRegularFileError extends Error {
  override readonly name = 'NotRegularFileError';
}

/** More bytes than the limit: nothing past limit + 1 bytes was read. */
export class InputTooLargeError extends Error {
  override readonly name = 'InputTooLargeError';
  constructor(readonly limit: number) {
    super(`larger than ${limit.toLocaleString('en-US')} bytes`);
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function refuseUnlessRegular(stats: Stats): void {
  if (!stats.isFile()) throw new NotRegularFileError(`not a regular file: ${kindOf(stats)}`);
}

/**
 * Reads a regular file, at most `limit` bytes. Never blocks and never reads without end: a
 * FIFO, a device or a socket is refused (checked before opening, and again on the open handle,
 * which is opened non-blocking so that a FIFO swapped in meanwhile cannot hang the run), and a
 * file larger than `limit` (by its size, or by what a read returns: files grow, `/proc` lies)
 * is refused after at most `limit + 1` bytes. Throws `NotRegularFileError`,
 * `InputTooLargeError`, or the file system's error.
 */
export async function readInputFile(file: string, limit = MAX_INPUT_BYTES): Promise<Buffer> {
  refuseUnlessRegular(await stat(file));
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const stats = await handle.stat();
    refuseUnlessRegular(stats);
    if (stats.size > limit) throw new InputTooLargeError(limit);
    const cap = limit + 1;
    let buffer = Buffer.allocUnsafe(Math.min(Math.max(stats.size + 1, MIN_BUFFER), cap));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length >= cap) break;
        const larger = Buffer.allocUnsafe(Math.min(length * 2, cap));
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > limit) throw new InputTooLargeError(limit);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/**
 * Reads a stream (standard input) to its end, at most `limit` bytes: past that it stops reading
 * (the stream is released) and throws `InputTooLargeError`.
 */
export async function readInputStream(
  stream: AsyncIterable<Uint8Array | string>,
  limit = MAX_INPUT_BYTES,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const bytes =
      typeof chunk === 'string'
        ? Buffer.from(chunk)
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    chunks.push(bytes);
    length += bytes.length;
    if (length > limit) throw new InputTooLargeError(limit);
  }
  return Buffer.concat(chunks, length);
}
