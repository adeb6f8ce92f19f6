import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
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
 * Writes `data` to a new temporary file beside `target` (created exclusively, mode 0600 until
 * `prepare` sets the real metadata), then fsyncs it. Returns its path; on any failure the
 * temporary file is removed and the error thrown, so nothing is left behind.
 */
export async function writeTemp(
  target: string,
  data: string | Uint8Array,
  prepare: (handle: FileHandle, path: string) => Promise<void>,
): Promise<string> {
  const tmp = tempPathFor(target);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(data, typeof data === 'string' ? 'utf8' : undefined);
      await prepare(handle, tmp);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return tmp;
}

export interface AtomicWriteOptions {
  /** File mode of the new file; defaults to the mode of the file being replaced, else 0o644. */
  readonly mode?: number;
}

/**
 * Writes a file so that a crash or a full disk at any moment leaves either the old content or
 * the new, never a half-written file: a temporary file in the same directory, fsync, rename over
 * the target, fsync of the directory. For a new file (`--out-dir`); `replaceFile` replaces an
 * input in place, keeping what it must keep.
 */
export async function writeFileAtomic(
  path: string,
  data: string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  let mode = options.mode;
  if (mode === undefined) {
    try {
      mode = (await stat(path)).mode & 0o7777;
    } catch {
      mode = 0o644;
    }
  }
  const chosen = mode;
  const tmp = await writeTemp(path, data, (handle) => handle.chmod(chosen));
  try {
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  await fsyncDirectory(dirname(path));
}
