import type { LintMessage, LintResult } from '@virt-alias/rules';
import { wholeRun, type StreamingFormatter } from './types.js';

/**
 * ESLint's message object. Built by assignment, not spreads of conditional objects: the keys
 * come in the same order, and a cached re-run of 10,000 files spent a fifth of its formatting
 * time making and spreading the small objects.
 */
function message(m: LintMessage): Record<string, unknown> {
  const o: Record<string, unknown> = {
    ruleId: m.ruleId,
    severity: m.severity,
    message: m.message,
    line: m.line,
    column: m.column,
  };
  if (m.messageId !== undefined) o.messageId = m.messageId;
  if (m.endLine !== undefined) o.endLine = m.endLine;
  if (m.endColumn !== undefined) o.endColumn = m.endColumn;
  if (m.fix) o.fix = { range: m.fix.range, text: m.fix.text };
  if (m.fatal) o.fatal = true;
  if (m.unfixable !== undefined) o.unfixable = m.unfixable;
  if (m.device !== undefined) o.device = m.device;
  return o;
}

const fileObject = (r: LintResult): Record<string, unknown> => ({
  filePath: r.filePath,
  messages: r.messages.map(message),
  suppressedMessages: r.suppressedMessages.map((m) => {
    const o = message(m);
    o.suppressions = m.suppressions;
    return o;
  }),
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
