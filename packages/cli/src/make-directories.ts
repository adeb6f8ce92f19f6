import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeFsError, isFsError } from './errors.js';

/** A directory that could not be created, named, with the file system's reason. */
export class MakeDirectoryError extends Error {
  override readonly name = 'MakeDirectoryError';
}

/**
 * `mkdir -p` with one `mkdir` per missing directory, from the nearest existing ancestor down,
 * stopping at the first failure. Node's own `mkdir({ recursive: true })` loops forever where
 * `mkdir` says ENOENT below a parent that exists (`/proc/x`, Node 20): never use it on paths
 * users give. Throws `MakeDirectoryError`.
 */
export async function makeDirectories(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = path.resolve(dir); ;) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(at)).isDirectory();
    } catch (error) {
      const parent = path.dirname(at);
      if (!isFsError(error, 'ENOENT') || parent === at) {
        throw new MakeDirectoryError(`cannot create directory ${dir}: ${describeFsError(error)}`);
      }
      missing.push(at);
      at = parent;
      continue;
    }
    if (!isDirectory) throw new MakeDirectoryError(`${at} is not a directory`);
    break;
  }
  for (const at of missing.reverse()) {
    try {
      await mkdir(at);
    } catch (error) {
      // Made meanwhile by someone else: fine if it is a directory.
      if (isFsError(error, 'EEXIST') && (await stat(at).catch(() => undefined))?.isDirectory()) continue;
      throw new MakeDirectoryError(`cannot create directory ${at}: ${describeFsError(error)}`);
    }
  }
}
