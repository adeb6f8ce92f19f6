import { LineIndex } from '@virt-alias/parser';
import type { LintMessage } from '@virt-alias/rules';

/**
 * What report formats need of a file's text, taken while the text is at hand so that the text
 * itself need not be kept: line-content fingerprints (`sarif`, `gitlab`) hash the trimmed text of
 * a finding's line, and SARIF fix offsets leave out a byte-order mark.
 */
export interface SourceFacts {
  /** Whether the text starts with a byte-order mark. */
  readonly bom: boolean;
  /** The trimmed text of every line a finding is on, by line number (1-based). */
  readonly lines: ReadonlyMap<number, string>;
}

/** Line `line` (1-based) of `text` without its line end, or undefined past the end. */
export function lineOf(text: string, line: number, index = new LineIndex(text)): string | undefined {
  const start = index.lineStarts[line - 1];
  if (start === undefined) return undefined;
  return text.slice(start, index.lineStarts[line] ?? text.length).replace(/(?:\r\n|\r|\n)$/u, '');
}

/**
 * Walks the lines of a text forward, one line end at a time, as `LineIndex` splits them (`\r\n`,
 * `\n` or a lone `\r`), without an array of every line start: a file's findings are on a few
 * lines, in order.
 */
class LineWalker {
  line = 1;
  start = 0;
  /** The first `\n` and `\r` at or after `start`, or -1. */
  private nl: number;
  private cr: number;

  constructor(private readonly text: string) {
    this.nl = text.indexOf('\n');
    this.cr = text.indexOf('\r');
  }

  /** Moves to the next line; false on the last. */
  next(): boolean {
    const { text, nl, cr } = this;
    if (cr >= 0 && (nl < 0 || cr < nl)) {
      const crlf = text.charCodeAt(cr + 1) === 10;
      this.start = cr + (crlf ? 2 : 1);
      if (crlf) this.nl = text.indexOf('\n', cr + 2);
      this.cr = text.indexOf('\r', cr + 1);
    } else if (nl >= 0) {
      this.start = nl + 1;
      this.nl = text.indexOf('\n', nl + 1);
    } else return false;
    this.line++;
    return true;
  }

  /** The current line without its line end. */
  content(): string {
    const { nl, cr } = this;
    const end = nl < 0 ? cr : cr < 0 ? nl : Math.min(nl, cr);
    return this.text.slice(this.start, end < 0 ? this.text.length : end);
  }
}

/** The facts of `text` for these findings. */
export function sourceFacts(text: string, messages: readonly LintMessage[]): SourceFacts {
  const lines = new Map<number, string>();
  let walker: LineWalker | undefined;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (lines.has(m.line) || m.line < 1) continue;
    // Findings are sorted by position: a line before the walk's (never, today) starts it over.
    if (!walker || m.line < walker.line) walker = new LineWalker(text);
    while (walker.line < m.line) if (!walker.next()) break;
    if (walker.line === m.line) lines.set(m.line, walker.content().trim());
  }
  return { bom: text.charCodeAt(0) === 0xfeff, lines };
}
