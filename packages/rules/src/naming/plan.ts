import {
  looksGeneratedAlias,
  sanitizeAliasPart,
  USER_ALIAS_PREFIX,
  type Device,
  type DomainDocument,
} from '@virt-alias/parser';
import type { DomainMapping } from './mapping.js';
import { proposeName, type NameProposal, type NameSource } from './names.js';

export type PlannedName =
  | { readonly kind: 'name'; readonly name: string; readonly source: NameSource }
  | { readonly kind: 'unknown'; readonly reason: string }
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
  const clean = sanitizeAliasPart(rest);
  return clean ? `${USER_ALIAS_PREFIX}${clean}` : undefined;
}

const isIdentity = (p: NameProposal): p is NameProposal & { kind: 'name'; source: 'volume' | 'port' } =>
  p.kind === 'name' && (p.source === 'volume' || p.source === 'port');

/**
 * The console that mirrors serial[0] (see Device.mirrorsSerial) always ends up with serial[0]'s
 * alias: libvirt writes it back so. How the two get one name:
 * - serial[0] has a valid alias: the console takes it;
 * - else the console's valid alias, when serial[0] has none it could repair, goes to serial[0]
 *   too (what the author called the console stays the console's name);
 * - else serial[0] is named as usual and the console follows.
 */
interface MirrorPair {
  readonly console: Device;
  readonly serial0: Device;
  /** serial[0]'s valid alias, which stays. */
  readonly serialName: string | undefined;
  /** The console's valid alias, for serial[0] to take. */
  readonly consoleName: string | undefined;
}

function mirrorPair(devices: readonly Device[]): MirrorPair | undefined {
  const console = devices.find((d) => d.mirrorsSerial);
  const serial0 = devices.find((d) => d.kind === 'serial' && d.kindIndex === 0);
  if (!console || !serial0 || console.alias === null) return undefined;
  const serialName = validName(serial0);
  const ownRepair = serial0.alias?.name !== undefined ? repairedName(serial0.alias.name) : undefined;
  const consoleName = serialName === undefined && ownRepair === undefined ? validName(console) : undefined;
  return { console, serial0, serialName, consoleName };
}

const validName = (d: Device): string | undefined => (d.alias?.status === 'valid' ? d.alias.name : undefined);

/** serial[0]'s name, when it takes the console's, without a repair of its own: the console's. */
function serial0Base(pair: MirrorPair | undefined, device: Device): string | undefined {
  if (!pair || device !== pair.serial0 || pair.serialName !== undefined) return undefined;
  if (pair.consoleName !== undefined) return pair.consoleName;
  const own = device.alias?.name !== undefined ? repairedName(device.alias.name) : undefined;
  return own ?? (pair.console.alias?.name !== undefined ? repairedName(pair.console.alias.name) : undefined);
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
  const pair = mirrorPair(devices);
  const proposals = new Map(devices.map((d) => [d, proposeName(d, document, mapping)]));
  /** Devices whose rename turned out impossible: they keep their alias whatever it clashes with. */
  const stuck = new Map<Device, PlannedName>();
  for (;;) {
    const names = new Map<Device, PlannedName>();
    const participating = new Set<string>();
    /** Names that stay or are given: a new name never takes one. */
    const taken = new Set<string>();
    /** Names that stay, with who keeps them. */
    const keptBy = new Map<string, Device>();
    const toName: Device[] = [];
    // The console's name is settled first: when libvirt checks it, a later holder is the duplicate.
    const mirrorName = pair?.serialName ?? pair?.consoleName;
    if (pair && mirrorName !== undefined) {
      if (validName(pair.console) !== mirrorName || pair.serialName === undefined) {
        names.set(pair.console, { kind: 'name', name: mirrorName, source: 'device' });
      }
      taken.add(mirrorName);
      if (!pair.console.uniquenessExempt) participating.add(mirrorName);
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
      if (!keptBy.has(name)) keptBy.set(name, d);
      if (!d.uniquenessExempt) participating.add(name);
    }
    for (const name of participating) taken.add(name);
    let newlyStuck = false;
    for (const d of toName) {
      const proposal = proposals.get(d)!;
      const identity = isIdentity(proposal) ? proposal : undefined;
      const takeover = serial0Base(pair, d);
      const repaired = !identity && d.alias?.name !== undefined ? repairedName(d.alias.name) : undefined;
      let name: string;
      if (takeover !== undefined && takeover === pair?.consoleName && !keptBy.has(takeover)) {
        // serial[0] and its mirroring console share this name: libvirt sees one device.
        name = takeover;
      } else if (identity) {
        // An OpenStack id is never suffixed: `ua-<uuid>-2` would name no volume or port at all.
        if (taken.has(identity.base)) {
          const why: PlannedName = {
            kind: 'unknown',
            reason: `another device keeps "${identity.base}": two devices claim this ${identity.source} (see identifier-unique)`,
          };
          names.set(d, why);
          if (d.alias?.status === 'valid') {
            stuck.set(d, why);
            newlyStuck = true;
          }
          continue;
        }
        name = identity.base;
      } else if (takeover !== undefined || repaired !== undefined || proposal.kind === 'name') {
        const base = takeover ?? repaired ?? (proposal as { base: string }).base;
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
    if (pair && mirrorName === undefined) {
      names.set(pair.console, followSerial0(names.get(pair.serial0), pair.console));
    } else if (pair?.consoleName !== undefined) {
      const given = names.get(pair.serial0);
      if (given?.kind === 'name' && given.name !== pair.consoleName) names.set(pair.console, given);
    }
    if (!newlyStuck) return { nameFor: (device) => names.get(device) ?? removed.get(device) };
  }
}

/** The console's name when serial[0] gets a new one: the same, or why there is none. */
function followSerial0(serialName: PlannedName | undefined, console: Device): PlannedName {
  if (serialName?.kind === 'name') return serialName;
  const why = serialName?.kind === 'unknown' ? `: ${serialName.reason}` : '';
  return {
    kind: 'unknown',
    reason: `libvirt writes this console back as serial[0], which gets no alias here${why}; its own alias "${console.alias?.name ?? ''}" is lost either way`,
  };
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
