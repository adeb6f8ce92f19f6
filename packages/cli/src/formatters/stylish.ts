import { paint } from '../color.js';
import { displayPath } from '../display-path.js';
import { textTable } from '../text-table.js';
import type { Formatter } from './types.js';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * ESLint's `stylish` format: per file with findings its path, then `line:column  severity
 * message  rule` rows, aligned; then a summary. Nothing at all when there is no finding.
 */
export const stylish: Formatter = (results, { cwd, color }) => {
  let output = '\n';
  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    if (result.messages.length === 0) continue;
    errors += result.errorCount;
    warnings += result.warningCount;
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
    output += `${paint(color, 'underline', displayPath(cwd, result.filePath))}${judged}\n`;
    output += `${table.map((row) => `  ${row}`).join('\n')}\n\n`;
  }
  const total = errors + warnings;
  if (total === 0) return '';
  const summary = `\u2716 ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
  return `${output}${paint(color, [errors > 0 ? 'red' : 'yellow', 'bold'], summary)}\n`;
};

export default stylish;
