import { printableText } from '@virt-alias/rules';
import { paint } from '../color.js';
import { displayPath } from '../display-path.js';
import { textTable } from '../text-table.js';
import { wholeRun, type StreamingFormatter } from './types.js';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * ESLint's `stylish` format: per file with findings its path, then `line:column  severity
 * message  rule` rows, aligned; then a summary, and how many of the problems `virt-alias fix`
 * fixes. Nothing at all when there is no finding.
 */
export const stylishStream: StreamingFormatter = ({ cwd, color }) => {
  let errors = 0;
  let warnings = 0;
  /** Findings that carry a fix: what `virt-alias fix` would change. */
  let fixable = 0;
  return {
    file(result) {
      if (result.messages.length === 0) return '';
      // The blank line that opens the output comes with the first file that has findings.
      const opening = errors + warnings === 0 ? '\n' : '';
      errors += result.errorCount;
      warnings += result.warningCount;
      fixable += result.fixableErrorCount + result.fixableWarningCount;
      const lineWidth = Math.max(...result.messages.map((m) => String(m.line).length));
      const rows = result.messages.map((m) => [
        `${String(m.line).padStart(lineWidth)}:${m.column}`,
        m.fatal || m.severity === 2 ? 'error' : 'warning',
        m.message.replace(/([^ ])\.$/u, '$1'),
        m.ruleId ?? '',
      ]);
      const table = textTable(rows, {
        decorate: (cell, column) =>
          column === 0 || column === 3
            ? paint(color, 'dim', cell)
            : column === 1
              ? paint(color, cell === 'error' ? 'red' : 'yellow', cell)
              : cell,
      });
      const judged = result.preset !== undefined ? paint(color, 'dim', ` (preset ${result.preset})`) : '';
      return (
        `${opening}${paint(color, 'underline', printableText(displayPath(cwd, result.filePath)))}${judged}\n` +
        `${table.map((row) => `  ${row}`).join('\n')}\n\n`
      );
    },
    end() {
      const total = errors + warnings;
      if (total === 0) return '';
      const summary = `\u2716 ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
      const style = [errors > 0 ? 'red' : 'yellow', 'bold'] as const;
      // As ESLint's "potentially fixable with the `--fix` option", which is here a command.
      const footer =
        fixable > 0
          ? `${paint(color, style, `  ${fixable === 1 ? '1 problem' : `${fixable} problems`} fixable with \`virt-alias fix\``)}\n`
          : '';
      return `${paint(color, style, summary)}\n${footer}`;
    },
  };
};

export const stylish = wholeRun(stylishStream);

export default stylish;
