import path from 'node:path';

/**
 * `target` relative to `dir` when `target` is `dir` itself (`''`) or lies below it, else
 * `undefined`. Purely lexical: both are resolved against the process's working directory, no
 * symbolic link is followed (give real paths to compare what is really on disk).
 *
 * The one place that decides "inside": a `..name` directory is inside, `..` and a path on
 * another drive are not.
 */
export function pathInside(dir: string, target: string): string | undefined {
  const relative = path.relative(path.resolve(dir), path.resolve(target));
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative))
    return undefined;
  return relative;
}

/** Whether `target` is `dir` or lies below it (see `pathInside`). */
export function isPathInside(dir: string, target: string): boolean {
  return pathInside(dir, target) !== undefined;
}
