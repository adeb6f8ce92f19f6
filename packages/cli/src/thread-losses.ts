import type { ThreadLoss } from '@virt-alias/engine';
import { PROGRAM, type CliIo } from './io.js';

/**
 * Tells, once per cause, the worker threads a run lost and whose files the calling thread took
 * (`Engine.threadLosses`, known at the end of the run, so that the line is the same on every run
 * of the same input). A warning, not an error: the files were linted all the same, and the exit
 * code is the results' (docs/decisions/0013-engine-worker-threads.md, "Round 5"). The files of a
 * batch a thread died with were reported already, each as an internal error.
 */
export function reportThreadLosses(
  losses: readonly ThreadLoss[],
  verb: 'linted' | 'fixed' | 'checked',
  io: CliIo,
): void {
  for (const { cause, reason } of losses) {
    const what =
      cause === 'start'
        ? `worker thread could not start (${reason}); its files were ${verb} in the calling thread`
        : `worker thread stopped and was not started again (${reason}); its other files were ${verb} in the calling thread`;
    io.stderr.write(`${PROGRAM}: warning: ${what}\n`);
  }
}
