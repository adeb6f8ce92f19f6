import { looksGeneratedAlias, USER_ALIAS_PREFIX, type Device, type DomainDocument } from '@virt-alias/parser';
import type { DomainMapping } from './mapping.js';
import { proposeName, sanitize, type NameProposal, type NameSource, type UnfixableKind } from './names.js';

export type PlannedName =
  | { readonly kind: 'name'; readonly name: string; readonly source: NameSource }
  | { readonly kind: 'unknown'; readonly reason: string; readonly need: UnfixableKind }
  /** The device must carry no user alias: its alias element goes. */
  | { readonly kind: 'remove'; readonly reason: string };

export interface PlanOptions {
  readonly mapping?: DomainMapping | undefined;
  /** Nova's reading of aliases applies (see `RuleContext.novaManaged`). */
  readonly novaManaged?: boolean;
}

/**
 * A local disk (root, ephemeral, swap, config drive: not a volume) of a Nova domain: Nova takes
 * `ua-` on a disk for "Cinder volume" (live migration's `_update_rbd_xml` skips such disks when it
 * rewrites Ceph monitor addresses), so such a disk never gets one and loses any it has.
 */
export function isNovaLocalDisk(device: Device, novaManaged: boolean): boolean {
  return novaManaged && device.identity?.kind === 'disk' && !device.identity.isVolume;
}

const LOCAL_DISK_REMOVAL: PlannedName = {
  kind: 'remove',
  reason: 'a local disk of a Nova domain carries no user alias: Nova reads ua- on a disk as a Cinder volume',
};

/**
 * The aliases one domain should end up with: which existing aliases stay, and the new name of
 * every device that needs one. Rules attach fixes from it, so that all rules of a pass agree and
 * two devices are never given one name.
 */
export interface AliasPlan {
  /** The new name of a device whose alias is missing, invalid, a duplicate or wrong for its identity. */
  nameFor(device: Device): PlannedName | undefined;
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
    need: 'person',
  };
}

/**
 * Decides, in document order, which valid aliases stay and which devices get a new name:
 * devices whose alias is missing, invalid, a duplicate or wrong for their identity. A device
 * that cannot be renamed keeps its alias, which may make a later device the duplicate to rename,
 * so the decision is repeated until nothing more moves (each round only adds kept devices).
 */
function buildPlan(document: DomainDocument, { mapping, novaManaged = false }: PlanOptions): AliasPlan {
  const removed = new Map<Device, PlannedName>();
  const devices = document.devices.filter((d) => {
    if (!d.keepsAlias) return false;
    if (!isNovaLocalDisk(d, novaManaged)) return true;
    if (d.alias !== null) removed.set(d, LOCAL_DISK_REMOVAL);
    return false;
  });
  const serial0 = devices.find((d) => d.kind === 'serial' && d.kindIndex === 0);
  const serial0Alias = serial0?.alias?.status === 'valid' ? serial0.alias.name : undefined;
  const proposals = new Map(devices.map((d) => [d, proposeName(d, document, mapping)]));
  /** Devices whose rename turned out impossible: they keep their alias whatever it clashes with. */
  const stuck = new Map<Device, PlannedName>();
  for (;;) {
    const names = new Map<Device, PlannedName>();
    const participating = new Set<string>();
    /** Names that stay or are given: a new name never takes one. */
    const taken = new Set<string>();
    const toName: Device[] = [];
    for (const d of devices) {
      if (!d.mirrorsSerial) continue;
      const planned = mirrorName(d, serial0Alias);
      if (typeof planned === 'string') participating.add(planned);
      else if (planned) {
        names.set(d, planned);
        if (planned.kind === 'name') participating.add(planned.name);
      }
    }
    for (const d of devices) {
      const alias = d.alias;
      if (d.mirrorsSerial) continue;
      if (alias?.status !== 'valid') {
        toName.push(d);
        continue;
      }
      const name = alias.name!;
      const proposal = proposals.get(d)!;
      const wrongIdentity = isIdentity(proposal) && !sameName(name, proposal.base);
      const duplicate = !d.uniquenessExempt && participating.has(name);
      const whyStuck = stuck.get(d);
      if (whyStuck) names.set(d, whyStuck);
      else if (wrongIdentity || duplicate) {
        toName.push(d);
        continue;
      }
      taken.add(name);
      if (!d.uniquenessExempt) participating.add(name);
    }
    for (const name of participating) taken.add(name);
    let newlyStuck = false;
    for (const d of toName) {
      const proposal = proposals.get(d)!;
      const identity = isIdentity(proposal) ? proposal : undefined;
      const repaired = !identity && d.alias?.name !== undefined ? repairedName(d.alias.name) : undefined;
      let name: string;
      if (identity) {
        // An OpenStack id is never suffixed: `ua-<uuid>-2` would name no volume or port at all.
        if (taken.has(identity.base)) {
          const why: PlannedName = {
            kind: 'unknown',
            reason: `another device keeps "${identity.base}": two devices claim this ${identity.source} (see identifier-unique)`,
            need: 'person',
          };
          names.set(d, why);
          if (d.alias?.status === 'valid') {
            stuck.set(d, why);
            newlyStuck = true;
          }
          continue;
        }
        name = identity.base;
      } else if (repaired !== undefined || proposal.kind === 'name') {
        const base = repaired ?? (proposal as { base: string }).base;
        name = base;
        // Deterministic tie-breaking: document order decides who gets `-2`, `-3`, ...
        for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
      } else {
        names.set(d, proposal);
        continue;
      }
      taken.add(name);
      names.set(d, { kind: 'name', name, source: identity ? identity.source : 'device' });
    }
    if (!newlyStuck) return { nameFor: (device) => names.get(device) ?? removed.get(device) };
  }
}

const plans = new WeakMap<DomainDocument, WeakMap<object, [AliasPlan?, AliasPlan?]>>();
const NO_MAPPING = {};

/** The plan of a document, built once per lint pass however many rules ask. */
export function aliasPlan(document: DomainDocument, options: PlanOptions = {}): AliasPlan {
  let byMapping = plans.get(document);
  if (!byMapping) plans.set(document, (byMapping = new WeakMap()));
  const key = options.mapping ?? NO_MAPPING;
  let pair = byMapping.get(key);
  if (!pair) byMapping.set(key, (pair = []));
  const slot = options.novaManaged ? 1 : 0;
  return (pair[slot] ??= buildPlan(document, options));
}
