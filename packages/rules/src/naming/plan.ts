import { looksGeneratedAlias, USER_ALIAS_PREFIX, type Device, type DomainDocument } from '@virt-alias/parser';
import type { DomainMapping } from './mapping.js';
import { proposeName, sanitize, type NameSource } from './names.js';

export type PlannedName =
  | { readonly kind: 'name'; readonly name: string; readonly source: NameSource }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * The aliases one domain should end up with: which existing aliases stay, and the new name of
 * every device that needs one. Rules attach fixes from it, so that all rules of a pass agree and
 * two devices are never given one name.
 */
export interface AliasPlan {
  /** The new name of a device whose alias is missing, invalid, a duplicate or wrong for its identity. */
  nameFor(device: Device): PlannedName | undefined;
}

const takesAlias = (d: Device): boolean =>
  d.aliasSupport === 'kept' || d.aliasSupport === 'kept-schema-rejects';

/** Same uuid in either case: libvirt compares aliases case-sensitively, Nova writes lower case. */
function sameName(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/** A repaired spelling of an invalid alias that keeps what its author meant. */
function repairedName(name: string): string | undefined {
  const trimmed = name.trim();
  if (looksGeneratedAlias(trimmed)) return undefined;
  const rest = trimmed.toLowerCase().startsWith(USER_ALIAS_PREFIX) ? trimmed.slice(3) : trimmed;
  const clean = sanitize(rest);
  return clean ? `${USER_ALIAS_PREFIX}${clean}` : undefined;
}

function buildPlan(document: DomainDocument, mapping: DomainMapping | undefined): AliasPlan {
  /** How many devices hold each valid alias. */
  const taken = new Map<string, number>();
  const toName: Device[] = [];
  const devices = document.devices.filter(takesAlias);
  // Every valid alias is reserved first, so a new name never takes one that stays.
  for (const d of devices) {
    if (d.alias?.status === 'valid') taken.set(d.alias.name!, (taken.get(d.alias.name!) ?? 0) + 1);
  }
  const participating = new Set<string>();
  const names = new Map<Device, PlannedName>();
  const serial0 = devices.find((d) => d.kind === 'serial' && d.kindIndex === 0);
  const serial0Alias = serial0?.alias?.status === 'valid' ? serial0.alias.name : undefined;
  const mirrorsToName: Device[] = [];
  for (const d of devices) {
    const alias = d.alias;
    // A console that mirrors serial[0] is written back with serial[0]'s alias, but its own alias
    // still takes part in libvirt's uniqueness check: a clash is mended by giving it serial[0]'s.
    if (d.mirrorsSerial) {
      if (alias === null) continue;
      if (alias.status !== 'valid') {
        mirrorsToName.push(d);
        continue;
      }
      if (!participating.has(alias.name!)) participating.add(alias.name!);
      else if (serial0Alias !== undefined && serial0Alias !== alias.name) {
        names.set(d, { kind: 'name', name: serial0Alias, source: 'device' });
      } else {
        names.set(d, { kind: 'unknown', reason: 'this console mirrors serial[0]: give serial[0] an alias' });
      }
      continue;
    }
    if (alias?.status !== 'valid') {
      toName.push(d);
      continue;
    }
    const proposal = proposeName(d, document, mapping);
    const wrongIdentity =
      proposal.kind === 'name' &&
      (proposal.source === 'volume' || proposal.source === 'port') &&
      !sameName(alias.name!, proposal.base);
    const duplicate = !d.uniquenessExempt && participating.has(alias.name!);
    if (wrongIdentity || duplicate) toName.push(d);
    else if (!d.uniquenessExempt) participating.add(alias.name!);
  }
  for (const d of toName) {
    const proposal = proposeName(d, document, mapping);
    const identity =
      proposal.kind === 'name' && (proposal.source === 'volume' || proposal.source === 'port')
        ? proposal
        : undefined;
    const repaired = !identity && d.alias?.name !== undefined ? repairedName(d.alias.name) : undefined;
    // The device's own alias does not block its new name, unless another device holds it too.
    const own = d.alias?.status === 'valid' ? d.alias.name : undefined;
    const holders = (n: string): number => (taken.get(n) ?? 0) - (n === own ? 1 : 0);
    let name: string;
    if (identity) {
      // An OpenStack id is never suffixed: `ua-<uuid>-2` would name no volume or port at all.
      if (holders(identity.base) > 0) {
        names.set(d, {
          kind: 'unknown',
          reason: `another device already carries "${identity.base}": two devices claim this ${identity.source} (see identifier-unique)`,
        });
        continue;
      }
      name = identity.base;
    } else if (repaired !== undefined || proposal.kind === 'name') {
      const base = repaired ?? (proposal as { base: string }).base;
      name = base;
      // Deterministic tie-breaking: document order decides who gets `-2`, `-3`, ...
      for (let n = 2; holders(name) > 0; n++) name = `${base}-${n}`;
    } else {
      names.set(d, proposal);
      continue;
    }
    if (own !== undefined) taken.set(own, holders(own));
    taken.set(name, (taken.get(name) ?? 0) + 1);
    names.set(d, { kind: 'name', name, source: identity ? identity.source : 'device' });
  }
  // An invalid alias on a console that mirrors serial[0] is dropped and replaced by serial[0]'s:
  // writing serial[0]'s alias there says what libvirt will do anyway. When serial[0] has none
  // yet, a later pass (after serial[0] got one) names the console.
  for (const d of mirrorsToName) {
    names.set(
      d,
      serial0Alias !== undefined
        ? { kind: 'name', name: serial0Alias, source: 'device' }
        : {
            kind: 'unknown',
            reason: 'this console mirrors serial[0] and takes its alias: give serial[0] a user alias first',
          },
    );
  }
  return { nameFor: (device) => names.get(device) };
}

const plans = new WeakMap<DomainDocument, WeakMap<object, AliasPlan>>();
const NO_MAPPING = {};

/** The plan of a document, built once per lint pass however many rules ask. */
export function aliasPlan(document: DomainDocument, mapping: DomainMapping | undefined): AliasPlan {
  let byMapping = plans.get(document);
  if (!byMapping) plans.set(document, (byMapping = new WeakMap()));
  const key = mapping ?? NO_MAPPING;
  let plan = byMapping.get(key);
  if (!plan) byMapping.set(key, (plan = buildPlan(document, mapping)));
  return plan;
}
