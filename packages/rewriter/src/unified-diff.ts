import { createTwoFilesPatch } from 'diff';

/** A `git diff`-style unified diff of one file, `a/` before and `b/` after. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const name = path.replace(/\\/g, '/').replace(/^\/+/, '');
  return createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, { context: 3 });
}
