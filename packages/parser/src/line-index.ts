import type { Position } from './types.js';

/**
 * Line starts of a text, where a line ends at `\r\n`, `\n` or a lone `\r` (XML's end-of-line
 * handling, which is also how saxes counts lines).
 */
export class LineIndex {
  readonly lineStarts: readonly number[];
  /** 1 when the text starts with a BOM: editors, like ESLint, do not count it as a column. */
  private readonly bom: number;

  constructor(text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
    this.bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    const bom = lo === 0 ? this.bom : 0;
    return { line: lo + 1, column: Math.max(1, offset - (starts[lo] as number) + 1 - bom) };
  }
}
