import { LineIndex } from '@virt-alias/parser';
import type { LintMessage } from '@virt-alias/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inInputPositions } from './input-positions.js';
import { composeChanges } from './text-changes.js';

const at = (line: number, column: number): LintMessage => ({
  ruleId: 'r',
  severity: 2,
  message: 'm',
  line,
  column,
});

describe('inInputPositions', () => {
  it('moves a finding below an inserted line back up to its line in the input', () => {
    const input = 'a\nb\nc\n';
    const output = 'a\nNEW\nb\nc\n';
    const changes = composeChanges([], [{ range: [2, 2], text: 'NEW\n' }]);
    const [moved] = inInputPositions(
      [{ ...at(3, 1), endLine: 3, endColumn: 2, fix: { range: [6, 7], text: 'x' } }],
      input,
      output,
      changes,
    );
    expect(moved).toEqual({ ...at(2, 1), endLine: 2, endColumn: 2 });
  });

  it('a position outside every edit names the same character in the input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', '\n', 'é'), minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom('', 'X', 'Y\nZ')), { maxLength: 4 }),
        fc.nat(),
        (input, raw, pick) => {
          // Apart, ordered edits of the input, as one fix pass makes them.
          const edits: { range: [number, number]; text: string }[] = [];
          let from = 0;
          for (const [gap, length, text] of raw) {
            const start = from + (gap % 5);
            const end = Math.min(input.length, start + length);
            if (start > input.length) break;
            edits.push({ range: [start, end], text });
            from = end + 1;
          }
          let output = '';
          let last = 0;
          for (const e of edits) {
            output += input.slice(last, e.range[0]) + e.text;
            last = e.range[1];
          }
          output += input.slice(last);
          const changes = composeChanges([], edits);
          // A character of the output outside every change.
          const outside = Array.from({ length: output.length }, (_, i) => i).filter((i) =>
            changes.every((c) => i < c.after[0] || i >= c.after[1]),
          );
          if (outside.length === 0) return;
          const offset = outside[pick % outside.length]!;
          const position = new LineIndex(output).positionAt(offset);
          const [moved] = inInputPositions([at(position.line, position.column)], input, output, changes);
          const index = new LineIndex(input);
          const start = index.lineStarts[moved!.line - 1]! + moved!.column - 1;
          expect(input[start]).toBe(output[offset]);
        },
      ),
    );
  });
});
