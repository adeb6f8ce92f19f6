import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface AtomicWriteOptions {
  /** File mode of the new file; defaults to the mode of the file being replaced, else 0o644. */
  readonly mode?: number;
}

/**
 * Writes a file so that a crash or a full disk at any moment leaves either the old content or
 * the new, never a half-written file: a temporary file in the same directory, fsync, rename over
 * the target, fsync of the directory.
 */
export async function writeFileAtomic(
  path: string,
  data: string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(path);
  let mode = options.mode;
  if (mode === undefined) {
    try {
      mode = (await stat(path)).mode & 0o7777;
    } catch {
      mode = 0o644;
    }
  }
  const tmp = join(dir, `.${basename(path)}.virt-alias-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', mode);
  try {
    try {
      await handle.writeFile(data, 'utf8');
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await fsyncDirectory(dir);
}

/**
 * Copies the original beside itself as `<file>.bak` before it is replaced; an existing backup is
 * never overwritten (it may be the only original left), so that is an error.
 */
export async function backupFile(path: string): Promise<string> {
  const backup = `${path}.bak`;
  try {
    await copyFile(path, backup, constants.COPYFILE_EXCL);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new Error(
        `the backup ${backup} already exists: move it away first (it may be the only original)`,
      );
    }
    throw e;
  }
  return backup;
}
