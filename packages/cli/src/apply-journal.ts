import path from 'node:path';
import { Journal, JournalError, readJournal, type ResumeState } from '@virt-alias/apply';
import type { ApplyArgs } from './args.js';
import { describeFsError } from './errors.js';
import { PROGRAM, type CliIo } from './io.js';
import { OutputsOverInputs } from './output-over-input.js';
import { resolvedPath } from './resolved-path.js';

/**
 * The journal option that names one of the files to apply, if one does: the journal is appended
 * to, which would corrupt that domain file.
 */
export function journalAmongFiles(args: ApplyArgs, io: CliIo, files: readonly string[]): string | undefined {
  const journals = [args.journal, args.resume];
  const overInputs = new OutputsOverInputs(io.cwd, journals);
  // Few files: each is known by its real path, whatever link it was named through.
  for (const file of files) overInputs.see(resolvedPath(path.resolve(io.cwd, file)));
  return journals.find((file) => file !== undefined && overInputs.refusal(io.cwd, file) !== undefined);
}

/** What the run's journal is, and what an earlier one says is done. */
export async function openJournal(
  args: ApplyArgs,
  io: CliIo,
  uri: string,
  dryRun: boolean,
): Promise<{ journal: Journal | undefined; resume: ResumeState | undefined } | null> {
  let resume: ResumeState | undefined;
  if (args.resume !== undefined) {
    try {
      resume = await readJournal(path.resolve(io.cwd, args.resume), args.resume);
    } catch (error) {
      const why = error instanceof JournalError ? error.message : `${args.resume}: ${describeFsError(error)}`;
      io.stderr.write(`${PROGRAM}: cannot resume: ${why}\n`);
      return null;
    }
    if (resume.uri !== undefined && resume.uri !== uri) {
      io.stderr.write(
        `${PROGRAM}: cannot resume: ${args.resume} journals a run on ${resume.uri}, this run connects to ${uri}\n`,
      );
      return null;
    }
    if (resume.truncatedLastLine && !args.quiet) {
      io.stderr.write(`${PROGRAM}: ${args.resume}: its last line was cut short (a killed run): ignored\n`);
    }
  }
  const file = args.journal ?? args.resume;
  if (file === undefined) return { journal: undefined, resume };
  if (dryRun) {
    if (!args.quiet) io.stderr.write(`${PROGRAM}: a dry run journals nothing: ${file} is not written\n`);
    return { journal: undefined, resume };
  }
  try {
    return { journal: await Journal.open(path.resolve(io.cwd, file)), resume };
  } catch (error) {
    io.stderr.write(`${PROGRAM}: ${file}: cannot open the journal: ${describeFsError(error)}\n`);
    return null;
  }
}
