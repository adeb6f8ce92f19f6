import type { LintResult, RuleModule, SeverityLevel } from '@virt-alias/rules';

export interface FormatterContext {
  /** Paths are shown relative to it where a format wants relative paths. */
  readonly cwd: string;
  /** Whether the output may carry ANSI colour codes (only `stylish` uses it). */
  readonly color: boolean;
  /** virt-alias's version, for formats that name the tool (`sarif`). */
  readonly version?: string;
  /** The rules' metadata (`sarif` lists them, `markdown` links them); default: `allRules`. */
  readonly rules?: readonly RuleModule[];
  /** The severity of every rule enabled in this run, by id (rules left out are off). */
  readonly severities?: ReadonlyMap<string, SeverityLevel>;
  /** The environment (`github` reads `GITHUB_WORKSPACE`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The text of each linted file, by `filePath`: line-content fingerprints (`sarif`, `gitlab`)
   * hash the finding's line; without it they fall back to the message.
   */
  readonly sources?: ReadonlyMap<string, string>;
}

/** Turns the results of a run into the text to write ("" = write nothing). Pure. */
export type Formatter = (results: readonly LintResult[], context: FormatterContext) => string;
