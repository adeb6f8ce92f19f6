import type { PresetName } from './presets.js';

export type Severity = 'off' | 'warn' | 'error' | 0 | 1 | 2;

/** `"error"`, or `["error", { ...options }]`, as in ESLint. */
export type RuleEntry =
  Severity | readonly [Severity] | readonly [Severity, Readonly<Record<string, unknown>>];

export type RulesConfig = Readonly<Record<string, RuleEntry>>;

/** Rules for the files matching `files` (globs relative to the config file's directory). */
export interface ConfigOverride {
  readonly files: readonly string[];
  readonly excludedFiles?: readonly string[];
  readonly rules?: RulesConfig;
}

/** The contents of `virt-alias.config.json`. */
export interface ConfigFile {
  readonly $schema?: string;
  /** Stop looking for config files in the directories above this one. */
  readonly root?: boolean;
  /** Presets to start from, later ones winning; `preset` is the one-preset shorthand. */
  readonly extends?: PresetName | readonly PresetName[];
  readonly preset?: PresetName;
  readonly rules?: RulesConfig;
  readonly overrides?: readonly ConfigOverride[];
  /** Globs (relative to the config file's directory) of files not to lint. */
  readonly ignores?: readonly string[];
}
