import fs, { type Dirent } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { mapLimit } from '@virt-alias/rules';
import { describeFsError, isFsError } from './errors.js';
import {
  byCodeUnits,
  walkXmlFiles,
  type Unreadable,
  type UnreadableDirectory,
  type WalkItem,
} from './walk-xml.js';

export type { Unreadable } from './walk-xml.js';

/** The command-line argument that reads the document from standard input. */
export const STDIN_ARG = '-';

/** One thing to lint: a file, or standard input. */
export type Target =
  { readonly kind: 'file'; readonly path: string } | { readonly kind: 'stdin'; readonly filePath: string };

/**
 * What one command-line argument stands for: its targets, or why none. A directory or a glob is
 * a pattern: `matched` is every file it matched, even those an earlier argument already named
 * (`targets` leaves those out), and `unreadable` every directory below it that could not be read
 * and every file or directory whose name is not UTF-8.
 */
export type Expansion =
  | {
      readonly arg: string;
      readonly kind: 'stdin' | 'file' | 'directory' | 'glob';
      readonly targets: readonly Target[];
      readonly matched: readonly string[];
      readonly unreadable: readonly Unreadable[];
    }
  | { readonly arg: string; readonly error: string };

/**
 * glob skips a directory it cannot read without a word: its file system calls go through this
 * recorder, which notes every such directory (a vanished or non-directory path is no problem).
 */
class ReaddirRecorder {
  readonly failures: UnreadableDirectory[] = [];

  private note(dir: string, error: NodeJS.ErrnoException): void {
    // ELOOP: a symbolic link that leads to itself is no directory; as a match, its read says so.
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR' || error.code === 'ELOOP') return;
    this.failures.push({ path: dir, reason: describeFsError(error) });
  }

  readonly fs = {
    readdir: (
      dir: string,
      options: { withFileTypes: true },
      callback: (error: NodeJS.ErrnoException | null, entries?: Dirent[]) => void,
    ): void => {
      fs.readdir(dir, options, (error, entries) => {
        if (error) this.note(dir, error);
        callback(error, entries);
      });
    },
    promises: {
      readdir: async (dir: string, options: { withFileTypes: true }): Promise<Dirent[]> => {
        try {
          return await fs.promises.readdir(dir, options);
        } catch (error) {
          this.note(dir, error as NodeJS.ErrnoException);
          throw error;
        }
      },
    },
  };
}

/**
 * Where a path leads: its real path, or, for one that leads nowhere (dangling, a loop), its
 * directory's real path and its name.
 */
async function placeOf(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch {
    const dir = await realpath(path.dirname(file)).catch(() => path.dirname(file));
    return path.join(dir, path.basename(file));
  }
}

/**
 * One path to each file: the one without a link when there is one, else the first (sorted). A
 * `**` passes one linked directory, as in bash (`vms/b/to-a/vm.xml` beside `vms/a/vm.xml`): the
 * same file twice was linted twice, and `fix --write` refused its second path as "changed since
 * it was read".
 */
async function oncePerFile(files: readonly string[]): Promise<string[]> {
  const places = await mapLimit(files, 16, placeOf);
  const chosen = new Map<string, number>();
  places.forEach((place, i) => {
    const first = chosen.get(place);
    if (first === undefined || (files[first] !== place && files[i] === place)) chosen.set(place, i);
  });
  const kept = new Set(chosen.values());
  return files.filter((_, i) => kept.has(i));
}

/** `glob`, loaded for a glob argument only: directories are walked by `walkXmlFiles`. */
const loadGlob = (): Promise<typeof import('glob')> => import('glob');

async function search(
  pattern: string,
  cwd: string,
  shownUnder: string,
): Promise<{ files: string[]; unreadable: UnreadableDirectory[] }> {
  const recorder = new ReaddirRecorder();
  const { glob } = await loadGlob();
  const found = await glob(pattern, { cwd, nodir: true, absolute: true, fs: recorder.fs });
  // Reported under the path the user gave, not the real path searched.
  const shown = (p: string): string => path.join(shownUnder, path.relative(cwd, p));
  return {
    files: await oncePerFile(found.map(shown).sort(byCodeUnits)),
    unreadable: recorder.failures
      .map((f) => ({ ...f, path: shown(f.path) }))
      .sort((a, b) => byCodeUnits(a.path, b.path)),
  };
}

/**
 * Node decodes the command line as UTF-8 and puts U+FFFD for each byte that is not: a file so
 * named cannot be opened by the name it is given as (walk-xml.ts reports such names in a
 * directory by their bytes).
 */
const NOT_UTF8_ARG =
  ' (a name that is not valid UTF-8 reaches virt-alias so, and cannot be opened from the command line: ' +
  'give its directory, where it is reported by its bytes)';

async function expandOne(arg: string, cwd: string, stdinFilePath: string): Promise<Expansion> {
  const one = (kind: 'stdin' | 'file', target: Target): Expansion => ({
    arg,
    kind,
    targets: [target],
    matched: [],
    unreadable: [],
  });
  if (arg === STDIN_ARG) return one('stdin', { kind: 'stdin', filePath: stdinFilePath });
  const absolute = path.resolve(cwd, arg);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(absolute)).isDirectory();
  } catch (error) {
    if (!isFsError(error, 'ENOENT')) return { arg, error: `cannot access: ${describeFsError(error)}` };
    // A dangling symbolic link is a file that cannot be read, not a missing path.
    const link = await lstat(absolute).catch(() => undefined);
    if (link?.isSymbolicLink()) return one('file', { kind: 'file', path: absolute });
    if (!(await loadGlob()).hasMagic(arg, { magicalBraces: true }))
      return { arg, error: `no such file or directory${arg.includes('\uFFFD') ? NOT_UTF8_ARG : ''}` };
    const { files, unreadable } = await search(arg, cwd, cwd);
    return { arg, kind: 'glob', targets: toTargets(files), matched: files, unreadable };
  }
  if (!isDirectory) return one('file', { kind: 'file', path: absolute });
  const real = await realDirectory(absolute);
  if (typeof real !== 'string') return { arg, error: real.error };
  const { files, unreadable } = await listDirectory(real, absolute);
  return { arg, kind: 'directory', targets: toTargets(files), matched: files, unreadable };
}

/** The directory to walk for a directory argument, or why it cannot be searched. */
export async function realDirectory(absolute: string): Promise<string | { error: string }> {
  try {
    // Its real path: the one a symbolic link given by name leads to.
    return await realpath(absolute);
  } catch (error) {
    return { error: `cannot search this directory: ${describeFsError(error)}` };
  }
}

/**
 * A directory argument's whole walk: its files in order, its unreadable directories sorted by
 * path, as the rest of the command line's are.
 */
async function listDirectory(
  real: string,
  shown: string,
): Promise<{ files: string[]; unreadable: Unreadable[] }> {
  const files: string[] = [];
  const unreadable: Unreadable[] = [];
  for await (const item of walkXmlFiles(real, shown)) {
    if ('file' in item) files.push(item.file);
    else unreadable.push(item.unreadable);
  }
  return { files, unreadable: unreadable.sort((a, b) => byCodeUnits(a.path, b.path)) };
}

/**
 * Files a survey keeps, at most, for the run to use instead of walking the directory again:
 * a run of a few thousand files saves a walk (about 0.02 s of CPU for 10,000 files, a tenth of
 * a cached re-run's work after startup), a larger one stays flat in memory (about 100 bytes a
 * file below this bound).
 */
const SURVEY_KEEPS = 20_000;

/**
 * What a directory argument holds: how many files, the directories they are in (for the config
 * cascade), and the directories that could not be read; and the walk itself (`items`, in walk
 * order) when it found no more than `SURVEY_KEEPS` files, undefined above that.
 */
export async function surveyDirectory(
  real: string,
  shown: string,
  keeps = SURVEY_KEEPS,
): Promise<{
  count: number;
  dirs: string[];
  unreadable: Unreadable[];
  items: readonly WalkItem[] | undefined;
}> {
  let count = 0;
  const dirs = new Set<string>();
  const unreadable: Unreadable[] = [];
  let items: WalkItem[] | undefined = [];
  for await (const item of walkXmlFiles(real, shown)) {
    if ('file' in item) {
      count++;
      dirs.add(path.dirname(item.file));
      if (count > keeps) items = undefined;
    } else unreadable.push(item.unreadable);
    items?.push(item);
  }
  return {
    count,
    dirs: [...dirs],
    unreadable: unreadable.sort((a, b) => byCodeUnits(a.path, b.path)),
    items,
  };
}

const toTargets = (paths: readonly string[]): Target[] => paths.map((p) => ({ kind: 'file', path: p }));

/**
 * Expands the arguments, in order: a file is itself; a directory is every `**\/*.xml` below it
 * (hidden directories and symbolic links to directories are not entered); anything else is a
 * glob. A file named twice is linted once, where it first appears.
 */
export async function expandArgs(
  args: readonly string[],
  cwd: string,
  stdinFilePath: string,
): Promise<Expansion[]> {
  const expansions = await mapLimit(args, 16, (arg) => expandOne(arg, cwd, stdinFilePath));
  const seen = new Set<string>();
  return expansions.map((e) => {
    if (!('targets' in e)) return e;
    const targets = e.targets.filter((t) => {
      const key = t.kind === 'file' ? t.path : '\0stdin';
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { ...e, targets };
  });
}
