import type { FixOutcome } from '@virt-alias/rewriter';
import type { LintResult } from '@virt-alias/rules';
import type { SourceFacts } from './source-facts.js';

/** A file that could not be read, or whose lint or fix failed: no result (the CLI exits 2). */
export interface FileFailure {
  readonly kind: 'failed';
  readonly filePath: string;
  /** Why, without the path: `cannot read: permission denied (EACCES)`. */
  readonly message: string;
}

/** What `lintFiles` gives for one file that was linted (or skipped: `result.skipped`). */
export interface LintedFile {
  readonly kind: 'linted';
  readonly filePath: string;
  readonly result: LintResult;
  readonly facts: SourceFacts;
  /** Set when the result came from the cache, the file unchanged since. */
  readonly cached?: true;
}

/**
 * What `fixFiles` gives for one file: `fixText`'s outcome (the fixed text, the counts, what is
 * left) and the text it was read with. No `SourceFacts`: the result holds both texts. `fixed` is
 * empty unless the engine keeps it (`EngineOptions.fixedFindings`).
 */
export interface FixedFile extends FixOutcome {
  readonly kind: 'fixed';
  readonly filePath: string;
  /** The text as read ("" when it could not be read whole: a fatal finding then says why). */
  readonly before: string;
  /**
   * The file's permission bits (`mode & 0o7777`) from the `fstat` of the file opened and read
   * (the file whose text this is): what its copy under `fix --out-dir` gets. Absent for a text
   * not read from a file (standard input, a text input) and for a file too large to read.
   */
  readonly permissions?: number;
}

/** Every result names the input it answers by its position in the inputs. */
export type Indexed<T> = T & { readonly index: number };

export type LintFileResult = LintedFile | FileFailure;
export type FixFileResult = FixedFile | FileFailure;
