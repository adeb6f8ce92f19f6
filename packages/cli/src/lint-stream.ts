import { Engine } from '@virt-alias/engine';
import type { LintResult } from '@virt-alias/rules';
import type { CommonArgs } from './args.js';
import { displayPath } from './display-path.js';
import { PROGRAM, type CliIo } from './io.js';
import { reportThreadLosses } from './thread-losses.js';
import type { StreamedRun } from './stream-run.js';

/** What a result stream reports besides its results: whether some file failed (exit 2). */
export interface StreamStatus {
  failed: boolean;
}

/**
 * Lints the targets of a prepared run with the engine and yields each result in target order, as
 * soon as it is done, so that a consumer keeps what it wants of each and no text outlives its
 * result. Unreadable files and internal errors are reported on stderr and set `status.failed`;
 * files whose root is not `<domain>` are noted on stderr (unless quiet) and yielded as skipped.
 */
export async function* lintStream(
  run: Extract<StreamedRun, { configFailed: false }>,
  args: CommonArgs,
  io: CliIo,
  status: StreamStatus,
): AsyncGenerator<LintResult> {
  const engine = new Engine({ reportUnusedDisableDirectives: args.reportUnusedDisableDirectives });
  for await (const file of engine.lintFiles(run.inputs)) {
    const shown = displayPath(io.cwd, file.filePath);
    if (file.kind === 'failed') {
      io.stderr.write(`${PROGRAM}: ${shown}: ${file.message}\n`);
      status.failed = true;
      continue;
    }
    if (file.result.skipped && !args.quiet)
      io.stderr.write(`${PROGRAM}: ${shown}: skipped: ${file.result.skipped.reason}\n`);
    yield file.result;
  }
  reportThreadLosses(engine.threadLosses, 'linted', io);
}
