import { isUtf8 } from 'node:buffer';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeFsError } from './errors.js';
import { entriesOf, type Entry, type Listed } from './walk-entries.js';

export { byCodeUnits } from './walk-entries.js';

/** A directory a search could not read: its contents were not searched. */
export interface UnreadableDirectory {
  readonly path: string;
  readonly reason: string;
}

/**
 * A file or directory whose name is not UTF-8: Node lists it with U+FFFD in place of its bytes
 * and cannot open it. `path` shows the bytes escaped (`caf\xe9`).
 */
export interface NotUtf8Name {
  readonly path: string;
  readonly notUtf8: 'file' | 'directory';
}

/** What a walk could not read: each is reported (exit 2), never skipped without a word. */
export type Unreadable = UnreadableDirectory | NotUtf8Name;

/**
 * What a walk finds, in order: a file (`link`: the name is a symbolic link, as the directory's
 * listing said), or what it could not read.
 */
export type WalkItem =
  { readonly file: string; readonly link: boolean } | { readonly unreadable: Unreadable };

/** The report of `item` (after the program's name), its path shown as `shown`. */
export function unreadableLine(item: Unreadable, shown: string): string {
  return 'notUtf8' in item
    ? `${item.notUtf8} name is not valid UTF-8: ${shown} (virt-alias cannot open it: rename it)`
    : `${shown}: cannot read directory: ${item.reason}`;
}

/** A name's bytes as text: UTF-8 as it is, any other byte as `\xNN`. */
export function escapeBytes(name: Uint8Array): string {
  let text = '';
  for (let i = 0; i < name.length;) {
    const length = [1, 2, 3, 4].find((n) => i + n <= name.length && isUtf8(name.subarray(i, i + n)));
    if (length === undefined) text += `\\x${name[i]!.toString(16).padStart(2, '0')}`;
    else text += Buffer.from(name.subarray(i, i + length)).toString('utf8');
    i += length ?? 1;
  }
  return text;
}

/**
 * A directory's names as bytes, for a listing where Node put U+FFFD: the names that are not
 * UTF-8 (told apart from a true U+FFFD) come escaped and flagged.
 */
async function listedByBytes(dir: string): Promise<Listed[]> {
  const dirents = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  return dirents.map((d) => {
    const good = isUtf8(d.name);
    return {
      name: good ? d.name.toString('utf8') : escapeBytes(d.name),
      isDirectory: () => d.isDirectory(),
      isSymbolicLink: () => d.isSymbolicLink(),
      ...(good ? {} : { notUtf8: true }),
    };
  });
}

/**
 * Whether a symbolic link found in the walk of `root` (a real path) leads to a file the walk
 * reaches by itself: a `*.xml` regular file below `root`, through no hidden directory (the real
 * path has no link left to pass). Read through the link too, it was linted twice, and `fix
 * --write` wrote it by one name, then refused the other as "changed since it was read" (libvirt
 * keeps `autostart/NAME.xml -> ../NAME.xml` beside the definitions).
 */
async function walkedAnyway(root: string, link: string): Promise<boolean> {
  try {
    const target = await realpath(link);
    const relative = path.relative(root, target);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
    if (!target.endsWith('.xml') || relative.split(path.sep).some((s) => s.startsWith('.'))) return false;
    return (await stat(target)).isFile();
  } catch {
    // Dangling, a loop, unreadable: read through the link, it is reported so.
    return false;
  }
}

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
 * symbolic links to directories not entered, as `glob('**\/*.xml', { nodir: true })` does (a
 * link to a file the walk finds by itself is left out: each file once); a
 * directory that cannot be read, or a file or directory whose name is not UTF-8, is reported
 * where it would be (a vanished one is no problem).
 */
export async function* walkXmlFiles(real: string, shown: string): AsyncGenerator<WalkItem> {
  const stack: Level[] = [];
  const open = async (realDir: string, shownDir: string): Promise<WalkItem | undefined> => {
    try {
      const dirents = await readdir(realDir, { withFileTypes: true });
      const listed = dirents.some((d) => d.name.includes('\uFFFD')) ? await listedByBytes(realDir) : dirents;
      const normal = shownDir !== shown;
      stack.push({ real: realDir, shown: shownDir, normal, entries: entriesOf(listed), next: 0 });
      return undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Listed a moment ago, yet not there: gone meanwhile.
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
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
    if (entry.notUtf8) {
      yield { unreadable: { path: shownPath, notUtf8: entry.directory ? 'directory' : 'file' } };
      continue;
    }
    if (!entry.directory) {
      if (!entry.link || !(await walkedAnyway(real, path.join(level.real, entry.name))))
        yield { file: shownPath, link: entry.link };
      continue;
    }
    const unreadable = await open(path.join(level.real, entry.name), shownPath);
    if (unreadable) yield unreadable;
  }
}
