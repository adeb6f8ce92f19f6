import { LineIndex } from '@virt-alias/parser';
import type { LintMessage } from '@virt-alias/rules';
import type { TextChange } from './text-changes.js';

/** The offset of a 1-based line and column (UTF-16 units, a BOM not counted) in a text. */
function offsetOf(index: LineIndex, bomLength: number, line: number, column: number): number {
  const start = index.lineStarts[Math.min(line, index.lineStarts.length) - 1] ?? 0;
  return start + column - 1 + (line === 1 ? bomLength : 0);
}

/**
 * An offset of the fixed text as an offset of the input: outside the changes the two texts are
 * the same, shifted; inside a change, where the input's replaced text starts.
 */
function inputOffset(changes: readonly TextChange[], offset: number): number {
  let shift = 0;
  for (const { before, after } of changes) {
    if (offset < after[0]) break;
    if (offset < after[1]) return before[0];
    shift = after[1] - before[1];
  }
  return offset - shift;
}

/**
 * The findings of a fixed text with their lines and columns in the input text instead: what is
 * left after `fix` is reported where the named file has it (a finding inside an edit, at the
 * start of the text the edit replaced). Their fixes, ranges of the fixed text, are dropped.
 */
export function inInputPositions(
  messages: readonly LintMessage[],
  input: string,
  output: string,
  changes: readonly TextChange[],
): LintMessage[] {
  // Nothing to move: no line index of either text (most fixed files have no finding left).
  if (changes.length === 0 || messages.length === 0) return [...messages];
  const outIndex = new LineIndex(output);
  const inIndex = new LineIndex(input);
  const outBom = output.charCodeAt(0) === 0xfeff ? 1 : 0;
  const move = (line: number, column: number): { line: number; column: number } => {
    const at = inputOffset(changes, offsetOf(outIndex, outBom, line, column));
    return inIndex.positionAt(Math.min(at, input.length));
  };
  return messages.map((m) => {
    const start = move(m.line, m.column);
    const end =
      m.endLine !== undefined && m.endColumn !== undefined ? move(m.endLine, m.endColumn) : undefined;
    const moved: LintMessage = {
      ...m,
      line: start.line,
      column: start.column,
      ...(end ? { endLine: end.line, endColumn: end.column } : {}),
    };
    if (moved.fix === undefined) return moved;
    return Object.fromEntries(Object.entries(moved).filter(([key]) => key !== 'fix')) as LintMessage;
  });
}
