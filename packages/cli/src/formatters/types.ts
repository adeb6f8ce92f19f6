import type { LintResult } from '@virt-alias/rules';

export interface FormatterContext {
  /** Paths are shown relative to it where a format wants relative paths. */
  readonly cwd: string;
  /** Whether the output may carry ANSI colour codes. */
  readonly color: boolean;
}

/** Turns the results of a run into the text written to stdout ("" = write nothing). Pure. */
export type Formatter = (results: readonly LintResult[], context: FormatterContext) => string;
