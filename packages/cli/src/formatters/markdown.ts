import { ruleName, rulesOf, severityName, slashPath } from './shared.js';
import type { Formatter } from './types.js';

/**
 * Text for one GitHub-flavoured table cell: no line break, `|` escaped, and no markup or HTML
 * (messages name elements such as `<disk>`).
 */
export function markdownCell(s: string): string {
  return s
    .replace(/[\\`*_[\]~#]/gu, '\\$&')
    .replace(/\|/gu, '\\|')
    .replace(/&/gu, '&amp;')
    .replace(/</gu, '&lt;')
    .replace(/>/gu, '&gt;')
    .replace(/\r\n|\r|\n/gu, '<br>');
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * GitHub refuses a step's job summary over 1 MiB (the whole summary is then lost): what
 * virt-alias appends stays under this, leaving room for what the step writes besides.
 */
export const STEP_SUMMARY_MAX_BYTES = 1_000_000;

/**
 * A summary for pull-request comments and GitHub's job summary: totals, a table of the findings
 * per rule, then every finding (file, line, severity, rule, message). A line of text when clean.
 */
export const markdown: Formatter = (results, context) => markdownWithin(results, context, Infinity);

/**
 * `markdown`, at most `maxBytes` of UTF-8: the totals and the per-rule table always, then as many
 * findings as fit, and "... and N more findings" for the rest.
 */
export const markdownWithin = (
  results: Parameters<Formatter>[0],
  context: Parameters<Formatter>[1],
  maxBytes: number,
): string => {
  const urls = new Map(rulesOf(context).map((r) => [r.id, r.meta.docs.url]));
  const heading = '### virt-alias\n\n';
  const files = plural(results.length, 'file');
  const withFindings = results.filter((r) => r.messages.length > 0);
  if (withFindings.length === 0) return `${heading}No findings in ${files}.\n`;

  const perRule = new Map<string, { errors: number; warnings: number }>();
  const rows: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const result of withFindings) {
    const file = markdownCell(slashPath(context.cwd, result.filePath));
    for (const m of result.messages) {
      const rule = ruleName(m);
      const severity = severityName(m);
      const counts = perRule.get(rule) ?? { errors: 0, warnings: 0 };
      if (severity === 'error') {
        counts.errors++;
        errors++;
      } else {
        counts.warnings++;
        warnings++;
      }
      perRule.set(rule, counts);
      rows.push(`| ${file} | ${m.line} | ${severity} | ${markdownCell(rule)} | ${markdownCell(m.message)} |`);
    }
  }
  const ruleRows = [...perRule].map(([rule, counts]) => {
    const url = urls.get(rule);
    const name = url !== undefined ? `[${markdownCell(rule)}](${url})` : markdownCell(rule);
    return `| ${name} | ${counts.errors} | ${counts.warnings} |`;
  });
  const head = [
    `${heading}**${plural(errors, 'error')}, ${plural(warnings, 'warning')}** in ${withFindings.length} of ${files}.`,
    '',
    '| Rule | Errors | Warnings |',
    '| --- | ---: | ---: |',
    ...ruleRows,
    '',
    '| File | Line | Severity | Rule | Message |',
    '| --- | ---: | --- | --- | --- |',
  ].join('\n');
  const full = [head, ...rows, ''].join('\n');
  if (Buffer.byteLength(full) <= maxBytes) return full;
  // Room for the head, the line that counts the rest (its number at most as long as the count
  // of all rows) and the line ends.
  const tail = (n: number): string =>
    `\n... and ${plural(n, 'more finding')}: see the annotations or the SARIF report.\n`;
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail(rows.length)) + 1;
  let kept = 0;
  while (kept < rows.length) {
    const next = Buffer.byteLength(rows[kept]!) + 1;
    if (size + next > maxBytes) break;
    size += next;
    kept++;
  }
  return [head, ...rows.slice(0, kept), tail(rows.length - kept)].join('\n');
};

export default markdown;
