import type { PresetName } from './presets.js';

export type Severity = 'off' | 'warn' | 'error' | 0 | 1 | 2;

/** `"error"`, or `["error", { ...options }]`, as in ESLint. */
export type RuleEntry =
  Severity | readonly [Severity] | readonly [Severity, Readonly<Record<string, unknown>>];

/** The contents of `virt-alias.config.json`. */
export interface ConfigFile {
  readonly $schema?: string;
  readonly preset?: PresetName;
  readonly rules?: Readonly<Record<string, RuleEntry>>;
}
