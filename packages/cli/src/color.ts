/**
 * Whether to colour stdout: `--color`/`--no-color` win; then FORCE_COLOR (any value but `0` or
 * `false` turns colour on); then NO_COLOR (any non-empty value turns it off); then whether stdout
 * is a terminal.
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
  return isTTY;
}

export type Style = 'bold' | 'dim' | 'underline' | 'red' | 'yellow';

const CODES: Readonly<Record<Style, readonly [number, number]>> = {
  bold: [1, 22],
  dim: [2, 22],
  underline: [4, 24],
  red: [31, 39],
  yellow: [33, 39],
};

/** Wraps `text` in ANSI SGR codes when `enabled`; nested styles apply in the order given. */
export function paint(enabled: boolean, styles: Style | readonly Style[], text: string): string {
  if (!enabled || text === '') return text;
  let out = text;
  for (const style of [styles].flat()) {
    const [open, close] = CODES[style];
    out = `\u001b[${open}m${out}\u001b[${close}m`;
  }
  return out;
}
