import { removeStaleTemps } from '@virt-alias/rewriter';
import { displayPath } from './display-path.js';
import { PROGRAM, type CliIo } from './io.js';

/**
 * Removes what killed runs left in the directories this run writes to (their temporary files,
 * by name pattern and dead process id), once per directory, before the first write there, and
 * says so unless `quiet`.
 */
export class StaleTempSweeper {
  private readonly swept = new Map<string, Promise<void>>();

  constructor(
    private readonly io: CliIo,
    private readonly quiet: boolean,
  ) {}

  sweep(dir: string): Promise<void> {
    let done = this.swept.get(dir);
    if (!done) {
      done = removeStaleTemps(dir).then((removed) => {
        if (this.quiet) return;
        for (const file of removed) {
          this.io.stderr.write(
            `${PROGRAM}: removed ${displayPath(this.io.cwd, file)}: a temporary file an interrupted run left\n`,
          );
        }
      });
      this.swept.set(dir, done);
    }
    return done;
  }
}
