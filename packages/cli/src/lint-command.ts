import path from 'node:path';
import { lintText, summarize, type LintResult } from '@virt-alias/rules';
import type { LintArgs } from './args.js';
import {
  applyBaseline,
  BaselineError,
  buildBaseline,
  loadBaseline,
  saveBaseline,
  type BaselineFile,
} from './baseline.js';
import { resolveColor } from './color.js';
import { displayPath } from './display-path.js';
import { describeFsError, errorMessage, UsageError } from './errors.js';
import { PROGRAM, type CliIo } from './io.js';
import { planOutputs, prepareOutputFiles, runSeverities, writeOutputs } from './output-files.js';
import { readTargets } from './read-targets.js';
import { checkPatterns, prepareRun } from './prepare-run.js';
import { STDIN_ARG } from './targets.js';
import { packageVersion } from './version.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** --quiet: errors only, as ESLint's `getErrorResults`, but every linted file stays listed. */
export function errorsOnly(result: LintResult): LintResult {
  if (result.warningCount === 0) return result;
  return {
    ...result,
    messages: result.messages.filter((m) => m.severity === 2),
    warningCount: 0,
    fixableWarningCount: 0,
  };
}

function checkArgs(args: LintArgs): void {
  if (args.updateBaseline && args.baseline === undefined) {
    throw new UsageError('--update-baseline needs --baseline FILE: the file to write', 'lint');
  }
  if (args.paths.length === 0) {
    throw new UsageError('no path given: name files, directories, globs, or - for standard input', 'lint');
  }
  if (!Number.isInteger(args.maxWarnings) || args.maxWarnings < -1) {
    throw new UsageError('--max-warnings must be a whole number, 0 or more (or -1 for no limit)', 'lint');
  }
  if (args.stdinFilename !== undefined && !args.paths.includes(STDIN_ARG)) {
    throw new UsageError('--stdin-filename names standard input: give - among the paths', 'lint');
  }
}

/** `virt-alias lint`: the exit code; results to stdout, everything else to stderr. */
type BaselineUse =
  | { readonly kind: 'update'; readonly file: string; readonly dir: string; readonly shown: string }
  | {
      readonly kind: 'filter';
      readonly file: string;
      readonly dir: string;
      readonly shown: string;
      readonly known: BaselineFile;
    };

/** The baseline of this run, loaded before anything is linted; null after reporting a bad one. */
async function openBaseline(args: LintArgs, io: CliIo): Promise<BaselineUse | undefined | null> {
  if (args.baseline === undefined) return undefined;
  const file = path.resolve(io.cwd, args.baseline);
  const where = { file, dir: path.dirname(file), shown: args.baseline };
  if (args.updateBaseline) return { kind: 'update', ...where };
  try {
    return { kind: 'filter', ...where, known: await loadBaseline(file, args.baseline) };
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    io.stderr.write(`${PROGRAM}: ${error.message}\n`);
    return null;
  }
}

export async function runLint(args: LintArgs, io: CliIo): Promise<number> {
  checkArgs(args);
  const outputs = planOutputs(args.outputs, io.cwd);
  if (!(await prepareOutputFiles(outputs, io))) return EXIT_ERROR;
  const baseline = await openBaseline(args, io);
  if (baseline === null) return EXIT_ERROR;
  const prepared = await prepareRun(args, io);
  if (prepared.configFailed) return EXIT_ERROR;
  const { configFor, targets } = prepared;
  let failed = prepared.failed;

  const results: LintResult[] = [];
  const sources = new Map<string, string>();
  /** Every file linted or reported: the rest of a directory's files were skipped or ignored. */
  const accounted = new Set<string>();
  for (const outcome of await readTargets(targets, io.stdin)) {
    const shown = displayPath(io.cwd, outcome.filePath);
    accounted.add(outcome.filePath);
    if ('error' in outcome) {
      io.stderr.write(`${PROGRAM}: ${shown}: ${outcome.error}\n`);
      failed = true;
      continue;
    }
    if ('fatal' in outcome) {
      results.push(summarize(outcome.filePath, [outcome.fatal]));
      continue;
    }
    let result: LintResult;
    try {
      result = lintText(outcome.text, configFor(outcome.filePath), {
        filePath: outcome.filePath,
        reportUnusedDisableDirectives: args.reportUnusedDisableDirectives,
      });
    } catch (error) {
      // A rule's bug must not hide the other files' results.
      io.stderr.write(`${PROGRAM}: ${shown}: internal error while linting: ${errorMessage(error)}\n`);
      failed = true;
      continue;
    }
    if (result.skipped) {
      if (!args.quiet) io.stderr.write(`${shown}: skipped: ${result.skipped.reason}\n`);
      accounted.delete(outcome.filePath);
      continue;
    }
    results.push(result);
    sources.set(result.filePath, outcome.text);
  }
  if (!checkPatterns(prepared.patterns, accounted, args, io)) failed = true;

  if (baseline?.kind === 'update') {
    const written = buildBaseline(results, baseline.dir);
    try {
      await saveBaseline(baseline.file, written);
    } catch (error) {
      io.stderr.write(`${PROGRAM}: ${baseline.shown}: cannot write baseline: ${describeFsError(error)}\n`);
      return EXIT_ERROR;
    }
    const total = written.findings.reduce((n, f) => n + f.count, 0);
    io.stderr.write(
      `${PROGRAM}: wrote ${total} finding(s) of ${results.length} file(s) to the baseline ${baseline.shown}\n`,
    );
    return failed ? EXIT_ERROR : EXIT_OK;
  }
  let reported = results;
  if (baseline?.kind === 'filter') {
    const applied = applyBaseline(results, baseline.known, baseline.dir);
    reported = applied.results;
    if (applied.matched > 0 && !args.quiet) {
      io.stderr.write(
        `${PROGRAM}: ${applied.matched} finding(s) known to the baseline ${baseline.shown} not reported\n`,
      );
    }
  }

  const errorCount = reported.reduce((n, r) => n + r.errorCount, 0);
  const warningCount = reported.reduce((n, r) => n + r.warningCount, 0);
  const shownResults = args.quiet ? reported.map(errorsOnly) : reported;
  const color = resolveColor(args.color, io.env, io.isTTY);
  const context = {
    cwd: io.cwd,
    version: packageVersion(),
    severities: runSeverities(results.map((r) => configFor(r.filePath))),
    env: io.env,
    sources,
  };
  if (!(await writeOutputs(outputs, shownResults, context, io, color))) failed = true;

  // As ESLint: --quiet hides warnings, but --max-warnings still counts them.
  const tooManyWarnings = args.maxWarnings >= 0 && warningCount > args.maxWarnings;
  if (tooManyWarnings) {
    io.stderr.write(
      `${PROGRAM}: too many warnings: ${warningCount} found, at most ${args.maxWarnings} allowed (--max-warnings)\n`,
    );
  }
  if (failed) return EXIT_ERROR;
  return errorCount > 0 || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK;
}
