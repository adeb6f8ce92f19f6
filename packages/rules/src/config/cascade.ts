import path from 'node:path';
import { minimatch } from 'minimatch';
import { pathInside } from '../path-inside.js';
import type { ConfigLayers, ResolvedConfig } from './resolve.js';
import { mergeLayers, presetsOf } from './resolve.js';
import type { PresetName } from './presets.js';
import type { ConfigFile, RulesConfig } from './types.js';

/** A config file and the directory its globs are relative to. */
export interface LocatedConfig {
  /** How messages name the file. */
  readonly path: string;
  /** Absolute directory, with `/` separators. */
  readonly dir: string;
  readonly config: ConfigFile;
}

export type FileConfig =
  | { readonly kind: 'ignored'; readonly by: string }
  | { readonly kind: 'config'; readonly config: ResolvedConfig };

/** `file` relative to `dir` with `/`, or undefined when it is not below `dir`. */
function relativeTo(dir: string, file: string): string | undefined {
  return pathInside(dir, file)?.split(path.sep).join('/');
}

/** A glob matches a file, or a directory above it (`archive` and `archive/` ignore all below). */
function matches(rel: string, patterns: readonly string[] | undefined): boolean {
  return (patterns ?? []).some((p) => {
    const pattern = p.replace(/\/+$/, '');
    return minimatch(rel, pattern, { dot: true }) || minimatch(rel, `${pattern}/**`, { dot: true });
  });
}

/**
 * The config of one file from the config files that apply to it, farthest first (ESLint's
 * cascade): each file's presets, rules and matching overrides layer over the farther ones'.
 * `--preset` replaces every file's presets; `--rule` wins over everything.
 */
export function resolveFileConfig(
  chain: readonly LocatedConfig[],
  filePath: string,
  cli: Pick<ConfigLayers, 'preset' | 'rules'> = {},
): FileConfig {
  const file = filePath.replace(/\\/g, '/');
  for (const located of chain) {
    const rel = relativeTo(located.dir, file);
    if (rel !== undefined && matches(rel, located.config.ignores))
      return { kind: 'ignored', by: located.path };
  }
  const presets: PresetName[] = [];
  const layers: RulesConfig[] = [];
  for (const { dir, config } of chain) {
    if (!cli.preset) presets.push(...presetsOf(config));
    if (config.rules) layers.push(config.rules);
    const rel = relativeTo(dir, file);
    if (rel === undefined) continue;
    for (const o of config.overrides ?? []) {
      if (o.rules && matches(rel, o.files) && !matches(rel, o.excludedFiles)) layers.push(o.rules);
    }
  }
  const base = cli.preset ? [cli.preset] : presets;
  return { kind: 'config', config: mergeLayers(base, [...layers, cli.rules ?? {}]) };
}
