import type { Fix } from '@virt-alias/rules';

/**
 * Where two texts differ: `before` is a range of the first, `after` the range of the second
 * that took its place. In a list, changes are in order and apart; outside them the two texts
 * are the same, character for character.
 */
export interface TextChange {
  readonly before: readonly [number, number];
  readonly after: readonly [number, number];
}

interface Span {
  readonly start: number;
  readonly end: number;
  /** How much longer the text of this span is on the newer side. */
  readonly growth: number;
}

/**
 * The changes from a first text to the result of `edits` applied to a second, given `changes`
 * from the first to the second. `edits` are ranges of the second text (ESLint's fixes applied
 * in one pass: in order, apart). Linear in the number of changes and edits: a fix of thousands
 * of devices, in up to `MAX_PASSES` passes, ends with one list, in the first text's terms and
 * the last's.
 */
export function composeChanges(changes: readonly TextChange[], edits: readonly Fix[]): TextChange[] {
  // Both as spans of the second text: what the earlier changes made, what the edits replace.
  const made: Span[] = changes.map(({ before, after }) => ({
    start: after[0],
    end: after[1],
    growth: after[1] - after[0] - (before[1] - before[0]),
  }));
  const replaced: Span[] = edits.map(({ range, text }) => ({
    start: range[0],
    end: range[1],
    growth: text.length - (range[1] - range[0]),
  }));
  const out: TextChange[] = [];
  /** Growth of the groups already out, from the first text to the second, and on to the third. */
  let grownBefore = 0;
  let grownAfter = 0;
  let m = 0;
  let r = 0;
  while (m < made.length || r < replaced.length) {
    // A group: spans that overlap or touch, taken in order of their start.
    let start = Infinity;
    let end = -Infinity;
    let madeGrowth = 0;
    let replacedGrowth = 0;
    for (;;) {
      const nextMade = made[m];
      const nextReplaced = replaced[r];
      const takeMade =
        nextMade !== undefined && (nextReplaced === undefined || nextMade.start <= nextReplaced.start);
      const next = takeMade ? nextMade : nextReplaced;
      if (next === undefined || (end !== -Infinity && next.start > end)) break;
      start = Math.min(start, next.start);
      end = Math.max(end, next.end);
      if (takeMade) {
        madeGrowth += next.growth;
        m++;
      } else {
        replacedGrowth += next.growth;
        r++;
      }
    }
    out.push({
      before: [start - grownBefore, end - grownBefore - madeGrowth],
      after: [start + grownAfter, end + grownAfter + replacedGrowth],
    });
    grownBefore += madeGrowth;
    grownAfter += replacedGrowth;
  }
  return out;
}

/**
 * The one change between two texts when nothing better is known: from their first difference
 * to their last (what the common start and the common end leave).
 */
export function changeBetween(before: string, after: string): TextChange[] {
  if (before === after) return [];
  const shorter = Math.min(before.length, after.length);
  let head = 0;
  while (head < shorter && before.charCodeAt(head) === after.charCodeAt(head)) head++;
  let tail = 0;
  while (
    tail < shorter - head &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  ) {
    tail++;
  }
  return [{ before: [head, before.length - tail], after: [head, after.length - tail] }];
}
