import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * `.NAME.virt-alias-PID-RANDOM.tmp` beside NAME: hidden, never `*.xml` (a scan does not pick it
 * up), and it names the process that wrote it, so a later run can tell whether it is stale.
 */
const TEMP_NAME = /^\..+\.virt-alias-(\d+)-[0-9a-f]{8}\.tmp$/;

/**
 * The process's part of every temporary name: its id (read once: `process.pid` is a system call
 * each time) and a random start, counted up for each name. A random draw per name cost more than
 * the write of a copy (`fix --out-dir`, 10,000 of them); the names are created exclusively
 * anyway, so a clash is an error, never an overwrite.
 */
const PID = process.pid;
let serial = randomBytes(4).readUInt32BE(0);

/** A fresh temporary path in the directory of `target`, for the text that will replace it. */
export function tempPathFor(target: string): string {
  serial = (serial + 1) >>> 0;
  return join(
    dirname(target),
    `.${basename(target)}.virt-alias-${PID}-${serial.toString(16).padStart(8, '0')}.tmp`,
  );
}

/** Whether `path` is one of the temporary files `tempPathFor` names (for an error's message). */
export function isTempPath(path: string): boolean {
  return TEMP_NAME.test(basename(path));
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files of this tool's name pattern in `dir` whose process no longer runs
 * on this machine: what a killed run left (a run that fails removes its own). Returns their
 * paths, to report. A temporary file of a run still going is left alone.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const removed: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const name of entries
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort()) {
    const match = TEMP_NAME.exec(name);
    if (!match || isRunning(Number(match[1]))) continue;
    const path = join(dir, name);
    await rm(path, { force: true });
    removed.push(path);
  }
  return removed;
}
