import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describeFsError } from './errors.js';
import { entriesOf, type Entry } from './walk-entries.js';

export { byCodeUnits } from './walk-entries.js';

/** A directory a search could not read: its contents were not searched. */
export interface UnreadableDirectory {
  readonly path: string;
  readonly reason: string;
}

/** What a walk finds, in order: a file, or a directory it could not read. */
export type WalkItem = { readonly file: string } | { readonly unreadable: UnreadableDirectory };

/** Why a directory whose name is not UTF-8 is not searched. */
export const NOT_UTF8 = 'its name is not valid UTF-8, and virt-alias cannot open it: rename it';

interface Level {
  readonly real: string;
  readonly shown: string;
  /** `shown` came from `path.join`: a name is added with a separator, not another `path.join`. */
  readonly normal: boolean;
  readonly entries: readonly Entry[];
  next: number;
}

/**
 * Every `**\/*.xml` below `real`, named below `shown` (the path the user gave), as it is walked:
 * one directory's listing at a time is held, not the tree's. The files come in the code-unit
 * order of their full paths (a directory's files sort where `name/` does among its siblings),
 * which is the order of the whole list sorted. Hidden files and directories are left out, and
 * symbolic links to directories not entered, as `glob('**\/*.xml', { nodir: true })` does; a
 * directory that cannot be read is reported where it would be (a vanished one is no problem).
 */
export async function* walkXmlFiles(real: string, shown: string): AsyncGenerator<WalkItem> {
  const stack: Level[] = [];
  const open = async (realDir: string, shownDir: string): Promise<WalkItem | undefined> => {
    try {
      const dirents = await readdir(realDir, { withFileTypes: true });
      const normal = shownDir !== shown;
      stack.push({ real: realDir, shown: shownDir, normal, entries: entriesOf(dirents), next: 0 });
      return undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        // Listed a moment ago, yet not there: gone meanwhile, or a name that is not UTF-8, which
        // Node lists with U+FFFD in place of its bytes and so cannot open. Never a silent skip.
        return path.basename(realDir).includes('\uFFFD')
          ? { unreadable: { path: shownDir, reason: NOT_UTF8 } }
          : undefined;
      }
      return { unreadable: { path: shownDir, reason: describeFsError(error) } };
    }
  };
  const failed = await open(real, shown);
  if (failed) yield failed;
  for (let level = stack.at(-1); level; level = stack.at(-1)) {
    const entry = level.entries[level.next++];
    if (!entry) {
      stack.pop();
      continue;
    }
    // As `path.join`, which normalizes the whole path again for each of 10,000 files.
    const shownPath = level.normal
      ? `${level.shown}${path.sep}${entry.name}`
      : path.join(level.shown, entry.name);
    if (!entry.directory) {
      yield { file: shownPath };
      continue;
    }
    const unreadable = await open(path.join(level.real, entry.name), shownPath);
    if (unreadable) yield unreadable;
  }
}
