import {
  closeSync,
  fchmodSync,
  fsync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { tempPathFor } from './temp-files.js';

export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * `fsyncDirectory`, synchronous: for `replaceFile`, which replaces one file at a time and waits
 * on each step anyway, so a thread-pool round trip per call would only add to its cost.
 */
export function fsyncDirectorySync(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `data` to a new temporary file beside `target` (created exclusively, mode 0600 until
 * `prepare` sets the real metadata), then fsyncs it. Returns its path; on any failure the
 * temporary file is removed and the error thrown, so nothing is left behind.
 */
export function writeSyncedTemp(
  target: string,
  data: string | Uint8Array,
  prepare: (fd: number, path: string) => void,
): string {
  const { fd, tmp } = writeTempSync(target, data, prepare);
  try {
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  return tmp;
}

export interface AtomicWriteOptions {
  /** File mode of the new file; defaults to the mode of the file being replaced, else 0o644. */
  readonly mode?: number;
}

/**
 * The mode of the file being replaced, else 0o644. A bigint stat, as every synchronous stat of a
 * path someone else named (see SYNC_STAT in @virt-alias/rules: Node 20's plain one shares its
 * array with the module resolver, which a FIFO's stat once broke).
 */
function modeOf(path: string): number {
  try {
    const stats = statSync(path, { throwIfNoEntry: false, bigint: true });
    return stats ? Number(stats.mode & 0o7777n) : 0o644;
  } catch {
    return 0o644;
  }
}

export const fsyncFd = (fd: number): Promise<void> =>
  new Promise((resolveSync, reject) => {
    fsync(fd, (error) => {
      if (error) reject(error);
      else resolveSync();
    });
  });

/**
 * Writes `data` to a new temporary file beside `target` (created exclusively, 0600 until
 * `prepare` sets its mode, or all its metadata) and leaves it open for its fsync. On failure the
 * temporary file is removed and the error thrown, so nothing is left behind.
 */
export function writeTempSync(
  target: string,
  data: string | Uint8Array,
  prepare: (fd: number, path: string) => void,
): { readonly fd: number; readonly tmp: string } {
  const tmp = tempPathFor(target);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeFileSync(fd, data, 'utf8');
    prepare(fd, tmp);
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
  return { fd, tmp };
}

/**
 * `writeTempSync` for a new file (or one replaced without keeping more than its mode): the
 * temporary file gets `mode`, else that of the file `target` names (`modeOf`).
 */
export function writeTempWithModeSync(
  target: string,
  data: string,
  mode?: number,
): { readonly fd: number; readonly tmp: string } {
  const permissions = mode ?? modeOf(target);
  return writeTempSync(target, data, (fd) => {
    fchmodSync(fd, permissions);
  });
}

/**
 * Writes a file so that a crash or a full disk at any moment leaves either the old content or
 * the new, never a half-written file: a temporary file in the same directory, fsync, rename over
 * the target, fsync of the directory. For a new file
 * (`--out-dir`), the cache, reports; `replaceFile` replaces an input in place, keeping what it
 * must keep.
 *
 * Every step but the fsyncs is a synchronous system call: `fix --out-dir` writes thousands of
 * small files, and one thread-pool round trip per step cost more than the step itself. The
 * fsyncs wait on the disk, so they stay asynchronous: the writes of several files overlap there.
 */
export async function writeFileAtomic(
  path: string,
  data: string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const { fd, tmp } = writeTempWithModeSync(path, data, options.mode);
  try {
    try {
      await fsyncFd(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  await fsyncDirectory(dirname(path));
}

/**
 * A file written a piece at a time, then put in place as `writeFileAtomic` does (temporary file
 * beside the target, fsync, rename, fsync of the directory): for a file too large to hold as one
 * string (the lint cache of a whole cloud). `abort` removes the temporary file.
 */
export class AtomicFileWriter {
  private readonly tmp: string;
  private readonly fd: number;
  private position = 0;
  private open = true;

  constructor(readonly target: string) {
    this.tmp = tempPathFor(target);
    this.fd = openSync(this.tmp, 'wx', 0o600);
  }

  /** Appends; returns the bytes written. */
  write(data: string | Uint8Array): number {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.writeAll(bytes, this.position);
    this.position += bytes.length;
    return bytes.length;
  }

  /** Overwrites bytes already written, at `offset` (a header filled in at the end). */
  writeAt(offset: number, data: string): void {
    this.writeAll(Buffer.from(data, 'utf8'), offset);
  }

  async commit(): Promise<void> {
    try {
      fchmodSync(this.fd, modeOf(this.target));
      await fsyncFd(this.fd);
      this.close();
      renameSync(this.tmp, this.target);
    } catch (error) {
      this.abort();
      throw error;
    }
    await fsyncDirectory(dirname(this.target));
  }

  abort(): void {
    this.close();
    rmSync(this.tmp, { force: true });
  }

  /** `writeSync` may write less than asked: it is called again for the rest. */
  private writeAll(bytes: Uint8Array, offset: number): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, offset + done);
  }

  private close(): void {
    if (!this.open) return;
    this.open = false;
    closeSync(this.fd);
  }
}
