import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, hasMagic } from 'glob';
import { mapLimit } from './concurrency.js';
import { describeFsError, isFsError } from './errors.js';

/** The command-line argument that reads the document from standard input. */
export const STDIN_ARG = '-';

/** One thing to lint: a file, or standard input. */
export type Target =
  { readonly kind: 'file'; readonly path: string } | { readonly kind: 'stdin'; readonly filePath: string };

/** What one command-line argument stands for: targets, or why none. */
export type Expansion =
  | { readonly arg: string; readonly targets: readonly Target[]; readonly notice?: string }
  | { readonly arg: string; readonly error: string };

/** Deterministic whatever the locale: code-unit order. */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const files = (paths: readonly string[]): Target[] =>
  [...paths].sort(byCodeUnits).map((p) => ({ kind: 'file', path: p }));

async function expandOne(arg: string, cwd: string, stdinFilePath: string): Promise<Expansion> {
  if (arg === STDIN_ARG) return { arg, targets: [{ kind: 'stdin', filePath: stdinFilePath }] };
  const absolute = path.resolve(cwd, arg);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(absolute)).isDirectory();
  } catch (error) {
    if (!isFsError(error, 'ENOENT')) return { arg, error: `cannot access: ${describeFsError(error)}` };
    // A dangling symbolic link is a file that cannot be read, not a missing path.
    const link = await lstat(absolute).catch(() => undefined);
    if (link?.isSymbolicLink()) return { arg, targets: [{ kind: 'file', path: absolute }] };
    const matches = await glob(arg, { cwd, nodir: true, absolute: true });
    if (matches.length > 0) return { arg, targets: files(matches) };
    return hasMagic(arg, { magicalBraces: true })
      ? { arg, error: 'no files match this pattern' }
      : { arg, error: 'no such file or directory' };
  }
  if (!isDirectory) return { arg, targets: [{ kind: 'file', path: absolute }] };
  let found: string[];
  try {
    // glob finds nothing below a cwd that is a symbolic link: search the real directory.
    const real = await realpath(absolute);
    found = (await glob('**/*.xml', { cwd: real, nodir: true })).map((rel) => path.join(absolute, rel));
  } catch (error) {
    return { arg, error: `cannot search this directory: ${describeFsError(error)}` };
  }
  return found.length > 0
    ? { arg, targets: files(found) }
    : { arg, targets: [], notice: 'no *.xml files in this directory' };
}

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
