import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { isPathInside, pathInside } from '@virt-alias/rules';

/**
 * The deepest directory that holds every input file given so far, the files given one at a
 * time (`fix` walks its inputs without listing them).
 */
export class CommonBase {
  private parts: string[] | undefined;

  add(file: string): void {
    const parts = dirname(resolve(file)).split(sep);
    if (this.parts === undefined) {
      this.parts = parts;
      return;
    }
    let i = 0;
    while (i < this.parts.length && i < parts.length && this.parts[i] === parts[i]) i++;
    if (i < this.parts.length) this.parts = this.parts.slice(0, i);
  }

  /** The working directory when no file was given. */
  get base(): string {
    return this.parts === undefined ? resolve('.') : this.parts.join(sep) || sep;
  }
}

/** The deepest directory that holds every input file. */
export function commonBase(files: readonly string[]): string {
  const common = new CommonBase();
  for (const file of files) common.add(file);
  return common.base;
}

/**
 * Where `--out-dir` writes an input file: the same path relative to the inputs' common base,
 * under `outDir`. Throws for a path that would land outside `outDir`.
 */
export function outputPathFor(file: string, base: string, outDir: string): string {
  const root = resolve(outDir);
  const rel = pathInside(base, file);
  const target = rel === undefined || rel === '' ? undefined : resolve(root, rel);
  if (target === undefined || !isPathInside(root, target)) {
    throw new Error(`refusing to write ${file} outside --out-dir ${outDir}`);
  }
  return target;
}

/** The real path of directory `dir`, existing or not: links resolved, dangling ones too. */
export function realDirPath(dir: string): Promise<string> {
  return new Promise((resolvePath) => {
    resolvePath(realDir(resolve(dir)));
  });
}

/**
 * Synchronous: a few system calls each (libc's realpath, an lstat), which cost less than the
 * thread-pool round trips of their asynchronous forms when `fix --out-dir` checks every copy.
 */
function realDir(dir: string, hops = 0): string {
  try {
    return realpathSync.native(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const parent = dirname(dir);
  if (parent === dir) return dir;
  const realParent = realDir(parent, hops);
  const here = join(realParent, basename(dir));
  // A dangling link: `mkdir -p` would create what it points at, wherever that is.
  if (lstatSync(here, { throwIfNoEntry: false })?.isSymbolicLink()) {
    if (hops >= 40)
      throw Object.assign(new Error(`${dir}: too many levels of symbolic links`), { code: 'ELOOP' });
    return realDir(resolve(realParent, readlinkSync(here)), hops + 1);
  }
  return here;
}

function realPathOfSync(path: string): string {
  const absolute = resolve(path);
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(realDir(parent), basename(absolute));
}

/**
 * Where `path` really is: every directory on the way resolved through its symbolic links
 * (dangling ones included), the names that do not exist yet appended. A last name that is a
 * symbolic link stays as it is: a rename replaces the link, it does not write through it.
 */
export function realPathOf(path: string): Promise<string> {
  return new Promise((resolvePath) => {
    resolvePath(realPathOfSync(path));
  });
}

/** A path under `--out-dir` that leads out of it through a symbolic link: nothing is written there. */
export class OutDirEscapeError extends Error {
  override readonly name = 'OutDirEscapeError';
}

/**
 * Whether `real` lies below `realRoot` (not `realRoot` itself). Both are real paths, absolute and
 * normalized (realpath's, or one joined to a name): a path that starts with the root and a
 * separator lies below it, as `isPathInside` would say, without its `path.relative` (once for
 * each of 10,000 copies); anything else is left to `isPathInside`.
 */
function isBelow(realRoot: string, real: string): boolean {
  if (real.length > realRoot.length + 1 && real.startsWith(realRoot) && real[realRoot.length] === sep) {
    return true;
  }
  return isPathInside(realRoot, real) && real !== realRoot;
}

/**
 * The real location of `target`, a path under `root`: every parent that exists resolved. Throws
 * `OutDirEscapeError` when a symbolic link among them leads outside the real `root`. `realRoot`,
 * when given, is the root's real path as found before the run: a root replaced by a link since
 * then does not move the bound with it (and is not resolved again for every file).
 */
export function outputLocation(root: string, target: string, realRoot?: string): Promise<string> {
  return new Promise((resolvePath) => {
    realRoot ??= realDir(resolve(root));
    const real = realPathOfSync(target);
    if (!isBelow(realRoot, real)) {
      throw new OutDirEscapeError(
        `${target} would be written to ${real}, outside the out-dir ${realRoot}: a symbolic link below the out-dir leads out of it`,
      );
    }
    resolvePath(real);
  });
}

/**
 * The file that marks a directory as an out-dir this tool wrote: the files below it are its
 * output, not inputs, when a later run scans a directory that holds it.
 */
export const OUT_DIR_MARKER = '.virt-alias-out-dir';

export const OUT_DIR_MARKER_TEXT =
  'This directory holds fixed copies written by `virt-alias fix --out-dir`.\n' +
  'virt-alias does not read the files below it as inputs; delete this file to make it do so.\n';
