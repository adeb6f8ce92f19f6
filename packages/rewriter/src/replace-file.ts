import {
  closeSync,
  constants,
  fstatSync,
  linkSync,
  openSync,
  renameSync,
  rmSync,
  type BigIntStats,
} from 'node:fs';
import { dirname } from 'node:path';
import { readAtMostSync } from '@virt-alias/rules';
import { fsyncDirectorySync, writeSyncedTemp } from './atomic-write.js';
import { applyMetadata, readMetadata, type FileMetadata } from './file-metadata.js';

/** A file `replaceFile` leaves as it is, and why: nothing was written. */
export class WriteRefusedError extends Error {
  override readonly name = 'WriteRefusedError';
}

export interface ReplaceFileOptions {
  /** The content the caller read (and fixed): the file must still hold exactly these bytes. */
  readonly expected: string | Uint8Array;
  /** Keep the original as `FILE.bak` (see `replaceFile`). */
  readonly backup?: boolean;
  /** Replace a file that has other hard links, which then keep the old content. */
  readonly breakHardLinks?: boolean;
  /**
   * Test-only: called once the new content (and the backup) is on disk, just before the last
   * check and the rename. Tests use it to change the file at that moment, to simulate a failure
   * by throwing, or to pause a process there and kill it.
   */
  readonly beforeRename?: (path: string) => Promise<void>;
}

export interface ReplaceFileResult {
  /** The backup, with `backup`: made by this call, or an identical one an interrupted run left. */
  readonly backup?: string;
}

interface Seen {
  readonly stats: BigIntStats;
  /** Undefined for anything but a regular file; at most the `max` bytes `look` was given. */
  readonly bytes?: Buffer;
}

/**
 * One look at `path` itself (never through a symbolic link, never blocking on a FIFO), reading
 * at most `max` bytes: one more than the content it is compared with tells a longer file apart.
 */
function look(path: string, max: number): Seen {
  let fd;
  try {
    fd = openSync(
      path,
      constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new WriteRefusedError(`${path} is a symbolic link now`);
    }
    throw error;
  }
  try {
    const stats = fstatSync(fd, { bigint: true });
    return stats.isFile() ? { stats, bytes: readAtMostSync(fd, Number(stats.size), max) } : { stats };
  } finally {
    closeSync(fd);
  }
}

/** What differs between two looks at one file, if anything. */
function change(a: Seen, b: Seen): string | undefined {
  if (a.stats.dev !== b.stats.dev || a.stats.ino !== b.stats.ino) return 'another file was put in its place';
  if (a.stats.size !== b.stats.size) return 'its size changed';
  if (a.stats.mtimeNs !== b.stats.mtimeNs) return 'its modification time changed';
  // ctime moves with any change of owner, mode, links or extended attributes, which are copied.
  if (a.stats.ctimeNs !== b.stats.ctimeNs) return 'its owner, mode, links or attributes changed';
  if (!a.bytes || !b.bytes || !a.bytes.equals(b.bytes)) return 'its content changed';
  return undefined;
}

const changed = (why: string): WriteRefusedError =>
  new WriteRefusedError(
    `it changed since it was read (${why}): another program wrote it; run fix again on the new content`,
  );

/**
 * `FILE.bak`, written as a complete file or not at all: a temporary file with the original's
 * bytes and metadata, fsynced, then linked to its name (which fails rather than overwrite).
 * A backup already there with exactly these bytes is what an interrupted run left: kept as it
 * is. One with other bytes may be the only original left: an error.
 */
function writeBackup(
  path: string,
  bytes: Buffer,
  metadata: FileMetadata,
): { backup: string; created: boolean } {
  const backup = `${path}.bak`;
  const exists = (): WriteRefusedError =>
    new WriteRefusedError(
      `the backup ${backup} already exists and holds other text: move it away first (it may be the only original)`,
    );
  let existing: Seen | undefined;
  try {
    existing = look(backup, bytes.length + 1);
  } catch (error) {
    // `look` names a link where a file was read; here no file was, and the link is in the way.
    if (error instanceof WriteRefusedError) {
      throw new WriteRefusedError(`the backup ${backup} is a symbolic link: move it away first`);
    }
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (existing) {
    if (existing.bytes?.equals(bytes)) return { backup, created: false };
    throw exists();
  }
  const tmp = writeSyncedTemp(backup, bytes, (fd, tmpPath) => {
    applyMetadata(fd, tmpPath, metadata);
  });
  try {
    linkSync(tmp, backup);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw exists();
    throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
  fsyncDirectorySync(dirname(backup));
  return { backup, created: true };
}

/**
 * Replaces the regular file at `path` (give the real path) with `data`, never losing a byte:
 *
 * - the file must still hold `expected`, and must not have changed in any way (inode, size,
 *   mtime, ctime, content) between the first look and the rename: otherwise `WriteRefusedError`,
 *   as another program wrote it;
 * - a file with more than one hard link is refused unless `breakHardLinks`;
 * - the new file keeps owner, group, mode and extended attributes (SELinux label, ACL), or is
 *   not written;
 * - a temporary file in the same directory, fsync, rename, fsync of the directory: a crash
 *   leaves the old file or the new;
 * - with `backup`, `FILE.bak` is written completely before the rename, and removed again when
 *   the write fails.
 *
 * Between the last check and the rename there remains a window no POSIX call closes.
 *
 * Every step is a synchronous system call, but for the metadata module's first load and the
 * `beforeRename` hook: files are replaced one at a time, each step waited for, and a thread-pool
 * round trip per call (about twenty per file) cost more than the calls themselves.
 */
export async function replaceFile(
  path: string,
  data: string | Uint8Array,
  options: ReplaceFileOptions,
): Promise<ReplaceFileResult> {
  const expected =
    typeof options.expected === 'string'
      ? Buffer.from(options.expected, 'utf8')
      : Buffer.from(options.expected);
  const before = look(path, expected.length + 1);
  if (!before.bytes) throw new WriteRefusedError('it is not a regular file');
  if (!before.bytes.equals(expected)) throw changed('its content changed');
  const links = Number(before.stats.nlink);
  if (links > 1 && options.breakHardLinks !== true) {
    throw new WriteRefusedError(
      `it has ${links} hard links: replacing it would leave the other ${links - 1} name${links > 2 ? 's' : ''} with the old text (use --break-hard-links to replace it anyway)`,
    );
  }
  const metadata = await readMetadata(path, before.stats);
  const tmp = writeSyncedTemp(path, data, (fd, tmpPath) => {
    applyMetadata(fd, tmpPath, metadata);
  });
  let made: { backup: string; created: boolean } | undefined;
  try {
    if (options.backup === true) made = writeBackup(path, before.bytes, metadata);
    await options.beforeRename?.(path);
    const why = change(before, look(path, expected.length + 1));
    if (why !== undefined) throw changed(why);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    if (made?.created === true) rmSync(made.backup, { force: true });
    throw error;
  }
  fsyncDirectorySync(dirname(path));
  return made ? { backup: made.backup } : {};
}
