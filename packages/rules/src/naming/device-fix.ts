import type { Device } from '@virt-alias/parser';
import type { Fix, RuleContext } from '../rule.js';
import { insertAliasFix, moveAliasFixes, removeAliasFix, renameAliasFixes } from './alias-edits.js';
import type { UnfixableKind } from './names.js';
import { aliasPlan, intendedAlias, type PlannedName } from './plan.js';

export function plannedName(context: RuleContext<unknown>, device: Device): PlannedName | undefined {
  const { document, settings, novaManaged } = context;
  const mapping = document.uuid ? settings.mappingFor?.(document.uuid) : undefined;
  return aliasPlan(document, { mapping, novaManaged }).nameFor(device);
}

/** The edits that carry out a plan for one device: insert, move a nested alias up, rename or remove. */
function ownEdits(context: RuleContext<unknown>, device: Device, planned: PlannedName): Fix[] {
  const { document } = context;
  const alias = intendedAlias(device);
  if (planned.kind === 'unknown') return [];
  if (planned.kind === 'remove') return alias ? [removeAliasFix(document, alias.element)] : [];
  if (alias === null) return [insertAliasFix(document, device, planned.name)];
  if (alias.nested) return moveAliasFixes(document, device, alias.element, planned.name);
  if (alias.status === 'valid' && alias.name === planned.name) return [];
  return renameAliasFixes(document, device, planned.name);
}

/**
 * The edits that carry out the plan for a device. A console that mirrors serial[0] keeps a name
 * only if serial[0] carries it too (libvirt writes the console back as serial[0]): serial[0] is
 * given it in the same fix.
 */
function edits(context: RuleContext<unknown>, device: Device, planned: PlannedName): Fix[] {
  const own = ownEdits(context, device, planned);
  if (!device.mirrorsSerial || planned.kind !== 'name') return own;
  const serial0 = context.document.devices.find((d) => d.kind === 'serial' && d.kindIndex === 0);
  return serial0 ? [...own, ...ownEdits(context, serial0, planned)] : own;
}

/**
 * The fix that carries out the plan for a device. `null` when the plan keeps its alias or cannot
 * name it.
 */
export function aliasFix(context: RuleContext<unknown>, device: Device): Fix[] | null {
  const planned = plannedName(context, device);
  const fix = planned ? edits(context, device, planned) : [];
  return fix.length > 0 ? fix : null;
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
  const fix = planned ? edits(context, device, planned) : [];
  return fix.length > 0 ? { fix } : {};
}
