import fc from 'fast-check';
import type { Fix } from '@virt-alias/rules';
import { describe, expect, it } from 'vitest';
import { changeBetween, composeChanges, type TextChange } from './text-changes.js';

/** The text `changes` make of `before`, taking each replacement from `after`. */
function replay(before: string, after: string, changes: readonly TextChange[]): string {
  let out = '';
  let at = 0;
  for (const c of changes) {
    out += before.slice(at, c.before[0]) + after.slice(c.after[0], c.after[1]);
    at = c.before[1];
  }
  return out + before.slice(at);
}

/** One pass of edits, as `applyFixes` applies them: in order, apart (touching is overlap). */
function apply(text: string, edits: readonly Fix[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.range[0]) + e.text;
    at = e.range[1];
  }
  return out + text.slice(at);
}

/** Random passes of edits on a text: each edit at a random place, kept when apart from the last. */
const passes = fc.array(
  fc.array(fc.tuple(fc.nat(), fc.nat(4), fc.string({ maxLength: 4 })), { maxLength: 5 }),
  { minLength: 1, maxLength: 4 },
);

function editsOf(text: string, pass: readonly (readonly [number, number, string])[]): Fix[] {
  const edits: Fix[] = [];
  let lastEnd = -1;
  for (const [at, length, replacement] of [...pass].sort((a, b) => (a[0] % 97) - (b[0] % 97))) {
    const start = (at % 97) % (text.length + 1);
    if (start <= lastEnd) continue;
    const end = Math.min(text.length, start + length);
    edits.push({ range: [start, end], text: replacement });
    lastEnd = end;
  }
  return edits;
}

describe('composeChanges', () => {
  it('one pass: each edit becomes a change', () => {
    expect(
      composeChanges(
        [],
        [
          { range: [1, 2], text: 'XY' },
          { range: [4, 4], text: 'Z' },
        ],
      ),
    ).toEqual([
      { before: [1, 2], after: [1, 3] },
      { before: [4, 4], after: [5, 6] },
    ]);
  });

  it('a later edit that touches or overlaps an earlier change joins it', () => {
    // 'abcdef' -> 'aXYcdef' (b -> XY) -> 'aXYcdW' (ef -> W; touches nothing) -> ...
    const first = composeChanges([], [{ range: [1, 2], text: 'XY' }]);
    expect(first).toEqual([{ before: [1, 2], after: [1, 3] }]);
    // Inserting right after XY touches that change: one change, b -> XYQ.
    expect(composeChanges(first, [{ range: [3, 3], text: 'Q' }])).toEqual([
      { before: [1, 2], after: [1, 4] },
    ]);
    // Replacing "Yc" overlaps it and reaches past it: b c -> X R.
    expect(composeChanges(first, [{ range: [2, 4], text: 'R' }])).toEqual([
      { before: [1, 3], after: [1, 3] },
    ]);
  });

  it('on random passes: the changes turn the first text into the last, in order and apart', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), passes, (text, all) => {
        let current = text;
        let changes: TextChange[] = [];
        for (const pass of all) {
          const edits = editsOf(current, pass);
          changes = composeChanges(changes, edits);
          current = apply(current, edits);
        }
        expect(replay(text, current, changes)).toBe(current);
        for (let i = 1; i < changes.length; i++) {
          expect(changes[i]!.before[0]).toBeGreaterThan(changes[i - 1]!.before[1]);
          expect(changes[i]!.after[0]).toBeGreaterThan(changes[i - 1]!.after[1]);
        }
      }),
      { numRuns: 2000, seed: 8 },
    );
  });
});

describe('changeBetween', () => {
  it('spans the first difference to the last, never past the shorter text', () => {
    expect(changeBetween('abc', 'abc')).toEqual([]);
    expect(changeBetween('abXc', 'abc')).toEqual([{ before: [2, 3], after: [2, 2] }]);
    expect(changeBetween('aa', 'aaa')).toEqual([{ before: [2, 2], after: [2, 3] }]);
    expect(changeBetween('', 'x')).toEqual([{ before: [0, 0], after: [0, 1] }]);
  });
});
