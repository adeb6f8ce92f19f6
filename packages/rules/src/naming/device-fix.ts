import type { Device } from '@virt-alias/parser';
import type { Fix, RuleContext } from '../rule.js';
import { insertAliasFix, renameAliasFixes } from './alias-edits.js';
import { aliasPlan, type PlannedName } from './plan.js';

export function plannedName(context: RuleContext<unknown>, device: Device): PlannedName | undefined {
  const { document, settings } = context;
  const mapping = document.uuid ? settings.mappingFor?.(document.uuid) : undefined;
  return aliasPlan(document, mapping).nameFor(device);
}

/**
 * The fix that gives a device its planned alias: an insert when it has no `<alias>`, a rename
 * otherwise. `null` when the plan keeps its alias or cannot name it.
 */
export function aliasFix(context: RuleContext<unknown>, device: Device): Fix[] | null {
  const planned = plannedName(context, device);
  if (planned?.kind !== 'name') return null;
  if (device.alias === null) return [insertAliasFix(context.document, device, planned.name)];
  return renameAliasFixes(context.document, device, planned.name);
}

/** What a fixable rule attaches to a finding: the fix, or why there is none. */
export function aliasFixOrReason(
  context: RuleContext<unknown>,
  device: Device,
): { readonly fix: Fix[] } | { readonly unfixable: string } | Record<string, never> {
  const planned = plannedName(context, device);
  if (planned?.kind === 'unknown') return { unfixable: planned.reason };
  const fix = aliasFix(context, device);
  return fix ? { fix } : {};
}
