import { ruleName, severityName, slashPath, xmlAttr, XML_DECLARATION } from './shared.js';
import type { Formatter } from './types.js';

/**
 * Checkstyle XML (version 4.3), as Jenkins Warnings NG, reviewdog and most CI dashboards read
 * it: a `<file>` per linted file (path relative to the working directory), an `<error>` per
 * finding with `source="virt-alias.RULE"`.
 */
export const checkstyle: Formatter = (results, { cwd }) => {
  const files = results.map((result) => {
    const name = xmlAttr(slashPath(cwd, result.filePath));
    if (result.messages.length === 0) return `  <file name="${name}"/>`;
    const errors = result.messages.map(
      (m) =>
        `    <error line="${m.line}" column="${m.column}" severity="${severityName(m)}" ` +
        `message="${xmlAttr(m.message)}" source="${xmlAttr(`virt-alias.${ruleName(m)}`)}"/>`,
    );
    return `  <file name="${name}">\n${errors.join('\n')}\n  </file>`;
  });
  const open = '<checkstyle version="4.3"';
  return files.length === 0
    ? `${XML_DECLARATION}\n${open}/>\n`
    : `${XML_DECLARATION}\n${open}>\n${files.join('\n')}\n</checkstyle>\n`;
};

export default checkstyle;
