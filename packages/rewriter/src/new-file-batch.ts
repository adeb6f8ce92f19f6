import { closeSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fsyncDirectory, fsyncFd, writeTempWithModeSync } from './atomic-write.js';

/** A file whose temporary copy is written, waiting for its batch's fsyncs and its rename. */
interface Pending {
  readonly fd: number;
  readonly tmp: string;
  readonly target: string;
  readonly done: (error?: Error) => void;
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** The fsync's failure, else undefined: one file's failure does not stop its batch. */
const fsyncError = (fd: number): Promise<Error | undefined> => fsyncFd(fd).then(() => undefined, asError);

/** The real path of a directory, or undefined when it cannot be resolved. */
function realPathOrNone(dir: string): string | undefined {
  try {
    return realpathSync.native(dir);
  } catch {
    return undefined;
  }
}

/** Removes a temporary file; a failure to is left to the next run's sweep (the file's own error is what is reported). */
function removeQuietly(tmp: string): void {
  try {
    rmSync(tmp, { force: true });
  } catch {
    // Left for removeStaleTemps.
  }
}

/** A directory that was not where it was found when the batch began: nothing is renamed into it. */
export class DirectoryMovedError extends Error {
  override readonly name = 'DirectoryMovedError';
}

/**
 * New files (the copies of `fix --out-dir`, never replacements of inputs) written as
 * `writeFileAtomic` writes them, a batch at a time: each file's temporary copy is written at
 * once, without waiting on the disk; when `size` are waiting, their fsyncs are issued together
 * (they overlap on the thread pool, and the disk merges their writes), then each fsynced file is
 * renamed to its name. One file per fsync, one fsync before every rename: a crash leaves each
 * file complete under its name, or absent (its temporary copy, which the next run removes, or
 * nothing). Directories are fsynced once each by `finish`, after the last rename: until then a
 * crash may lose a rename, never leave part of a file.
 *
 * `target` must be a real path (every directory on the way resolved): just before a batch's
 * renames, each directory it renames into is resolved again and must still be itself (a
 * symbolic link put on the way meanwhile refuses that directory's files).
 */
export class NewFileBatch {
  private pending: Pending[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly renamedInto = new Set<string>();

  constructor(private readonly size: number) {}

  /**
   * Writes `data` to a temporary file beside `target` now (synchronously; it throws, leaving
   * nothing, when that fails), and returns a promise that settles once the file is fsynced and
   * renamed to `target` (rejected, its temporary file removed, when either fails). `mode`
   * defaults to that of the file `target` names, else 0o644, as for `writeFileAtomic`.
   */
  add(target: string, data: string, mode?: number): Promise<void> {
    const { fd, tmp } = writeTempWithModeSync(target, data, mode);
    const settled = new Promise<void>((resolve, reject) => {
      this.pending.push({
        fd,
        tmp,
        target,
        done: (error) => {
          if (error === undefined) resolve();
          else reject(error);
        },
      });
    });
    if (this.pending.length >= this.size) void this.flush();
    return settled;
  }

  /** Fsyncs and renames every file written so far; resolves once they are done (each settled). */
  flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    // One batch after the other: a batch's renames never wait on a later batch's fsyncs.
    this.flushing = this.flushing.then(() => this.complete(batch));
    return this.flushing;
  }

  /** Flushes what is left, then fsyncs each directory renamed into, once. Throws the first failure. */
  async finish(): Promise<void> {
    await this.flush();
    for (const dir of this.renamedInto) await fsyncDirectory(dir);
  }

  private async complete(batch: readonly Pending[]): Promise<void> {
    if (batch.length === 0) return;
    const errors = await Promise.all(batch.map((file) => fsyncError(file.fd)));
    /** Each directory checked once per batch: its real path must still be its path. */
    const stayed = new Map<string, boolean>();
    batch.forEach((file, i) => {
      let error: Error | undefined = errors[i];
      try {
        closeSync(file.fd);
      } catch (closeError) {
        error ??= asError(closeError);
      }
      const dir = dirname(file.target);
      if (error === undefined) {
        let same = stayed.get(dir);
        if (same === undefined) {
          same = realPathOrNone(dir) === dir;
          stayed.set(dir, same);
        }
        if (!same)
          error = new DirectoryMovedError(
            `${dir} is no longer where it was (removed, moved, or a symbolic link put on its way): nothing renamed into it`,
          );
      }
      if (error === undefined) {
        try {
          renameSync(file.tmp, file.target);
          this.renamedInto.add(dir);
        } catch (renameError) {
          error = asError(renameError);
        }
      }
      if (error !== undefined) removeQuietly(file.tmp);
      file.done(error);
    });
  }
}
