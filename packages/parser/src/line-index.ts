import type { Position } from './types.js';

/**
 * Line starts of a text, where a line ends at `\r\n`, `\n` or a lone `\r` (XML's end-of-line
 * handling, which is also how saxes counts lines).
 */
export class LineIndex {
  readonly lineStarts: readonly number[];
  /** True when the text holds a surrogate pair, so code points and code units differ. */
  private readonly hasAstral: boolean;
  /** 1 when the text starts with a BOM: editors, like ESLint, do not count it as a column. */
  private readonly bom: number;

  constructor(private readonly text: string) {
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
    this.hasAstral = /[\uD800-\uDBFF]/.test(text);
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

  /**
   * The UTF-16 offset reached after `codePoints` code points of 1-based `line`: saxes reports
   * columns in code points, this converts them back to exact source offsets.
   */
  offsetAfter(line: number, codePoints: number): number {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    if (!this.hasAstral) return start + codePoints;
    let offset = start;
    for (let n = 0; n < codePoints && offset < this.text.length; n++) {
      const c = this.text.charCodeAt(offset);
      offset += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    }
    return offset;
  }
}
