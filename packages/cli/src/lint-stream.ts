import { lintText, summarize, type LintResult } from '@virt-alias/rules';
import type { CommonArgs } from './args.js';
import { displayPath } from './display-path.js';
import { errorMessage } from './errors.js';
import { PROGRAM, type CliIo } from './io.js';
import type { PreparedRun } from './prepare-run.js';
import { readTargets } from './read-targets.js';

/** Files read ahead of the linter: enough to keep the disk busy, few enough to keep memory flat. */
export const READ_AHEAD = 64;

/** What a result stream reports besides its results: whether some file failed (exit 2). */
export interface StreamStatus {
  failed: boolean;
}

/**
 * Lints the targets of a prepared run one batch of `READ_AHEAD` files at a time and yields each
 * result in target order, so that a consumer keeps what it wants of each and no text outlives its
 * result. Unreadable files and internal errors are reported on stderr and set `status.failed`;
 * files whose root is not `<domain>` are noted on stderr (unless quiet) and yielded as skipped.
 * The engine's `lintFiles` is meant to take this one's place.
 */
export async function* lintStream(
  run: Extract<PreparedRun, { configFailed: false }>,
  args: CommonArgs,
  io: CliIo,
  status: StreamStatus,
): AsyncGenerator<LintResult> {
  const { targets, configFor } = run;
  for (let start = 0; start < targets.length; start += READ_AHEAD) {
    for (const outcome of await readTargets(targets.slice(start, start + READ_AHEAD), io.stdin)) {
      const shown = displayPath(io.cwd, outcome.filePath);
      if ('error' in outcome) {
        io.stderr.write(`${PROGRAM}: ${shown}: ${outcome.error}\n`);
        status.failed = true;
        continue;
      }
      // Too large to lint: one fatal finding, as lint gives it.
      if ('fatal' in outcome) {
        yield summarize(outcome.filePath, [outcome.fatal]);
        continue;
      }
      let result: LintResult;
      try {
        result = lintText(outcome.text, configFor(outcome.filePath), {
          filePath: outcome.filePath,
          reportUnusedDisableDirectives: args.reportUnusedDisableDirectives,
        });
      } catch (error) {
        io.stderr.write(`${PROGRAM}: ${shown}: internal error while linting: ${errorMessage(error)}\n`);
        status.failed = true;
        continue;
      }
      if (result.skipped && !args.quiet) io.stderr.write(`${shown}: skipped: ${result.skipped.reason}\n`);
      yield result;
    }
  }
}
