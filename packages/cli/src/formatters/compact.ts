import { printableText } from '@virt-alias/rules';
import { ruleName, severityName, slashPath } from './shared.js';
import { wholeRun, type StreamingFormatter } from './types.js';

/**
 * One line per finding, `file:line:col: severity message [rule]`, as compilers print them (so
 * editors and `grep` jump to it); nothing else, nothing at all without findings.
 */
export const compactStream: StreamingFormatter = ({ cwd }) => ({
  file(result) {
    const file = printableText(slashPath(cwd, result.filePath));
    return result.messages
      .map(
        (m) =>
          `${file}:${m.line}:${m.column}: ${severityName(m)} ${m.message.replace(/\r\n|\r|\n/gu, ' ')} [${ruleName(m)}]\n`,
      )
      .join('');
  },
  end: () => '',
});

export const compact = wholeRun(compactStream);

export default compact;
