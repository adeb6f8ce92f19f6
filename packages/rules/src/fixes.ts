import type { Fix } from './rule.js';

/** Merges the edits of one finding into a single fix, as ESLint does with a fixer's array. */
export function mergeFixes(text: string, fixes: readonly Fix[]): Fix | null {
  if (fixes.length === 0) return null;
  if (fixes.length === 1) return fixes[0]!;
  const sorted = [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const start = sorted[0]!.range[0];
  const end = Math.max(...sorted.map((f) => f.range[1]));
  let out = '';
  let at = start;
  for (const fix of sorted) {
    if (fix.range[0] < at) throw new Error('a finding must not carry overlapping fixes');
    out += text.slice(at, fix.range[0]) + fix.text;
    at = fix.range[1];
  }
  return { range: [start, end], text: out + text.slice(at, end) };
}

export interface AppliedFixes {
  readonly output: string;
  /** Fixes applied, in source order. */
  readonly applied: readonly Fix[];
  /** Fixes skipped because they overlap one applied earlier: they apply on a later pass. */
  readonly skipped: readonly Fix[];
}

/**
 * One pass of ESLint's source-code-fixer: sort by range, apply each fix that does not touch an
 * earlier one, splice the text. The caller re-lints and repeats until nothing changes.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): AppliedFixes {
  const sorted = [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  let out = '';
  let at = 0;
  let lastEnd = -1;
  for (const fix of sorted) {
    // Touching counts as overlap, as in ESLint: two inserts at one offset have no defined order.
    if (fix.range[0] <= lastEnd) {
      skipped.push(fix);
      continue;
    }
    out += text.slice(at, fix.range[0]) + fix.text;
    at = fix.range[1];
    lastEnd = fix.range[1];
    applied.push(fix);
  }
  return { output: out + text.slice(at), applied, skipped };
}
