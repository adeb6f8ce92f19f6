import type { Position } from './types.js';

/**
 * Line starts of a text, where a line ends at `\r\n`, `\n` or a lone `\r` (XML's end-of-line
 * handling, which is also how saxes counts lines).
 */
export class LineIndex {
  /** 1 when the text starts with a BOM: editors, like ESLint, do not count it as a column. */
  private readonly bom: number;
  private readonly text: string;
  private starts: readonly number[] | null = null;

  constructor(text: string) {
    this.text = text;
    this.bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  /** Found on first use: a file without findings or errors never needs them. */
  get lineStarts(): readonly number[] {
    return (this.starts ??= lineStarts(this.text));
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

function lineStarts(text: string): number[] {
  // indexOf runs far faster than a loop over every character: a line end is searched, not met.
  const starts = [0];
  let nl = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (nl >= 0 || cr >= 0) {
    if (cr >= 0 && (nl < 0 || cr < nl)) {
      const crlf = text.charCodeAt(cr + 1) === 10;
      starts.push(cr + (crlf ? 2 : 1));
      if (crlf) nl = text.indexOf('\n', cr + 2);
      cr = text.indexOf('\r', cr + 1);
    } else {
      starts.push(nl + 1);
      nl = text.indexOf('\n', nl + 1);
    }
  }
  return starts;
}
