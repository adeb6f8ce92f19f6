import type { Severity } from './types.js';

export type SeverityName = 'off' | 'warn' | 'error';

/** By level: `SEVERITY_NAMES[1]` is `warn`. */
export const SEVERITY_NAMES: readonly [SeverityName, SeverityName, SeverityName] = ['off', 'warn', 'error'];

// A Map, not an object literal: `toString` or `__proto__` from a command line must not match.
const LEVELS: ReadonlyMap<unknown, 0 | 1 | 2> = new Map<unknown, 0 | 1 | 2>([
  ['off', 0],
  ['warn', 1],
  ['error', 2],
  [0, 0],
  [1, 1],
  [2, 2],
  ['0', 0],
  ['1', 1],
  ['2', 2],
]);

/**
 * The one reading of a severity, wherever one is given: a config file, a preset, `--rule`,
 * `--report-unused-disable-directives-severity`. Takes a severity (`"warn"`, `1`, `"1"`) or a
 * rule entry (`["warn", {...}]`) and gives its level, 0 (off), 1 (warn) or 2 (error); undefined
 * for anything else (an entry left out of a preset is `undefined`: off is the caller's call).
 */
export function severityLevel(value: unknown): 0 | 1 | 2 | undefined {
  return LEVELS.get(Array.isArray(value) ? (value as readonly unknown[])[0] : value);
}

/** `severityLevel` by name: `off`, `warn` or `error`. */
export function severityName(value: unknown): SeverityName | undefined {
  const level = severityLevel(value);
  return level === undefined ? undefined : SEVERITY_NAMES[level];
}

/** Whether a config file may give this as a severity (the strings "0" to "2" are `--rule`'s only). */
export function isSeverity(value: unknown): value is Severity {
  if (typeof value === 'number') return severityLevel(value) !== undefined;
  return typeof value === 'string' && SEVERITY_NAMES.includes(value as SeverityName);
}
