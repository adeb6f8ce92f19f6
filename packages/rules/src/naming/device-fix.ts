import type { Device } from '@virt-alias/parser';
import type { Fix, RuleContext } from '../rule.js';
import { insertAliasFix, removeAliasFix, renameAliasFixes } from './alias-edits.js';
import { aliasPlan, type PlannedName } from './plan.js';

export function plannedName(context: RuleContext<unknown>, device: Device): PlannedName | undefined {
  const { document, settings, novaManaged } = context;
  const mapping = document.uuid ? settings.mappingFor?.(document.uuid) : undefined;
  return aliasPlan(document, { mapping, novaManaged }).nameFor(device);
}

/** The edits that give a device a name: an insert without `<alias>`, a rename otherwise, none if it has it. */
function ownEdits(context: RuleContext<unknown>, device: Device, name: string): Fix[] {
  if (device.alias === null) return [insertAliasFix(context.document, device, name)];
  if (device.alias.status === 'valid' && device.alias.name === name) return [];
  return renameAliasFixes(context.document, device, name);
}

/**
 * The edits that give a device its planned name. A console that mirrors serial[0] keeps a name
 * only if serial[0] carries it too (libvirt writes the console back as serial[0]): serial[0] is
 * given it in the same fix.
 */
function edits(context: RuleContext<unknown>, device: Device, name: string): Fix[] {
  const own = ownEdits(context, device, name);
  if (!device.mirrorsSerial) return own;
  const serial0 = context.document.devices.find((d) => d.kind === 'serial' && d.kindIndex === 0);
  return serial0 ? [...own, ...ownEdits(context, serial0, name)] : own;
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
): { readonly fix: Fix[] } | { readonly unfixable: string } | Record<string, never> {
  const planned = plannedName(context, device);
  if (planned?.kind === 'unknown') return { unfixable: planned.reason };
  if (planned?.kind === 'remove') {
    return device.alias ? { fix: [removeAliasFix(context.document, device.alias.element)] } : {};
  }
  if (planned?.kind !== 'name') return {};
  const fix = edits(context, device, planned.name);
  return fix.length > 0 ? { fix } : {};
}
