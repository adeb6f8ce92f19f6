import type { Device } from '@virt-alias/parser';
import type { Fix, RuleContext } from '../rule.js';
import { insertAliasFix, removeAliasFix, renameAliasFixes } from './alias-edits.js';
import type { UnfixableKind } from './names.js';
import { aliasPlan, type PlannedName } from './plan.js';

export function plannedName(context: RuleContext<unknown>, device: Device): PlannedName | undefined {
  const { document, settings, novaManaged } = context;
  const mapping = document.uuid ? settings.mappingFor?.(document.uuid) : undefined;
  return aliasPlan(document, { mapping, novaManaged }).nameFor(device);
}

/** The edits that give a device its planned name: an insert without `<alias>`, a rename otherwise. */
function edits(context: RuleContext<unknown>, device: Device, name: string): Fix[] {
  if (device.alias === null) return [insertAliasFix(context.document, device, name)];
  return renameAliasFixes(context.document, device, name);
}

/**
 * The fix that gives a device its planned alias. `null` when the plan keeps its alias or cannot
 * name it.
 */
export function aliasFix(context: RuleContext<unknown>, device: Device): Fix[] | null {
  const planned = plannedName(context, device);
  return planned?.kind === 'name' ? edits(context, device, planned.name) : null;
}

/** What a fixable rule attaches to a finding: the fix, or why there is none. */
export function aliasFixOrReason(
  context: RuleContext<unknown>,
  device: Device,
):
  | { readonly fix: Fix[] }
  | { readonly unfixable: string; readonly unfixableKind: UnfixableKind }
  | Record<string, never> {
  const planned = plannedName(context, device);
  if (planned?.kind === 'unknown') return { unfixable: planned.reason, unfixableKind: planned.need };
  if (planned?.kind === 'remove') {
    return device.alias ? { fix: [removeAliasFix(context.document, device.alias.element)] } : {};
  }
  if (planned?.kind !== 'name') return {};
  const fix = edits(context, device, planned.name);
  return fix.length > 0 ? { fix } : {};
}
