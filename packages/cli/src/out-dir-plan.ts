import { lstatSync, realpathSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import {
  CommonBase,
  isPathInside,
  NewFileBatch,
  OUT_DIR_MARKER,
  OUT_DIR_MARKER_TEXT,
  OutDirEscapeError,
  outputLocation,
  outputPathFor,
  realDirPath,
  writeFileAtomic,
} from '@virt-alias/rewriter';
import { displayPath } from './display-path.js';
import { describeFsError } from './errors.js';
import { PROGRAM, type CliIo } from './io.js';
import { makeDirectories, MakeDirectoryError } from './make-directories.js';
import type { StaleTempSweeper } from './stale-temps.js';

export interface OutDirPlan {
  /**
   * Whether an input is fixed: false for the out-dir's own files (a marked out-dir's earlier
   * copies, left out, and the copies this run writes there when the out-dir lies among the
   * inputs and they are walked again). One look per input directory; when the out-dir held
   * copies that are inputs of their own, each file is looked at whole (`link` as for the plan:
   * the walk's listing says, else one `lstat`).
   */
  readonly keeps: (file: string, link?: boolean) => boolean;
  /** How many inputs were left out as the out-dir's own files. */
  readonly leftOut: number;
  /**
   * Writes the fixed text of one input at its mirror under the out-dir: complete (fsynced) before
   * it takes its name, so a crash never leaves part of it. Resolves once the copy has its name:
   * copies are fsynced and renamed a batch at a time (`NewFileBatch`), so many are in flight.
   */
  readonly write: (file: string, text: string, mode: number | undefined) => Promise<void>;
  /** Starts the fsyncs and renames of every copy written so far (one awaited can then settle). */
  readonly flush: () => void;
  /**
   * Completes the last copies, then fsyncs every directory written to, once each: until then a
   * crash may lose a rename (the copy is absent), never leave a partial copy. Throws the first
   * failure.
   */
  readonly finish: () => Promise<void>;
}

/**
 * Copies fsynced together: their fsyncs overlap on the thread pool and the disk merges their
 * writes (10,000 copies: see docs/decisions/0017-out-dir-batched-fsyncs.md). Each holds an open
 * file until its batch completes.
 */
export const COPIES_PER_BATCH = 128;

const isFile = (file: string): Promise<boolean> =>
  lstat(file).then(
    (s) => s.isFile(),
    () => false,
  );

/** The real path of an input; its absolute path when it cannot be resolved. */
function realPathOrResolved(file: string): string {
  try {
    // Synchronous: one system call, cheaper than a thread-pool round trip for each of thousands.
    return realpathSync.native(file);
  } catch {
    return path.resolve(file);
  }
}

/**
 * Whether each input lies below the real out-dir (`whole`; `link`: whether the file is a symbolic
 * link, when the walk that found it said so), and whether its directory does (`dir`).
 */
interface RootCheck {
  readonly whole: (file: string, link?: boolean) => boolean;
  readonly dir: (file: string) => boolean;
}

/**
 * Whether each input lies below the real out-dir: each input directory resolved once (libc's
 * realpath reads every component of the path, a `readlink` each) and compared once; each file
 * resolved and compared whole only when it is a symbolic link itself: as the walk's listing of
 * its directory said (its `Dirent` type), else one `lstat`. A file that is no link lies below
 * the out-dir when its directory is it or lies below it, or when it is the out-dir's own path.
 * 10,000 files in 20 directories walked: 20 `realpath`s and 20 comparisons (was 60,000 system
 * calls, then 10,000 `lstat`s).
 */
function insideRealRoot(realRoot: string): RootCheck {
  const rootParent = path.dirname(realRoot);
  const dirs = new Map<string, { readonly real: string; readonly inside: boolean }>();
  const dirOf = (absolute: string): { readonly real: string; readonly inside: boolean } => {
    const dir = path.dirname(absolute);
    let found = dirs.get(dir);
    if (found === undefined) {
      const real = realPathOrResolved(dir);
      found = { real, inside: isPathInside(realRoot, real) };
      dirs.set(dir, found);
    }
    return found;
  };
  return {
    dir: (file) => dirOf(path.resolve(file)).inside,
    whole: (file, link) => {
      const absolute = path.resolve(file);
      let isLink = link;
      if (isLink === undefined) {
        try {
          isLink = lstatSync(absolute, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
        } catch {
          isLink = true;
        }
      }
      if (isLink) return isPathInside(realRoot, realPathOrResolved(absolute));
      const found = dirOf(absolute);
      if (found.inside) return true;
      return (
        found.real === rootParent && isPathInside(realRoot, path.join(found.real, path.basename(absolute)))
      );
    },
  };
}

/**
 * The inputs of a run, walked again each time they are iterated; `link` as the walk's listing
 * said (a file named on the command line: unknown, so lstat'ed).
 */
type InputFile = { readonly filePath: string; readonly link?: boolean };
export type InputFiles = AsyncIterable<InputFile> | Iterable<InputFile>;

function listed(io: CliIo, first: string, count: number): string {
  const shown = displayPath(io.cwd, first);
  return count === 1 ? shown : `${shown} and ${count - 1} more`;
}

/**
 * Checks `--out-dir` against the inputs before anything is written, comparing real paths:
 *
 * - a file below an out-dir that a run of `fix` marked (`OUT_DIR_MARKER`) is that run's output,
 *   not an input: it is left out, so `--out-dir in/fixed in/` does not nest again next time;
 * - an input below any other out-dir refuses the run: its mirror could be another input
 *   (`--out-dir in/sub in/` would write the fixed `in/vm.xml` over `in/sub/vm.xml`);
 * - a mirror whose existing parents lead out of the out-dir through a symbolic link refuses it.
 *
 * So every input lies outside the real out-dir and every write inside it (checked again just
 * before each write): no write lands on an input. The inputs are walked once for these checks
 * (twice when a mirror leads out, to name each of its files), and nothing is kept per file: a
 * directory's result, the inputs' common base, counts. Returns the problems, or the plan.
 */
export async function planOutDir(
  inputs: InputFiles,
  outDirArg: string,
  io: CliIo,
  sweeper: StaleTempSweeper,
  quiet: boolean,
): Promise<OutDirPlan | { readonly problems: readonly string[] }> {
  const root = path.resolve(io.cwd, outDirArg);
  let realRoot: string;
  try {
    realRoot = await realDirPath(root);
  } catch (error) {
    return { problems: [`--out-dir ${outDirArg}: cannot be used: ${describeFsError(error)}`] };
  }
  const marked = await isFile(path.join(realRoot, OUT_DIR_MARKER));
  let ownOutput = 0;
  let firstInside: string | undefined;
  let inputsInside = 0;
  const inside = insideRealRoot(realRoot);
  const common = new CommonBase();
  /** Each input directory, with its first input: its mirror is checked for that one. */
  const firstOfDir = new Map<string, string>();
  for await (const { filePath: file, link } of inputs) {
    if (!inside.whole(file, link)) {
      common.add(file);
      const dir = path.dirname(file);
      if (!firstOfDir.has(dir)) firstOfDir.set(dir, file);
    } else if (marked) ownOutput++;
    else {
      firstInside ??= file;
      inputsInside++;
    }
  }
  if (firstInside !== undefined) {
    return {
      problems: [
        `--out-dir ${outDirArg} holds inputs (${listed(io, firstInside, inputsInside)}): the fixed copies would be written over or among the originals; choose a directory outside the inputs`,
      ],
    };
  }
  if (ownOutput > 0 && !quiet) {
    io.stderr.write(
      `${PROGRAM}: ${outDirArg}: left out: ${ownOutput} file${ownOutput === 1 ? '' : 's'} below --out-dir, fixed copies an earlier run wrote there\n`,
    );
  }
  // A file whose directory lies outside the out-dir is kept at the cost of a lookup; any other
  // (a copy this run wrote, where the inputs are walked again) is checked as above.
  const keeps =
    ownOutput > 0
      ? (file: string, link?: boolean) => !inside.whole(file, link)
      : (file: string, link?: boolean) => !inside.dir(file) || !inside.whole(file, link);

  const base = common.base;
  /**
   * Input directories whose mirrors stay inside the out-dir: whether a mirror leads out depends
   * on its directory only, the same for every file of one input directory (a mirror that leads
   * out is reported for each of its files, found by walking the inputs again).
   */
  const staying = new Set<string>();
  /** Why the mirror of `file` leads out of the out-dir; undefined when it stays inside. */
  const escape = async (file: string): Promise<string | undefined> => {
    try {
      await outputLocation(root, outputPathFor(file, base, root), realRoot);
      staying.add(path.dirname(file));
      return undefined;
    } catch (error) {
      if (!(error instanceof OutDirEscapeError)) throw error;
      return error.message;
    }
  };
  let leadsOut = false;
  for (const file of firstOfDir.values()) if ((await escape(file)) !== undefined) leadsOut = true;
  if (leadsOut) {
    const problems: string[] = [];
    for await (const { filePath: file, link } of inputs) {
      if (staying.has(path.dirname(file)) || !keeps(file, link)) continue;
      const why = await escape(file);
      if (why !== undefined) problems.push(`--out-dir ${outDirArg}: ${displayPath(io.cwd, file)}: ${why}`);
    }
    if (problems.length > 0) return { problems };
  }

  // Made and marked now, before anything is read: an out-dir that cannot be made (`/proc/x`,
  // below a file, no permission) fails the run at once, not once every file was fixed.
  try {
    await makeDirectories(realRoot);
    if (!marked) await writeFileAtomic(path.join(realRoot, OUT_DIR_MARKER), OUT_DIR_MARKER_TEXT);
  } catch (error) {
    const reason = error instanceof MakeDirectoryError ? error.message : describeFsError(error);
    return { problems: [`--out-dir ${outDirArg}: cannot be used: ${reason}`] };
  }
  const copies = new NewFileBatch(COPIES_PER_BATCH);
  /** The copies asked for so far, written (or failed) one after the other. */
  let staging: Promise<unknown> = Promise.resolve();
  /**
   * The mirror directories made (or found) by this run, each once: `mkdir -p` and its checks
   * for the first copy there, not for every copy. A failure is forgotten, so the next copy
   * tries again and reports its own.
   */
  const made = new Map<string, Promise<void>>();
  const makeOnce = (mirror: string): Promise<void> => {
    const dir = path.dirname(mirror);
    let done = made.get(dir);
    if (!done) {
      // Checked before creating its directories: a symbolic link there is not followed out.
      done = outputLocation(root, mirror, realRoot).then(() => makeDirectories(dir));
      made.set(dir, done);
      done.catch(() => made.delete(dir));
    }
    return done;
  };
  /** Each input directory's mirror, found once: a copy's mirror is its name there. */
  const mirrorDirs = new Map<string, string>();
  const mirrorOf = (file: string): string => {
    const dir = path.dirname(file);
    const mirrorDir = mirrorDirs.get(dir);
    if (mirrorDir !== undefined) return path.join(mirrorDir, path.basename(file));
    const mirror = outputPathFor(file, base, root);
    mirrorDirs.set(dir, path.dirname(mirror));
    return mirror;
  };
  return {
    keeps,
    leftOut: ownOutput,
    flush: () => {
      void staging.then(() => copies.flush());
    },
    finish: () => staging.then(() => copies.finish()),
    write: (file, text, mode) => {
      // Dropped once written: what waits for the batch's fsyncs holds no text.
      let data: string | undefined = text;
      // Staged one after the other, in the order asked: a copy's batch is the one that was
      // filling when it was asked for, so waiting on the oldest copy never waits on a batch that
      // no later copy will fill.
      const staged = staging.then(async () => {
        const mirror = mirrorOf(file);
        await makeOnce(mirror);
        // Checked again just before every write, every parent resolved against the root's real
        // path found above: a symbolic link put anywhere on the way meanwhile is not followed out.
        const real = await outputLocation(root, mirror, realRoot);
        await sweeper.sweep(path.dirname(real));
        // Written now; fsynced with its batch, renamed after; each directory fsynced at the end.
        const completed = copies.add(real, data ?? '', mode);
        data = undefined;
        completed.catch(() => undefined);
        return { completed };
      });
      staging = staged.catch(() => undefined);
      return staged.then(completion);
    },
  };
}

const completion = (staged: { readonly completed: Promise<void> }): Promise<void> => staged.completed;
