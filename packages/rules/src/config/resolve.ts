import type { SeverityLevel } from '../lint-result.js';
import { ruleById } from '../rules/index.js';
import { DEFAULT_NOVA_PRESET, DEFAULT_PRESET, PRESETS, type PresetName } from './presets.js';
import { severityLevel } from './severity.js';
import type { ConfigFile, RuleEntry, RulesConfig, Severity } from './types.js';

export interface ResolvedRule {
  readonly severity: SeverityLevel;
  readonly options: Readonly<Record<string, unknown>>;
}

/** The rules to run, enabled ones only, each with its severity and complete options. */
export interface ResolvedConfig {
  /** The preset these rules start from: the one that judges a file, as results say. */
  readonly preset: PresetName;
  readonly rules: ReadonlyMap<string, ResolvedRule>;
  /**
   * Set when no preset was chosen: a Nova-managed domain is judged by this config instead (the
   * same rule layers over the `nova` preset). See `configFor`.
   */
  readonly novaManaged?: ResolvedConfig;
  /**
   * Ignore the `virt-alias-disable` directive comments (`--no-inline-config`, ESLint's
   * `linterOptions.noInlineConfig`): nothing is suppressed, and no directive is reported.
   */
  readonly noInlineConfig?: true;
}

/** The config that judges one domain: `novaManaged` for a domain with Nova metadata, if set. */
export function configFor(config: ResolvedConfig, novaManaged: boolean): ResolvedConfig {
  return novaManaged && config.novaManaged ? config.novaManaged : config;
}

export interface ConfigLayers {
  /** From the config file; validated by `validateConfig` beforehand. */
  readonly file?: ConfigFile;
  /** `--preset`: wins over the file's preset. */
  readonly preset?: PresetName;
  /** `--rule id=severity`: wins over the preset and the file. */
  readonly rules?: Readonly<Record<string, RuleEntry>>;
}

/** The presets a config file starts from: `extends` in order, then `preset`. */
export function presetsOf(config: ConfigFile): PresetName[] {
  const ext =
    config.extends === undefined
      ? []
      : typeof config.extends === 'string'
        ? [config.extends]
        : config.extends;
  return [...ext, ...(config.preset !== undefined ? [config.preset] : [])];
}

/**
 * Presets, then rule layers in order: later ones win. A layer that gives only a severity keeps
 * the options of the layers below, as ESLint does. No preset at all means the default: each
 * domain by the preset of its manager (`DEFAULT_PRESET`, `DEFAULT_NOVA_PRESET` for Nova's).
 */
export function mergeLayers(presets: readonly PresetName[], layers: readonly RulesConfig[]): ResolvedConfig {
  if (presets.length === 0) {
    return {
      ...mergePresetLayers(DEFAULT_PRESET, layers),
      novaManaged: mergePresetLayers(DEFAULT_NOVA_PRESET, layers),
    };
  }
  return mergePresetLayers(presets, layers);
}

function mergePresetLayers(
  presetOrList: PresetName | readonly PresetName[],
  layers: readonly RulesConfig[],
): ResolvedConfig {
  const presets: readonly PresetName[] = typeof presetOrList === 'string' ? [presetOrList] : presetOrList;
  const merged = new Map<string, { severity: Severity; options: Record<string, unknown> | undefined }>();
  for (const source of [...presets.map((p) => PRESETS[p]), ...layers]) {
    for (const [id, entry] of Object.entries(source)) {
      const [severity, options]: readonly [Severity, Record<string, unknown>?] = Array.isArray(entry)
        ? (entry as readonly [Severity, Record<string, unknown>?])
        : [entry as Severity];
      merged.set(id, { severity, options: options ?? merged.get(id)?.options });
    }
  }
  const rules = new Map<string, ResolvedRule>();
  for (const [id, { severity, options }] of merged) {
    const rule = ruleById(id);
    const lvl = severityLevel(severity) ?? 2;
    if (!rule || lvl === 0) continue;
    rules.set(id, { severity: lvl, options: { ...rule.meta.defaultOptions, ...options } });
  }
  return { preset: presets[presets.length - 1]!, rules };
}

/**
 * One config file (no cascade, no overrides): `--preset` replaces the file's presets, then the
 * file's rules, then the command line's.
 */
export function resolveConfig(layers: ConfigLayers = {}): ResolvedConfig {
  const filePresets = layers.file ? presetsOf(layers.file) : [];
  const presets = layers.preset ? [layers.preset] : filePresets;
  return mergeLayers(presets, [layers.file?.rules ?? {}, layers.rules ?? {}]);
}
