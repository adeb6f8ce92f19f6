import path from 'node:path';
import { resolvedPath } from './resolved-path.js';

/**
 * The files a run writes at its end (reports, a baseline, a change log), checked against the
 * domain files it reads as they stream by: `lint -o vm.xml vm.xml` replaced the domain file
 * with its report. Found only
 * at the end, when the inputs are known, such an output is not written (exit 2). A path is known
 * by itself and, when it exists, by its real path (the inputs' paths are absolute).
 */
export class OutputsOverInputs {
  /** Why such an output is not written. */
  static readonly REFUSED = 'it is one of the files this run read, which it would replace: name another file';

  private readonly outputs = new Map<string, string>();
  private readonly hit = new Set<string>();

  constructor(cwd: string, files: readonly (string | undefined)[]) {
    for (const file of files) {
      if (file === undefined) continue;
      const resolved = path.resolve(cwd, file);
      this.outputs.set(resolved, resolved);
      // Not there yet: its own name only, nothing the run reads.
      this.outputs.set(resolvedPath(resolved), resolved);
    }
  }

  /**
   * A domain file the run linted, or failed to: an output by that path is refused (true). A file
   * skipped as no domain is not: the report of the last run (`-f junit:dumps/report.xml
   * dumps/`) is such a file, and is replaced as it always was.
   */
  see(input: string): boolean {
    if (this.outputs.size === 0) return false;
    const output = this.outputs.get(input);
    if (output === undefined) return false;
    this.hit.add(output);
    return true;
  }

  /** Why `file` (as given to the constructor, resolved) must not be written, if it must not. */
  refusal(cwd: string, file: string): string | undefined {
    return this.hit.has(path.resolve(cwd, file)) ? OutputsOverInputs.REFUSED : undefined;
  }
}
