import type { LintMessage, LintResult } from '@virt-alias/rules';
import { wholeRun, type StreamingFormatter } from './types.js';

function message(m: LintMessage): Record<string, unknown> {
  return {
    ruleId: m.ruleId,
    severity: m.severity,
    message: m.message,
    line: m.line,
    column: m.column,
    ...(m.messageId !== undefined ? { messageId: m.messageId } : {}),
    ...(m.endLine !== undefined ? { endLine: m.endLine } : {}),
    ...(m.endColumn !== undefined ? { endColumn: m.endColumn } : {}),
    ...(m.fix ? { fix: { range: m.fix.range, text: m.fix.text } } : {}),
    ...(m.fatal ? { fatal: true } : {}),
    ...(m.unfixable !== undefined ? { unfixable: m.unfixable } : {}),
    ...(m.device !== undefined ? { device: m.device } : {}),
  };
}

const fileObject = (r: LintResult): Record<string, unknown> => ({
  filePath: r.filePath,
  messages: r.messages.map(message),
  suppressedMessages: r.suppressedMessages.map((m) => ({ ...message(m), suppressions: m.suppressions })),
  errorCount: r.errorCount,
  fatalErrorCount: r.fatalErrorCount,
  warningCount: r.warningCount,
  fixableErrorCount: r.fixableErrorCount,
  fixableWarningCount: r.fixableWarningCount,
  usedDeprecatedRules: [],
  ...(r.domain !== undefined ? { domain: r.domain } : {}),
  ...(r.preset !== undefined ? { preset: r.preset } : {}),
  ...(r.liveDump ? { liveDump: true } : {}),
});

/**
 * ESLint's `json` format: one object per linted file, `JSON.stringify` without indentation, so
 * that tools reading ESLint's output read this one. Written one element at a time: the text is
 * that of `JSON.stringify` of the whole array.
 */
export const jsonStream: StreamingFormatter = () => {
  let first = true;
  return {
    file(result) {
      const text = `${first ? '[' : ','}${JSON.stringify(fileObject(result))}`;
      first = false;
      return text;
    },
    end: () => (first ? '[]' : ']'),
  };
};

export const json = wholeRun(jsonStream);

export default json;
