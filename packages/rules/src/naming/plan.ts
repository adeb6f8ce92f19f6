import {
  attributeValue,
  classifyAliasName,
  looksGeneratedAlias,
  USER_ALIAS_PREFIX,
  type AliasNameStatus,
  type Device,
  type DomainDocument,
  type XmlElement,
} from '@virt-alias/parser';
import type { DomainMapping } from './mapping.js';
import { proposeName, sanitize, type NameProposal, type NameSource } from './names.js';

export type PlannedName =
  | { readonly kind: 'name'; readonly name: string; readonly source: NameSource }
  | { readonly kind: 'unknown'; readonly reason: string }
  /** The device's alias is one libvirt drops or refuses, and there is no name to give it: it goes. */
  | { readonly kind: 'remove' };

/**
 * The aliases one domain should end up with: which existing aliases stay, and the new name of
 * every device that needs one. Rules attach fixes from it, so that all rules of a pass agree and
 * two devices are never given one name.
 */
export interface AliasPlan {
  /**
   * What becomes of a device whose alias is missing, invalid, nested, a duplicate or wrong for its
   * identity: a new name, removal, or why neither. `undefined` when its alias stays as it is.
   */
  nameFor(device: Device): PlannedName | undefined;
}

/** The `<alias>` its author meant a device to have. */
export interface IntendedAlias {
  readonly element: XmlElement;
  readonly name: string | undefined;
  readonly status: AliasNameStatus;
  /** Nested deeper in the device, where libvirt never reads it: a fix moves it up. */
  readonly nested: boolean;
}

/**
 * The alias libvirt reads (the first direct `<alias>`), or else the first one nested deeper:
 * what the author meant, put in the wrong place.
 */
export function intendedAlias(device: Device): IntendedAlias | null {
  if (device.alias) return { ...device.alias, nested: false };
  const element = device.nestedAliases[0];
  if (!element) return null;
  const name = attributeValue(element, 'name');
  return { element, name, status: classifyAliasName(name), nested: true };
}

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

const isIdentity = (p: NameProposal): p is NameProposal & { kind: 'name'; source: 'volume' | 'port' } =>
  p.kind === 'name' && (p.source === 'volume' || p.source === 'port');

/**
 * The console that mirrors serial[0] always ends up with serial[0]'s alias (libvirt writes it
 * back so), and an explicit one takes part in the uniqueness check: its name is fixed first.
 */
function mirrorName(console: Device, serial0Alias: string | undefined): PlannedName | string | undefined {
  const alias = console.alias;
  if (alias === null) return undefined;
  if (serial0Alias !== undefined) {
    return alias.status === 'valid' && alias.name === serial0Alias
      ? serial0Alias
      : { kind: 'name', name: serial0Alias, source: 'device' };
  }
  if (alias.status === 'valid') return alias.name;
  return {
    kind: 'unknown',
    reason: 'this console mirrors serial[0] and takes its alias: give serial[0] a user alias first',
  };
}

const REMOVE: PlannedName = { kind: 'remove' };

/**
 * Decides which aliases stay and what becomes of the others. Existing valid aliases claim their
 * names strongest first, so that what stays never depends on device order: an alias that names
 * the device's own volume or port; then one that cannot move (its device's volume or port name
 * is another device's); then any other alias libvirt reads; then a nested one, which libvirt
 * ignores until a fix moves it up. A device whose alias is missing, invalid, wrong for its
 * identity, or claimed by a stronger holder is given a new name in document order. An alias that
 * has to go and cannot be given a name is removed, so that no duplicate and nothing libvirt drops
 * is left. A rename found impossible makes its device keep its alias, which may make another
 * holder of that alias the one to rename: the decision is repeated until nothing more moves (each
 * round only adds such devices).
 */
function buildPlan(document: DomainDocument, mapping: DomainMapping | undefined): AliasPlan {
  const devices = document.devices.filter((d) => d.keepsAlias);
  const serial0 = devices.find((d) => d.kind === 'serial' && d.kindIndex === 0);
  const serial0Alias = serial0?.alias?.status === 'valid' ? serial0.alias.name : undefined;
  const proposals = new Map(devices.map((d) => [d, proposeName(d, document, mapping)]));
  const intended = new Map(devices.map((d) => [d, intendedAlias(d)]));
  /** Devices whose rename turned out impossible: they keep their alias, and why. */
  const stuck = new Map<Device, PlannedName>();
  for (;;) {
    const names = new Map<Device, PlannedName>();
    /** Names in libvirt's uniqueness check. */
    const participating = new Set<string>();
    /** Names that stay or are given: a new name never takes one. */
    const taken = new Set<string>();
    const claim = (d: Device, name: string): void => {
      taken.add(name);
      if (!d.uniquenessExempt) participating.add(name);
    };
    const clashes = (d: Device, name: string): boolean => !d.uniquenessExempt && participating.has(name);
    const toName: Device[] = [];
    for (const d of devices) {
      if (!d.mirrorsSerial) continue;
      const planned = mirrorName(d, serial0Alias);
      if (typeof planned === 'string') claim(d, planned);
      else if (planned) {
        names.set(d, planned);
        if (planned.kind === 'name') claim(d, planned.name);
      }
    }
    const ownIdentity: Device[] = [];
    const unmovable: Device[] = [];
    const direct: Device[] = [];
    const nested: Device[] = [];
    for (const d of devices) {
      if (d.mirrorsSerial) continue;
      const alias = intended.get(d);
      if (alias?.status !== 'valid') {
        toName.push(d);
        continue;
      }
      const proposal = proposals.get(d)!;
      const right = isIdentity(proposal) && sameName(alias.name!, proposal.base);
      if (isIdentity(proposal) && !right && !stuck.has(d)) toName.push(d);
      else if (alias.nested) nested.push(d);
      else if (stuck.has(d)) unmovable.push(d);
      else if (right) ownIdentity.push(d);
      else direct.push(d);
    }
    // Two devices named after one volume or port (see identifier-unique), or two that cannot move:
    // the later one's copy goes, since no other name is right for it.
    for (const d of [...ownIdentity, ...unmovable]) {
      const name = intended.get(d)!.name!;
      if (clashes(d, name)) names.set(d, REMOVE);
      else {
        claim(d, name);
        const why = stuck.get(d);
        if (why) names.set(d, why);
      }
    }
    for (const d of [...direct, ...nested]) {
      const alias = intended.get(d)!;
      if (clashes(d, alias.name!)) {
        toName.push(d);
        continue;
      }
      claim(d, alias.name!);
      if (alias.nested) {
        const proposal = proposals.get(d)!;
        names.set(d, {
          kind: 'name',
          name: alias.name!,
          source: isIdentity(proposal) ? proposal.source : 'device',
        });
      }
    }
    toName.sort((a, b) => a.index - b.index);
    let newlyStuck = false;
    for (const d of toName) {
      const proposal = proposals.get(d)!;
      const alias = intended.get(d);
      const identity = isIdentity(proposal) ? proposal : undefined;
      const repaired = !identity && alias?.name !== undefined ? repairedName(alias.name) : undefined;
      let name: string;
      if (identity) {
        // An OpenStack id is never suffixed: `ua-<uuid>-2` would name no volume or port at all.
        if (taken.has(identity.base)) {
          const why: PlannedName = {
            kind: 'unknown',
            reason: `another device keeps "${identity.base}": two devices claim this ${identity.source} (see identifier-unique)`,
          };
          if (alias?.status === 'valid' && !alias.nested && !stuck.has(d)) {
            stuck.set(d, why);
            newlyStuck = true;
          }
          // What libvirt would drop or ignore anyway goes; a missing alias has nothing to remove.
          names.set(d, alias && (alias.status !== 'valid' || alias.nested) ? REMOVE : why);
          continue;
        }
        name = identity.base;
      } else if (repaired !== undefined || proposal.kind === 'name') {
        const base = repaired ?? (proposal as { base: string }).base;
        name = base;
        // Deterministic tie-breaking: document order decides who gets `-2`, `-3`, ...
        for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
      } else {
        names.set(d, alias ? REMOVE : proposal);
        continue;
      }
      taken.add(name);
      names.set(d, { kind: 'name', name, source: identity ? identity.source : 'device' });
    }
    if (!newlyStuck) return { nameFor: (device) => names.get(device) };
  }
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
