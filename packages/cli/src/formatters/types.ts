import type { SourceFacts } from '@virt-alias/engine';
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
   * What formats need of each linted file's text, by `filePath` (the engine takes it while the
   * text is at hand): line-content fingerprints (`sarif`, `gitlab`) hash the finding's line;
   * without it they fall back to the message.
   */
  readonly sources?: ReadonlyMap<string, SourceFacts>;
}

/** Turns the results of a run into the text to write ("" = write nothing). Pure. */
export type Formatter = (results: readonly LintResult[], context: FormatterContext) => string;

/** One output written file by file: `file` for each result as it arrives, then `end`, once. */
export interface FormatStream {
  file(result: LintResult): string;
  end(): string;
}

/**
 * A format whose output can be written as results arrive (`stylish`, `compact`, `github`,
 * `json`, `checkstyle`): the text of all its calls is the whole-run formatter's text.
 */
export type StreamingFormatter = (context: FormatterContext) => FormatStream;

/** The whole-run formatter of a streaming one: the same text, at once. */
export function wholeRun(stream: StreamingFormatter): Formatter {
  return (results, context) => {
    const format = stream(context);
    return results.map((r) => format.file(r)).join('') + format.end();
  };
}
