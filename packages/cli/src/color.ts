import { createColors } from 'picocolors';

/**
 * Whether to colour stdout: `--color`/`--no-color` win; then FORCE_COLOR (any value but `0` or
 * `false` turns colour on); then NO_COLOR (any non-empty value turns it off) and `TERM=dumb` (a
 * terminal that shows no escape codes); then whether stdout is a terminal.
 *
 * Decided here rather than by `node:util` `styleText` or picocolors' own test: both look at
 * `process.stdout` and the environment, not at the stream virt-alias writes to or at `--color`.
 */
export function resolveColor(
  flag: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
  isTTY: boolean,
): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

export type Style = 'bold' | 'dim' | 'underline' | 'red' | 'yellow' | 'green' | 'cyan';

// picocolors decides nothing by itself here: whether to colour is resolveColor's answer.
const COLORS = createColors(true);

/** Wraps `text` in ANSI SGR codes when `enabled`; nested styles apply in the order given. */
export function paint(enabled: boolean, styles: Style | readonly Style[], text: string): string {
  if (!enabled || text === '') return text;
  let out = text;
  for (const style of [styles].flat()) out = COLORS[style](out);
  return out;
}

/**
 * A unified diff as `git diff` colours it: file headers bold, hunk headers cyan, removed lines
 * red, added lines green; the text unchanged when not `enabled`.
 */
export function paintDiff(enabled: boolean, diff: string): string {
  if (!enabled) return diff;
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('--- ') || line.startsWith('+++ ')) return paint(true, 'bold', line);
      if (line.startsWith('@@')) return paint(true, 'cyan', line);
      if (line.startsWith('-')) return paint(true, 'red', line);
      if (line.startsWith('+')) return paint(true, 'green', line);
      return line;
    })
    .join('\n');
}
