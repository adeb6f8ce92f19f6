import type { Position } from '@virt-alias/parser';

/** One reason a mapping file cannot be used, where it is when it has a place. */
export interface MappingProblem {
  readonly at?: Position;
  readonly message: string;
  /** The file-system error behind a file that cannot be read: callers describe it their way. */
  readonly cause?: unknown;
}

/** Problems in the order of the file, those of the whole file first. */
export const byPlace = (a: MappingProblem, b: MappingProblem): number =>
  (a.at?.line ?? 0) - (b.at?.line ?? 0) || (a.at?.column ?? 0) - (b.at?.column ?? 0);

/** `file:line:column: message`, or `file: message` for a problem of the whole file. */
export function formatMappingProblem(display: string, problem: MappingProblem): string {
  const at = problem.at ? `:${problem.at.line}:${problem.at.column}` : '';
  return `${display}${at}: ${problem.message}`;
}

/** A mapping file that cannot be used, with every problem found (never a partial mapping). */
export class MappingError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly MappingProblem[],
  ) {
    super(problems.map((p) => formatMappingProblem(file, p)).join('\n'));
    this.name = 'MappingError';
  }
}
