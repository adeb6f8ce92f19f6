import { lintText, type LintResult } from '@virt-alias/rules';
import type { LintArgs } from './args.js';
import { resolveColor } from './color.js';
import { displayPath } from './display-path.js';
import { errorMessage, UsageError } from './errors.js';
import { PROGRAM, type CliIo } from './io.js';
import { planOutputs, runSeverities, writeOutputs } from './output-files.js';
import { readTargets } from './read-targets.js';
import { prepareRun } from './prepare-run.js';
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
export async function runLint(args: LintArgs, io: CliIo): Promise<number> {
  checkArgs(args);
  const outputs = planOutputs(args.outputs, io.cwd);
  const prepared = await prepareRun(args, io);
  if (prepared.configFailed) return EXIT_ERROR;
  const { configFor, targets } = prepared;
  let failed = prepared.failed;

  const results: LintResult[] = [];
  const sources = new Map<string, string>();
  for (const outcome of await readTargets(targets, io.stdin)) {
    const shown = displayPath(io.cwd, outcome.filePath);
    if ('error' in outcome) {
      io.stderr.write(`${PROGRAM}: ${shown}: ${outcome.error}\n`);
      failed = true;
      continue;
    }
    let result: LintResult;
    try {
      result = lintText(outcome.text, configFor(outcome.filePath), outcome.filePath);
    } catch (error) {
      // A rule's bug must not hide the other files' results.
      io.stderr.write(`${PROGRAM}: ${shown}: internal error while linting: ${errorMessage(error)}\n`);
      failed = true;
      continue;
    }
    if (result.skipped) {
      if (!args.quiet) io.stderr.write(`${shown}: skipped: ${result.skipped.reason}\n`);
      continue;
    }
    results.push(result);
    sources.set(result.filePath, outcome.text);
  }

  const errorCount = results.reduce((n, r) => n + r.errorCount, 0);
  const warningCount = results.reduce((n, r) => n + r.warningCount, 0);
  const shownResults = args.quiet ? results.map(errorsOnly) : results;
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
