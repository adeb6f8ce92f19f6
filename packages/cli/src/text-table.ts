export type Align = 'left' | 'right';

/**
 * Pads plain-text cells into aligned columns joined by `separator`; the last column is not padded
 * and trailing spaces are trimmed. `decorate` may then colour a cell: width is measured before.
 */
export function textTable(
  rows: readonly (readonly string[])[],
  options: {
    readonly align?: readonly Align[];
    readonly separator?: string;
    readonly decorate?: (cell: string, column: number, row: number) => string;
  } = {},
): string[] {
  const separator = options.separator ?? '  ';
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row, r) =>
    row
      .map((cell, i) => {
        const last = i === row.length - 1;
        const pad = last ? '' : ' '.repeat((widths[i] ?? 0) - cell.length);
        const shown = options.decorate ? options.decorate(cell, i, r) : cell;
        return options.align?.[i] === 'right' ? pad + shown : shown + pad;
      })
      .join(separator)
      .trimEnd(),
  );
}
