import { ruleName, severityName, slashPath } from './shared.js';
import type { Formatter } from './types.js';

/**
 * One line per finding, `file:line:col: severity message [rule]`, as compilers print them (so
 * editors and `grep` jump to it); nothing else, nothing at all without findings.
 */
export const compact: Formatter = (results, { cwd }) => {
  const lines = results.flatMap((result) => {
    const file = slashPath(cwd, result.filePath);
    return result.messages.map(
      (m) =>
        `${file}:${m.line}:${m.column}: ${severityName(m)} ${m.message.replace(/\r\n|\r|\n/gu, ' ')} [${ruleName(m)}]`,
    );
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
};

export default compact;
