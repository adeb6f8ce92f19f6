import type { Fix } from './rule.js';

/** 1 = warning, 2 = error: the numbers ESLint's JSON output uses. */
export type SeverityLevel = 1 | 2;

/** One finding, in the shape of ESLint's JSON formatter. */
export interface LintMessage {
  /** `null` for a fatal parse error. */
  readonly ruleId: string | null;
  readonly severity: SeverityLevel;
  readonly message: string;
  readonly messageId?: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly fix?: Fix;
  /** Why `virt-alias fix` cannot fix this finding. */
  readonly unfixable?: string;
  readonly fatal?: true;
}

export interface LintResult {
  readonly filePath: string;
  readonly messages: readonly LintMessage[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly fatalErrorCount: number;
  readonly fixableErrorCount: number;
  readonly fixableWarningCount: number;
  /** Set when the file was not linted: its root is not `<domain>`. */
  readonly skipped?: { readonly reason: string };
}

export function summarize(filePath: string, messages: readonly LintMessage[]): LintResult {
  let errorCount = 0;
  let warningCount = 0;
  let fatalErrorCount = 0;
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;
  for (const m of messages) {
    if (m.severity === 2) {
      errorCount++;
      if (m.fatal) fatalErrorCount++;
      if (m.fix) fixableErrorCount++;
    } else {
      warningCount++;
      if (m.fix) fixableWarningCount++;
    }
  }
  return {
    filePath,
    messages,
    errorCount,
    warningCount,
    fatalErrorCount,
    fixableErrorCount,
    fixableWarningCount,
  };
}
