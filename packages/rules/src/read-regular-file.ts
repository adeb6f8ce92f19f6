import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  statSync,
  type BigIntStats,
  type Stats,
} from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';

/**
 * The one way virt-alias reads a file someone else named: domain files, standard input, config
 * and baseline files (the CLI), `--mapping` files (the rewriter), `--schema` files (this
 * package), and the file `fix --write` checks again before replacing it. Each caller passes its
 * own limit.
 */

/**
 * 10 MiB, the most `virsh define` reads: libvirt's `virFileReadAll` refuses a larger file with
 * "Value too large for defined data type" (checked with virsh 9.0: 10,485,760 bytes define,
 * 10,485,761 do not). Domain files, standard input, config files and schema files are held to it.
 */
export const MAX_INPUT_BYTES = 10_485_760;

/** A path that names something other than a regular file: a FIFO, a device, a socket. */
export class NotRegularFileError extends Error {
  override readonly name = 'NotRegularFileError';
  /** What it is instead: "a FIFO (named pipe)", "a character device", ... */
  readonly kind: string;
  constructor(stats: Stats | BigIntStats) {
    const kind = kindOf(stats);
    super(`not a regular file: ${kind}`);
    this.kind = kind;
  }
}

/** More bytes than the limit: nothing past limit + 1 bytes was read. */
export class InputTooLargeError extends Error {
  override readonly name = 'InputTooLargeError';
  constructor(readonly limit: number) {
    super(`larger than ${limit.toLocaleString('en-US')} bytes`);
  }
}

function kindOf(stats: Stats | BigIntStats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'a file of unknown type';
}

function refuseUnlessRegular(stats: Stats | BigIntStats): void {
  if (!stats.isFile()) throw new NotRegularFileError(stats);
}

/**
 * Read-only, non-blocking (a FIFO swapped in after the check cannot hang the open or a read),
 * and never the process's controlling terminal.
 */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/**
 * Synchronous stats as bigints: Node 20's synchronous stat fills an array it shares with its ES
 * module resolver, and after the stat of a FIFO (a cache location someone made a named pipe)
 * the next import of a package not yet loaded fails ("Cannot find package"). The bigint stats
 * have an array of their own (packages/cli/test/input-safety.test.ts, "a FIFO at the cache location").
 */
const SYNC_STAT = { bigint: true } as const;

/** Smallest read buffer: files of `/proc` and the like say size 0 and still hold text. */
const MIN_BUFFER = 64 * 1024;

/**
 * The bytes read so far, in a buffer that grows (doubling) up to `max` bytes and no further:
 * the same for the synchronous and the asynchronous reads.
 */
class BoundedBytes {
  private buffer: Buffer;
  private length = 0;

  /**
   * `size` is what fstat said: a hint for the first buffer, and the end only where a read stops
   * exactly there (see `add`). `scratch`, when large enough for the hint, is used instead of a
   * new buffer.
   */
  constructor(
    private readonly max: number,
    private readonly size: number,
    scratch?: Buffer,
  ) {
    const wanted = Math.min(Math.max(size + 1, MIN_BUFFER), max);
    this.buffer = scratch && scratch.length >= wanted ? scratch : Buffer.allocUnsafe(wanted);
  }

  /** Where the next read goes; undefined once `max` bytes are held. */
  space(): Buffer | undefined {
    if (this.length === this.buffer.length) {
      if (this.length >= this.max) return undefined;
      const larger = Buffer.allocUnsafe(Math.min(this.length * 2, this.max));
      this.buffer.copy(larger, 0, 0, this.length);
      this.buffer = larger;
    }
    return this.buffer.subarray(this.length);
  }

  /**
   * Records a read into `space()`; false at the end of the file: nothing read, or a read that
   * stopped exactly at fstat's size though asked for more (the kernel fills a regular file's read
   * up to its end, so asking again would return nothing: one system call per file saved). Any
   * other short read (a file that grew, `/proc`'s size 0, sysfs's 4096) asks again.
   */
  add(bytesRead: number): boolean {
    this.length += bytesRead;
    return bytesRead > 0 && !(this.size > 0 && this.length === this.size && this.length < this.buffer.length);
  }

  get bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

/**
 * Up to `max` bytes of an open file, from its current position: however large the file is, or
 * says it is (files grow; `/proc` says 0), no more is read. `size` is fstat's size, a hint.
 */
export async function readAtMost(handle: FileHandle, size: number, max: number): Promise<Buffer> {
  const into = new BoundedBytes(max, size);
  for (let space = into.space(); space; space = into.space()) {
    const { bytesRead } = await handle.read(space, 0, space.length, null);
    if (!into.add(bytesRead)) break;
  }
  return into.bytes;
}

/** `readAtMost`, synchronous, on a descriptor; with `scratch` as `readRegularFileSync` has it. */
export function readAtMostSync(fd: number, size: number, max: number, scratch?: Buffer): Buffer {
  const into = new BoundedBytes(max, size, scratch);
  for (let space = into.space(); space; space = into.space()) {
    if (!into.add(readSync(fd, space, 0, space.length, null))) break;
  }
  return into.bytes;
}

function withinLimit(bytes: Buffer, limit: number): Buffer {
  if (bytes.length > limit) throw new InputTooLargeError(limit);
  return bytes;
}

/**
 * Reads a regular file of at most `limit` bytes. Never blocks and never reads without end: a
 * FIFO, a device, a socket or a directory is refused without reading a byte (checked before
 * opening, and again on the open handle, so that a path swapped meanwhile is caught), and a file
 * larger than `limit` (by its size, or by what the reads return) is refused after at most
 * `limit + 1` bytes. Throws `NotRegularFileError`, `InputTooLargeError`, or the file system's
 * error (ENOENT, EACCES, ...) as it comes.
 */
export async function readRegularFile(file: string, limit: number): Promise<Buffer> {
  refuseUnlessRegular(await stat(file));
  const handle = await open(file, OPEN_FLAGS);
  try {
    const stats = await handle.stat();
    refuseUnlessRegular(stats);
    if (stats.size > limit) throw new InputTooLargeError(limit);
    return withinLimit(await readAtMost(handle, stats.size, limit + 1), limit);
  } finally {
    await handle.close();
  }
}

/**
 * A regular file opened for reading, its descriptor for the caller to close: for files the tool
 * keeps for itself (the cache, its run record), which a FIFO put in their place must not hang
 * either. Undefined when it cannot be opened as one (missing, unreadable, not a regular file):
 * for such a file that is a miss, never an error.
 */
export function openRegularFileSync(file: string): number | undefined {
  try {
    return openRegularSync(file).fd;
  } catch {
    return undefined;
  }
}

/** `openRegularFileSync`, with what its one `fstat` found. */
function openRegularSync(file: string): { fd: number; stats: BigIntStats } {
  const fd = openSync(file, OPEN_FLAGS);
  try {
    const stats = fstatSync(fd, SYNC_STAT);
    refuseUnlessRegular(stats);
    return { fd, stats };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * `readRegularFile`, synchronous: for callers that cannot wait (libxml2's input callbacks), and
 * for worker threads, which have nothing else to do meanwhile and so avoid the cost of an
 * asynchronous call per system call. With `scratch`, the bytes are read into it when they fit
 * (the result is then a view of it, valid until the next read into it): a thread that reads
 * thousands of small files allocates no buffer per file (64 KiB each, outside the heap).
 */
export function readRegularFileSync(
  file: string,
  limit: number,
  scratch?: Buffer,
  /** Told the file's metadata, taken before it is opened: a stamp of the content then read. */
  onStat?: (stats: BigIntStats) => void,
  /**
   * Told the metadata of the file opened (its `fstat`): that of the bytes read, even when the
   * path was replaced after `onStat`'s stat (its mode is what a copy of them may show).
   */
  onOpen?: (stats: BigIntStats) => void,
): Buffer {
  const stats = statSync(file, SYNC_STAT);
  refuseUnlessRegular(stats);
  onStat?.(stats);
  const { fd, stats: opened } = openRegularSync(file);
  const size = Number(opened.size);
  try {
    onOpen?.(opened);
    if (size > limit) throw new InputTooLargeError(limit);
    return withinLimit(readAtMostSync(fd, size, limit + 1, scratch), limit);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a stream (standard input) to its end, at most `limit` bytes: past that it stops reading
 * (the stream is released) and throws `InputTooLargeError`.
 */
export async function readStream(stream: AsyncIterable<Uint8Array | string>, limit: number): Promise<Buffer> {
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
