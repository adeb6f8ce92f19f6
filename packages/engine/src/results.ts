import type { LintMessage, LintResult } from '@virt-alias/rules';
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

/** What `fixFiles` gives for one file: its fixed text, the text it was read with, and the counts. */
export interface FixedFile {
  readonly kind: 'fixed';
  readonly filePath: string;
  /** The lint result of `output`: what is left. */
  readonly result: LintResult;
  readonly facts: SourceFacts;
  /** The text as read ("" when it could not be read whole: a fatal finding then says why). */
  readonly before: string;
  /** The fixed text (`before` when nothing changed). */
  readonly output: string;
  readonly changed: boolean;
  readonly passes: number;
  /** Devices given an alias libvirt reads where they had none (inserted, or moved up). */
  readonly added: number;
  /** Aliases renamed. */
  readonly renamed: number;
  /** `<alias>` elements removed. */
  readonly removed: number;
  /** Unused `virt-alias-disable` comments removed. */
  readonly directivesRemoved: number;
  /** The findings whose fixes were applied, pass by pass (change logs name them). */
  readonly fixed: readonly LintMessage[];
}

/** Every result names the input it answers by its position in the inputs. */
export type Indexed<T> = T & { readonly index: number };

export type LintFileResult = LintedFile | FileFailure;
export type FixFileResult = FixedFile | FileFailure;
