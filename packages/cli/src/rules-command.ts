import {
  allRules,
  PRESET_NAMES,
  PRESETS,
  severityName,
  type PresetName,
  type SeverityName,
} from '@virt-alias/rules';
import { textTable } from './text-table.js';

export type PresetSeverity = SeverityName;

/** One row of `virt-alias rules --format json`. */
export interface RuleInfo {
  readonly id: string;
  readonly type: 'problem' | 'suggestion';
  readonly description: string;
  readonly url: string;
  readonly fixable: boolean;
  /** The rule's severity in each preset; `off` where a preset leaves it out. */
  readonly presets: Readonly<Record<PresetName, PresetSeverity>>;
}

export function ruleInfos(): RuleInfo[] {
  return allRules.map((rule) => ({
    id: rule.id,
    type: rule.meta.type,
    description: rule.meta.docs.description,
    url: rule.meta.docs.url,
    fixable: rule.meta.fixable !== undefined,
    presets: Object.fromEntries(
      PRESET_NAMES.map((preset) => [preset, severityName(PRESETS[preset][rule.id]) ?? 'off']),
    ) as Record<PresetName, PresetSeverity>,
  }));
}

export const RULES_FORMATS = ['text', 'json'] as const;
export type RulesFormat = (typeof RULES_FORMATS)[number];

/** `virt-alias rules`: every rule, its severity per preset, whether it is fixable, its docs. */
export function formatRules(format: RulesFormat): string {
  const infos = ruleInfos();
  if (format === 'json') return `${JSON.stringify(infos)}\n`;
  const header = ['RULE', ...PRESET_NAMES.map((p) => p.toUpperCase()), 'FIXABLE', 'DESCRIPTION', 'DOCS'];
  const rows = infos.map((r) => [
    r.id,
    ...PRESET_NAMES.map((p) => r.presets[p]),
    r.fixable ? 'yes' : 'no',
    r.description,
    r.url,
  ]);
  return `${textTable([header, ...rows]).join('\n')}\n`;
}
