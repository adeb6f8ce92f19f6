/** Help is never laid out narrower than this, whatever the terminal says. */
const MIN_WIDTH = 40;
/** Without a terminal (a pipe, a file) and without COLUMNS: the classic width. */
export const DEFAULT_HELP_WIDTH = 80;
/** However narrow the width, a description line holds this much. */
const MIN_DESCRIPTION = 16;

/**
 * The width to lay help out at: the terminal's columns when stdout is one, else `COLUMNS`, else
 * 80.
 */
export function helpWidth(
  columns: number | undefined,
  env: Readonly<Record<string, string | undefined>>,
): number {
  const fromEnv = Number(env.COLUMNS);
  const width =
    columns !== undefined && columns > 0
      ? columns
      : Number.isInteger(fromEnv) && fromEnv > 0
        ? fromEnv
        : DEFAULT_HELP_WIDTH;
  return Math.max(MIN_WIDTH, width);
}

/** Words of `text` in lines of at most `room` characters; a longer word is never broken. */
function fill(text: string, room: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/u).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Wraps yargs' unwrapped help (`.wrap(null)`: one line per option) to `width`, at spaces only:
 * yargs' ES module build cuts lines every N characters, inside words (`virt-alias.conf` /
 * `ig.json`). A row is what comes before its first run of two spaces (an option, an example)
 * and its description, which starts at that column, at most 40 % of the width: an option
 * longer than that stands alone, its description below at the column.
 */
export function wrapHelp(text: string, width: number): string {
  const cap = Math.max(MIN_WIDTH / 2, Math.floor(width * 0.4));
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const gap = /^( *\S.*?  +)(?=\S)/u.exec(line);
    if (!gap) {
      if (line.length <= width) out.push(line);
      else {
        const indent = /^ */u.exec(line)![0];
        out.push(...fill(line, width - indent.length).map((l) => indent + l));
      }
      continue;
    }
    const column = Math.min(gap[1]!.length, cap);
    if (line.length <= width && column === gap[1]!.length) {
      out.push(line);
      continue;
    }
    const key = gap[1]!.trimEnd();
    const lines = fill(line.slice(gap[1]!.length), Math.max(MIN_DESCRIPTION, width - column));
    const pad = ' '.repeat(column);
    if (key.length + 2 > column) {
      // An example longer than the width goes on, indented, below itself.
      const indent = /^ */u.exec(key)![0].length;
      const [head = '', ...tail] = fill(key, width - indent - 2);
      out.push(' '.repeat(indent) + head, ...tail.map((l) => ' '.repeat(indent + 2) + l));
      out.push(...lines.map((l) => pad + l));
    } else {
      const [first = '', ...rest] = lines;
      out.push(key.padEnd(column) + first, ...rest.map((l) => pad + l));
    }
  }
  return out.join('\n');
}
