import { diffArrays } from 'diff';
import { changeBetween, type TextChange } from './text-changes.js';

/** Lines of context around each change, as `git diff` and `diff -u`. */
const CONTEXT = 3;

/** A text's lines, each with its line break (the last one may have none), and its line breaks. */
interface Lines {
  readonly lines: string[];
  /** The offset of every `\n`, in order. */
  readonly breaks: number[];
}

function splitLines(text: string): Lines {
  const lines: string[] = [];
  const breaks: number[] = [];
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline + 1;
    if (newline >= 0) breaks.push(newline);
    lines.push(text.slice(start, end));
    start = end;
  }
  return { lines, breaks };
}

/**
 * The line that holds `offset`: the number of line breaks before it. At the very end of a text
 * whose last line has no break, that last line (text inserted there changes it); at the end of
 * one that ends with a break, the line after the last.
 */
function lineAt(text: Lines, offset: number): number {
  let low = 0;
  let high = text.breaks.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (text.breaks[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The line after the one that holds `offset` (a change ending there may reach into it). */
const lineAfter = (text: Lines, offset: number): number =>
  Math.min(text.lines.length, lineAt(text, offset) + 1);

/** Lines `[before0, before1)` of the first text and `[after0, after1)` of the second. */
interface Window {
  before0: number;
  before1: number;
  after0: number;
  after1: number;
}

/**
 * The lines each change touches, in both texts; changes whose lines meet or overlap share one
 * window. Between two windows, the lines of both texts are the same, as many on each side.
 */
function changedWindows(changes: readonly TextChange[], before: Lines, after: Lines): Window[] {
  const windows: Window[] = [];
  for (const { before: b, after: a } of changes) {
    const window = {
      before0: lineAt(before, b[0]),
      before1: lineAfter(before, b[1]),
      after0: lineAt(after, a[0]),
      after1: lineAfter(after, a[1]),
    };
    const last = windows.at(-1);
    if (last && (window.before0 <= last.before1 || window.after0 <= last.after1)) {
      last.before1 = Math.max(last.before1, window.before1);
      last.after1 = Math.max(last.after1, window.after1);
    } else windows.push(window);
  }
  return windows;
}

/** Throws unless the texts are the same outside `changes`: a diff of them would be false. */
function checkChanges(changes: readonly TextChange[], before: string, after: string): void {
  let b = 0;
  let a = 0;
  const same = (bEnd: number, aEnd: number): void => {
    if (bEnd - b !== aEnd - a || before.slice(b, bEnd) !== after.slice(a, aEnd)) {
      throw new Error('internal error: the changes given do not describe the two texts');
    }
  };
  for (const change of changes) {
    same(change.before[0], change.after[0]);
    [b, a] = [change.before[1], change.after[1]];
  }
  same(before.length, after.length);
}

type RunKind = 'same' | 'removed' | 'added';

interface Run {
  readonly kind: RunKind;
  count: number;
}

/**
 * The line diff of the two texts, as runs of lines kept, removed and added: what `diff`'s
 * Myers algorithm gives for the whole texts, computed window by window. Each window runs from
 * its first changed line down to the next window's first (or the end): the lines in between
 * are the same on both sides, and Myers' greedy walk takes common lines as early as it can,
 * so it pushes each change as late as the window allows, as it does over the whole text. The
 * cost is that of the windows, not of the whole text: linear where changes are spread
 * across a wide file (Myers over the whole text is quadratic in the number of changes).
 */
function lineRuns(before: Lines, after: Lines, windows: readonly Window[]): Run[] {
  const runs: Run[] = [];
  const add = (kind: RunKind, count: number): void => {
    if (count === 0) return;
    const last = runs.at(-1);
    if (last?.kind === kind) last.count += count;
    else runs.push({ kind, count });
  };
  add('same', windows[0]?.before0 ?? before.lines.length);
  windows.forEach((window, i) => {
    const next = windows[i + 1];
    const parts = diffArrays(
      before.lines.slice(window.before0, next?.before0 ?? before.lines.length),
      after.lines.slice(window.after0, next?.after0 ?? after.lines.length),
    );
    for (const part of parts) add(part.added ? 'added' : part.removed ? 'removed' : 'same', part.count);
  });
  return runs;
}

/** One line of a hunk: its mark, its text without the line break, or the note that it has none. */
const hunkLine = (mark: string, line: string): string =>
  line.endsWith('\n') ? mark + line.slice(0, -1) : `${mark}${line}\n\\ No newline at end of file`;

/** The hunks of the runs, `CONTEXT` lines around each change, hunks closer than that joined. */
function hunks(runs: readonly Run[], before: Lines, after: Lines): string[] {
  const out: string[] = [];
  let oldLine = 0;
  let newLine = 0;
  let open: { oldStart: number; newStart: number; lines: string[] } | undefined;
  const close = (context: number): void => {
    if (!open) return;
    const oldCount = oldLine + context - open.oldStart;
    const newCount = newLine + context - open.newStart;
    // An empty side is numbered by the line before it, as `diff -u` does.
    const oldStart = oldCount === 0 ? open.oldStart : open.oldStart + 1;
    const newStart = newCount === 0 ? open.newStart : open.newStart + 1;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...open.lines);
    open = undefined;
  };
  runs.forEach((run, i) => {
    if (run.kind === 'same') {
      if (open) {
        const joined = run.count <= 2 * CONTEXT && i < runs.length - 1;
        const shown = joined ? run.count : Math.min(run.count, CONTEXT);
        for (let k = 0; k < shown; k++) open.lines.push(hunkLine(' ', before.lines[oldLine + k]!));
        if (!joined) close(shown);
      }
      oldLine += run.count;
      newLine += run.count;
      return;
    }
    if (!open) {
      const previous = runs[i - 1];
      const context = previous ? Math.min(previous.count, CONTEXT) : 0;
      open = { oldStart: oldLine - context, newStart: newLine - context, lines: [] };
      for (let k = oldLine - context; k < oldLine; k++) open.lines.push(hunkLine(' ', before.lines[k]!));
    }
    if (run.kind === 'removed') {
      for (let k = 0; k < run.count; k++) open.lines.push(hunkLine('-', before.lines[oldLine + k]!));
      oldLine += run.count;
    } else {
      for (let k = 0; k < run.count; k++) open.lines.push(hunkLine('+', after.lines[newLine + k]!));
      newLine += run.count;
    }
  });
  close(0);
  return out;
}

/**
 * A `git diff`-style unified diff of one file, `a/` before and `b/` after, in the format of
 * the `diff` package's `createTwoFilesPatch` (3 lines of context), and the same lines.
 * `changes` says where the texts differ (what `fixText` returns): the diff then costs time in
 * proportion to the text, however many changes are spread across it. Without it, the change is
 * taken from the texts' first difference to their last.
 */
export function unifiedDiff(
  path: string,
  before: string,
  after: string,
  changes: readonly TextChange[] = changeBetween(before, after),
): string {
  if (before === after) return '';
  checkChanges(changes, before, after);
  const name = path.replace(/\\/g, '/').replace(/^\/+/, '');
  const beforeLines = splitLines(before);
  const afterLines = splitLines(after);
  const windows = changedWindows(changes, beforeLines, afterLines);
  const runs = lineRuns(beforeLines, afterLines, windows);
  const header = ['='.repeat(67), `--- a/${name}`, `+++ b/${name}`];
  return `${[...header, ...hunks(runs, beforeLines, afterLines)].join('\n')}\n`;
}
