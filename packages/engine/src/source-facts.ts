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

/** The facts of `text` for these findings. */
export function sourceFacts(text: string, messages: readonly LintMessage[]): SourceFacts {
  const lines = new Map<number, string>();
  if (messages.length > 0) {
    const index = new LineIndex(text);
    for (const m of messages) {
      if (lines.has(m.line)) continue;
      const found = lineOf(text, m.line, index);
      if (found !== undefined) lines.set(m.line, found.trim());
    }
  }
  return { bom: text.charCodeAt(0) === 0xfeff, lines };
}
