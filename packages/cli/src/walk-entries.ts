// What the walk takes of a directory, in a module of its own: the run record's listing of a
// directory (record-file.ts, on the path that runs before any other module loads) must take the
// same, and must not load the walk's error reporting with it.

/** Deterministic whatever the locale: code-unit order. */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A name a directory lists (a `Dirent`, or one whose name is not UTF-8, its bytes escaped). */
export interface Listed {
  readonly name: string;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  /** `name` shows bytes that are not UTF-8 (`\xff`): no such path can be opened. */
  readonly notUtf8?: boolean;
}

export interface Entry {
  readonly name: string;
  readonly directory: boolean;
  /** A symbolic link (to a file, or to nothing: one to a directory is never entered). */
  readonly link: boolean;
  /** The name as it sorts among the full paths below the directory: a directory's ends in `/`. */
  readonly key: string;
  readonly notUtf8?: boolean;
}

/** A directory's entries that the walk keeps: `*.xml` that are not directories, directories; no hidden ones. */
export function entriesOf(listed: readonly Listed[]): Entry[] {
  const kept: Entry[] = [];
  for (const d of listed) {
    if (d.name.startsWith('.')) continue;
    const flag = d.notUtf8 ? { notUtf8: true } : {};
    // A symbolic link is never entered, whatever it leads to; one named *.xml is a file to read.
    const directory = d.isDirectory();
    if (directory) kept.push({ name: d.name, directory, link: false, key: `${d.name}/`, ...flag });
    else if (d.name.endsWith('.xml')) {
      kept.push({ name: d.name, directory, link: d.isSymbolicLink(), key: d.name, ...flag });
    }
  }
  return kept.sort((a, b) => byCodeUnits(a.key, b.key));
}
