import { readFile } from 'node:fs/promises';
import { displayPath } from './display-path.js';
import { PROGRAM, type CliIo } from './io.js';

/**
 * TEST-ONLY, not an interface for users: set to the path of a FIFO, it makes `fix --write`
 * stop just before it renames each new file over the original (backup made, temporary file
 * synced, last check not yet done), say so on stderr, and go on once something is written to
 * the FIFO and it is closed. Tests use it to kill the process at that exact point, or to change
 * the file meanwhile, instead of racing timers.
 */
export const PAUSE_BEFORE_RENAME_ENV = 'VIRT_ALIAS_TEST_PAUSE_BEFORE_RENAME';

/** The `beforeRename` hook the environment asks for, if any. */
export function pauseBeforeRename(io: CliIo): ((path: string) => Promise<void>) | undefined {
  const fifo = io.env[PAUSE_BEFORE_RENAME_ENV];
  if (fifo === undefined || fifo === '') return undefined;
  return async (target) => {
    io.stderr.write(`${PROGRAM}: test hook: paused before renaming over ${displayPath(io.cwd, target)}\n`);
    await readFile(fifo);
  };
}

/**
 * TEST-ONLY, not an interface for users: how many files a directory's survey keeps for the run
 * (`surveyDirectory`), so that a test sees a large tree's second walk, as the engine reads it,
 * on a handful of files.
 */
export const SURVEY_KEEPS_ENV = 'VIRT_ALIAS_TEST_SURVEY_KEEPS';

/** The bound the environment sets on a survey's kept files, if any. */
export function surveyKeeps(io: CliIo): number | undefined {
  const value = io.env[SURVEY_KEEPS_ENV];
  return value === undefined || value === '' ? undefined : Number(value);
}

/**
 * TEST-ONLY, not an interface for users: set to the path of a FIFO, it makes `apply` stop after
 * each journal record is on disk, say which on stderr, and go on once the FIFO is written to and
 * closed. Tests kill the process at an exact step this way (after a define, before its
 * verification), never on a timer.
 */
export const PAUSE_AFTER_JOURNAL_ENV = 'VIRT_ALIAS_TEST_PAUSE_AFTER_JOURNAL';

/** The `afterJournal` hook the environment asks for, if any. */
export function pauseAfterJournal(
  io: CliIo,
): ((record: { readonly event: string; readonly [field: string]: unknown }) => Promise<void>) | undefined {
  const fifo = io.env[PAUSE_AFTER_JOURNAL_ENV];
  if (fifo === undefined || fifo === '') return undefined;
  return async (record) => {
    const domain = record.domain as { name?: unknown } | undefined;
    const what = [record.event, record.step ?? record.outcome, domain?.name].filter((v) => v !== undefined);
    io.stderr.write(`${PROGRAM}: test hook: paused after journal record: ${what.map(String).join(' ')}\n`);
    await readFile(fifo);
  };
}
