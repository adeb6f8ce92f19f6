import { performance } from 'node:perf_hooks';
import { PROGRAM, type CliIo } from './io.js';

/**
 * `--debug`: one line to stderr, stamped with the milliseconds since the process started (so
 * the gaps between lines are the timings). Never on stdout: results stay parseable.
 */
export function debugLine(io: CliIo, enabled: boolean, message: string): void {
  if (enabled) io.stderr.write(`${PROGRAM}: debug: [${Math.round(performance.now())} ms] ${message}\n`);
}
