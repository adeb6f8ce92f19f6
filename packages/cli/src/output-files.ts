import { lstat, open, realpath, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { NotRegularFileError, type ResolvedConfig, type SeverityLevel } from '@virt-alias/rules';
import { writeFileAtomic } from '@virt-alias/rewriter';
import type { FormatOutput } from './args.js';
import { describeFsError, UsageError } from './errors.js';
import { FORMAT_NAMES, getFormatter, type Formatter } from './formatters/index.js';
import { PROGRAM, type CliIo } from './io.js';
import { makeDirectories, MakeDirectoryError } from './make-directories.js';

/** `--output-file -`: standard output, as if no file were given. */
const STDOUT_FILE = '-';

/** A `--format` ready to run: its formatter, and where its output goes. */
export interface PlannedOutput<F = Formatter> {
  readonly format: string;
  readonly formatter: F;
  /** Absolute; undefined: standard output. */
  readonly file: string | undefined;
  /** The file as the command line gave it, for messages. */
  readonly shown: string | undefined;
}

/** A command's formats: `getFormatter` and `FORMAT_NAMES` for lint. */
export interface FormatSet<F> {
  readonly lookup: (format: string) => F | undefined;
  readonly names: readonly string[];
  readonly command: string;
}

const LINT_FORMATS: FormatSet<Formatter> = { lookup: getFormatter, names: FORMAT_NAMES, command: 'lint' };

/**
 * Checks the `--format`/`--output-file` pairs before anything is linted: every format known, at
 * most one of them to standard output, no file named twice. Throws `UsageError`.
 */
export function planOutputs(outputs: readonly FormatOutput[], cwd: string): PlannedOutput[];
export function planOutputs<F>(
  outputs: readonly FormatOutput[],
  cwd: string,
  formats: FormatSet<F>,
): PlannedOutput<F>[];
export function planOutputs<F>(
  outputs: readonly FormatOutput[],
  cwd: string,
  formats: FormatSet<F> = LINT_FORMATS as unknown as FormatSet<F>,
): PlannedOutput<F>[] {
  const { lookup, names, command } = formats;
  const planned = outputs.map(({ format, outputFile }): PlannedOutput<F> => {
    const formatter = lookup(format);
    if (!formatter) {
      throw new UsageError(
        `unknown format ${JSON.stringify(format)}: use one of ${names.join(', ')} (NAME or NAME:FILE)`,
        command,
      );
    }
    const toStdout = outputFile === undefined || outputFile === STDOUT_FILE;
    return {
      format,
      formatter,
      file: toStdout ? undefined : path.resolve(cwd, outputFile),
      shown: toStdout ? undefined : outputFile,
    };
  });
  const toStdout = planned.filter((p) => p.file === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(
      `only one format can write to standard output, not ${toStdout.map((p) => p.format).join(' and ')}: give the others a file (--format NAME:FILE)`,
      command,
    );
  }
  const files = new Set<string>();
  for (const p of planned) {
    if (p.file === undefined) continue;
    if (files.has(p.file))
      throw new UsageError(`the output file ${p.shown ?? p.file} is given twice`, command);
    files.add(p.file);
  }
  return planned;
}

/**
 * `lint -o json f.xml` writes stylish output to a file named `json`: a file named like a format
 * is most likely a mistyped `-f`. Said on stderr; the run goes on as asked.
 */
export function warnFormatNamedFiles(
  planned: readonly PlannedOutput<unknown>[],
  names: readonly string[],
  io: CliIo,
): void {
  for (const output of planned) {
    if (output.shown === undefined || !names.includes(output.shown)) continue;
    io.stderr.write(
      `${PROGRAM}: warning: the ${output.format} output goes to a file named ${JSON.stringify(output.shown)}, ` +
        `a format's name: for that format, write --format ${output.shown} (-f, not -o)\n`,
    );
  }
}

/**
 * An output file is written through a temporary file renamed over it: over a FIFO or a device
 * (`/dev/full`, `/dev/stdout`'s link) that rename would replace the node itself, so such a
 * target is refused (standard output is the way to a pipe); so is a directory.
 */
async function refuseSpecialFile(file: string): Promise<void> {
  const stats = await stat(file).catch(() => undefined);
  if (stats === undefined || stats.isFile()) return;
  if (stats.isDirectory()) throw new Error('is a directory (EISDIR)');
  throw new NotRegularFileError(stats);
}

/**
 * Where a report named `file` is written: through a symbolic link to the file it names, so the
 * link stays a link (the temporary file and its rename land beside the real file). Renamed over
 * the link itself, `-o /dev/stdout > report.txt` replaced /dev/stdout with a regular file (as
 * root). A link that leads nowhere is refused: what it would create is not what was named.
 */
export async function outputTarget(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if ((await lstat(file).catch(() => undefined))?.isSymbolicLink()) {
      throw new Error('a symbolic link to nothing: name the file itself');
    }
    return file;
  }
}

/**
 * Makes the directories of every `--output-file` before anything is linted, so that a path that
 * cannot be written fails the run at once, not after the whole tree was linted. Reports each
 * problem on stderr; false when there was one.
 */
export async function prepareOutputFiles(planned: readonly PlannedOutput[], io: CliIo): Promise<boolean> {
  let ok = true;
  for (const output of planned) {
    if (output.file === undefined) continue;
    const shown = output.shown ?? output.file;
    try {
      const dir = path.dirname(output.file);
      await makeDirectories(dir);
      await refuseSpecialFile(output.file);
      // The file is written at the end, through a temporary file beside it: try one now.
      const target = await outputTarget(output.file);
      const probe = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.probe`);
      await (await open(probe, 'wx')).close();
      await unlink(probe);
    } catch (error) {
      const reason = error instanceof MakeDirectoryError ? error.message : describeFsError(error);
      io.stderr.write(`${PROGRAM}: cannot write ${shown}: ${reason}\n`);
      ok = false;
    }
  }
  return ok;
}

/**
 * The severity of each rule enabled for any linted file, the highest where files' configs differ;
 * undefined when nothing was linted.
 */
export function runSeverities(
  configs: readonly ResolvedConfig[],
): ReadonlyMap<string, SeverityLevel> | undefined {
  if (configs.length === 0) return undefined;
  const severities = new Map<string, SeverityLevel>();
  for (const config of configs) {
    for (const [id, { severity }] of config.rules) {
      if (severity > (severities.get(id) ?? 0)) severities.set(id, severity);
    }
  }
  return severities;
}

export const withNewline = (text: string): string =>
  text === '' || text.endsWith('\n') ? text : `${text}\n`;

export function reportWriteFailure(io: CliIo, shown: string, error: unknown): void {
  const reason = error instanceof MakeDirectoryError ? error.message : describeFsError(error);
  io.stderr.write(`${PROGRAM}: cannot write ${shown}: ${reason}\n`);
}

/**
 * Writes one output's text: to stdout (nothing when empty), or to its file, atomically, parent
 * directories created. A failure is reported on stderr: false then.
 */
export async function writeOutput(
  output: Pick<PlannedOutput<unknown>, 'file' | 'shown'>,
  text: string,
  io: CliIo,
): Promise<boolean> {
  if (output.file === undefined) {
    if (text !== '') io.stdout.write(text);
    return true;
  }
  try {
    await makeDirectories(path.dirname(output.file));
    await refuseSpecialFile(output.file);
    await writeFileAtomic(await outputTarget(output.file), text);
    return true;
  } catch (error) {
    reportWriteFailure(io, output.shown ?? output.file, error);
    return false;
  }
}
