import type { LintResult } from '@virt-alias/rules';
import { ruleName, severityName, slashPath, xmlAttr, XML_DECLARATION } from './shared.js';
import { wholeRun, type StreamingFormatter } from './types.js';

/**
 * Checkstyle XML (version 4.3), as Jenkins Warnings NG, reviewdog and most CI dashboards read
 * it: a `<file>` per linted file (path relative to the working directory), an `<error>` per
 * finding with `source="virt-alias.RULE"`.
 */
export const checkstyleStream: StreamingFormatter = ({ cwd }) => {
  const open = '<checkstyle version="4.3"';
  let first = true;
  const element = (result: LintResult): string => {
    const name = xmlAttr(slashPath(cwd, result.filePath));
    if (result.messages.length === 0) return `  <file name="${name}"/>`;
    const errors = result.messages.map(
      (m) =>
        `    <error line="${m.line}" column="${m.column}" severity="${severityName(m)}" ` +
        `message="${xmlAttr(m.message)}" source="${xmlAttr(`virt-alias.${ruleName(m)}`)}"/>`,
    );
    return `  <file name="${name}">\n${errors.join('\n')}\n  </file>`;
  };
  return {
    file(result) {
      const opening = first ? `${XML_DECLARATION}\n${open}>\n` : '';
      first = false;
      return `${opening}${element(result)}\n`;
    },
    end: () => (first ? `${XML_DECLARATION}\n${open}/>\n` : '</checkstyle>\n'),
  };
};

export const checkstyle = wholeRun(checkstyleStream);

export default checkstyle;
