import { dirname, resolve, sep } from 'node:path';
import { isPathInside, pathInside } from './path-contains.js';

/** The deepest directory that holds every input file. */
export function commonBase(files: readonly string[]): string {
  const dirs = files.map((f) => dirname(resolve(f)).split(sep));
  if (dirs.length === 0) return resolve('.');
  let common = dirs[0]!;
  for (const parts of dirs.slice(1)) {
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(sep) || sep;
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
