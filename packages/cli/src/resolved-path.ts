import { realpathSync } from 'node:fs';

/**
 * An absolute path with its links resolved, or as given when it does not exist (yet): two names
 * of one file compare equal (an output or journal that is one of the input files).
 */
export function resolvedPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}
