import type { LintMessage } from '@virt-alias/rules';
import { describe, expect, it } from 'vitest';
import { lineOf, sourceFacts } from './source-facts.js';

const at = (...lines: number[]): LintMessage[] =>
  lines.map((line) => ({ ruleId: 'r', severity: 2, message: 'm', line, column: 1 }));

/** What `sourceFacts` gives, line by line, from `lineOf` over a full line index. */
function expected(text: string, messages: readonly LintMessage[]): [number, string][] {
  const out = new Map<number, string>();
  for (const m of messages) {
    if (out.has(m.line)) continue;
    const line = lineOf(text, m.line);
    if (line !== undefined) out.set(m.line, line.trim());
  }
  return [...out];
}

describe('sourceFacts', () => {
  const texts = [
    '',
    'one line',
    '\ufeff  <domain>\n  <name>a</name>\n</domain>\n',
    'a\r\n  b  \r\n\r\nc',
    'a\rb\r\rc\n',
    'mixed\n\r\n\r  x\r\n\ny\r',
    '\n\n\n',
  ];
  const messages = [at(1), at(2, 3), at(1, 1, 4, 2), at(5, 3, 9), at(0, 2), at(3, 4, 5, 6, 7)];

  it('takes each finding line as a full line index splits the text (\\n, \\r\\n, lone \\r)', () => {
    for (const text of texts) {
      for (const m of messages) {
        const facts = sourceFacts(text, m);
        expect([...facts.lines], JSON.stringify({ text, lines: m.map((x) => x.line) })).toEqual(
          expected(text, m),
        );
        expect(facts.bom).toBe(text.startsWith('\ufeff'));
      }
    }
  });
});
