import {
  attributeValue,
  classifyAliasName,
  looksGeneratedAlias,
  sanitizeAliasPart,
  USER_ALIAS_PREFIX,
  type AliasNameStatus,
  type Device,
  type DomainDocument,
  type XmlElement,
} from '@virt-alias/parser';
import { LastDocument } from './last-document.js';
import type { DomainMapping } from './mapping.js';
import { proposeName, type NameProposal, type NameSource, type UnfixableKind } from './names.js';

export type PlannedName =
  | { readonly kind: 'name'; readonly name: string; readonly source: NameSource }
  | { readonly kind: 'unknown'; readonly reason: string; readonly need: UnfixableKind }
  /**
   * The alias goes: one libvirt drops or refuses with no name to give it, or one the device must
   * not carry (a local disk of a Nova domain).
   */
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
  const direct = device.alias;
  // The same four fields in the same order as below, not a spread of the device's alias: spread
  // copies took the alias's own shape, and the fix code that reads them was a megamorphic site.
  if (direct) return { element: direct.element, name: direct.name, status: direct.status, nested: false };
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
  const clean = sanitizeAliasPart(rest);
  return clean ? `${USER_ALIAS_PREFIX}${clean}` : undefined;
}

type IdentityProposal = NameProposal & { kind: 'name'; source: 'volume' | 'port' };

const isIdentity = (p: NameProposal): p is IdentityProposal =>
  p.kind === 'name' && (p.source === 'volume' || p.source === 'port');

/** What the plan reads of the alias its author meant (see `intendedAlias`). */
type Intent = Pick<IntendedAlias, 'name' | 'status'>;

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
  let console: Device | undefined;
  let serial0: Device | undefined;
  for (let i = 0; i < devices.length; i++) {
    const d = devices[i]!;
    if (d.mirrorsSerial) console ??= d;
    if (d.kind === 'serial' && d.kindIndex === 0) serial0 ??= d;
  }
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

const REMOVE: PlannedName = {
  kind: 'remove',
  reason: 'libvirt drops or ignores this alias, and no name fits the device',
};

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
export function buildPlan(
  document: DomainDocument,
  { mapping, novaManaged = false }: PlanOptions,
  /** Name every device at once, as before naming on demand: for the test that they agree. */
  eager = false,
): AliasPlan {
  const all = document.devices;
  // Per-device state lives in arrays indexed by `Device.index`, not in maps keyed by device.
  // Loops here are indexed, not `for...of`: each `for...of` adds the iterator's closing handlers
  // to the optimized code, and this function (with what V8 inlines into it) was the costliest
  // compile of a lint, two fifths of it for those handlers (docs/decisions/0012, round 5).
  const devices: Device[] = [];
  const localDisks: Device[] = [];
  for (let i = 0; i < all.length; i++) {
    const d = all[i]!;
    if (!d.keepsAlias) continue;
    if (!isNovaLocalDisk(d, novaManaged)) devices.push(d);
    else if (d.alias !== null || d.nestedAliases.length > 0) localDisks.push(d);
  }
  const pair = mirrorPair(devices);
  const proposals: (NameProposal | undefined)[] = [];
  const proposalOf = (d: Device): NameProposal => (proposals[d.index] ??= proposeName(d, document, mapping));
  /** The volume or port name of a device; only disks, interfaces and hostdevs can have one. */
  const identityOf = (d: Device): IdentityProposal | undefined => {
    if (d.kind !== 'disk' && d.kind !== 'interface' && d.kind !== 'hostdev') return undefined;
    const proposal = proposalOf(d);
    return isIdentity(proposal) ? proposal : undefined;
  };
  /** By device index, like `stuck`; both stay empty in most documents. */
  const nestedIntents: (IntendedAlias | null | undefined)[] = [];
  /** `intendedAlias` without a copy of the direct alias; nested when the device has no direct one. */
  const intentOf = (d: Device): Intent | null =>
    d.alias ?? (d.nestedAliases.length === 0 ? null : (nestedIntents[d.index] ??= intendedAlias(d)));
  /** Devices whose rename turned out impossible: they keep their alias, and why. */
  const stuck: (PlannedName | undefined)[] = [];
  for (;;) {
    const names: (PlannedName | undefined)[] = new Array<PlannedName | undefined>(all.length);
    /** Names in libvirt's uniqueness check. */
    const participating = new Set<string>();
    /** Names that stay or are given: a new name never takes one. */
    const taken = new Set<string>();
    /** Names that stay. */
    const kept = new Set<string>();
    const claim = (d: Device, name: string): void => {
      taken.add(name);
      kept.add(name);
      if (!d.uniquenessExempt) participating.add(name);
    };
    const clashes = (d: Device, name: string): boolean => !d.uniquenessExempt && participating.has(name);
    /**
     * The suffix to try next for a base: `taken` only grows, so every smaller one is still taken.
     * Without it, n devices wanting one name cost n²/2 tries (20,000 devices: 29 s).
     */
    let nextSuffix: Map<string, number> | undefined;
    const toName: Device[] = [];
    // The console's name is settled first: when libvirt checks it, a later holder is the duplicate.
    const mirrorName = pair?.serialName ?? pair?.consoleName;
    if (pair && mirrorName !== undefined) {
      if (validName(pair.console) !== mirrorName || pair.serialName === undefined) {
        names[pair.console.index] = { kind: 'name', name: mirrorName, source: 'device' };
      }
      taken.add(mirrorName);
      if (!pair.console.uniquenessExempt) participating.add(mirrorName);
    }
    let mayStick = false;
    const ownIdentity: Device[] = [];
    const unmovable: Device[] = [];
    const direct: Device[] = [];
    const nested: Device[] = [];
    for (let i = 0; i < devices.length; i++) {
      const d = devices[i]!;
      if (d.mirrorsSerial) continue;
      const alias = intentOf(d);
      if (alias?.status !== 'valid') {
        toName.push(d);
        continue;
      }
      const identity = identityOf(d);
      const right = identity !== undefined && sameName(alias.name!, identity.base);
      const isStuck = stuck[d.index] !== undefined;
      if (identity && !right && !isStuck) {
        toName.push(d);
        // Renaming it may turn out impossible (its volume or port name kept by another device).
        if (d.alias !== null) mayStick = true;
      } else if (d.alias === null) nested.push(d);
      else if (isStuck) unmovable.push(d);
      else if (right) ownIdentity.push(d);
      else direct.push(d);
    }
    // Two devices named after one volume or port (see identifier-unique), or two that cannot move:
    // the later one's copy goes, since no other name is right for it.
    for (let g = 0; g < 2; g++) {
      const group = g === 0 ? ownIdentity : unmovable;
      for (let i = 0; i < group.length; i++) {
        const d = group[i]!;
        const name = d.alias!.name!;
        if (clashes(d, name)) names[d.index] = REMOVE;
        else {
          claim(d, name);
          const why = stuck[d.index];
          if (why) names[d.index] = why;
        }
      }
    }
    let sorted = true;
    for (let g = 0; g < 2; g++) {
      const group = g === 0 ? direct : nested;
      for (let i = 0; i < group.length; i++) {
        const d = group[i]!;
        const name = intentOf(d)!.name!;
        if (clashes(d, name)) {
          toName.push(d);
          sorted = false;
          continue;
        }
        claim(d, name);
        if (d.alias === null)
          names[d.index] = { kind: 'name', name, source: identityOf(d)?.source ?? 'device' };
      }
    }
    if (!sorted) toName.sort((a, b) => a.index - b.index);
    /** Gives the next device to name its name, in document order; true when its rename got stuck. */
    const nameOne = (d: Device): boolean => {
      const proposal = proposalOf(d);
      const alias = intentOf(d);
      const isNested = alias !== null && d.alias === null;
      const identity = isIdentity(proposal) ? proposal : undefined;
      const takeover = serial0Base(pair, d);
      const repaired = !identity && alias?.name !== undefined ? repairedName(alias.name) : undefined;
      let name: string;
      if (takeover !== undefined && takeover === pair?.consoleName && !kept.has(takeover)) {
        // serial[0] and its mirroring console share this name: libvirt sees one device.
        name = takeover;
      } else if (identity) {
        // An OpenStack id is never suffixed: `ua-<uuid>-2` would name no volume or port at all.
        if (taken.has(identity.base)) {
          const why: PlannedName = {
            kind: 'unknown',
            reason: `another device keeps "${identity.base}": two devices claim this ${identity.source} (see identifier-unique)`,
            need: 'person',
          };
          const newlyStuck = alias?.status === 'valid' && !isNested && stuck[d.index] === undefined;
          if (newlyStuck) stuck[d.index] = why;
          // What libvirt would drop or ignore anyway goes; a missing alias has nothing to remove.
          names[d.index] = alias && (alias.status !== 'valid' || isNested) ? REMOVE : why;
          return newlyStuck;
        }
        name = identity.base;
      } else if (takeover !== undefined || repaired !== undefined || proposal.kind === 'name') {
        const base = takeover ?? repaired ?? (proposal as { base: string }).base;
        name = base;
        // Deterministic tie-breaking: document order decides who gets `-2`, `-3`, ...
        if (taken.has(name)) {
          nextSuffix ??= new Map();
          let n = nextSuffix.get(base) ?? 2;
          for (name = `${base}-${n}`; taken.has(name); name = `${base}-${n}`) n++;
          nextSuffix.set(base, n + 1);
        }
      } else {
        names[d.index] = alias ? REMOVE : proposal;
        return false;
      }
      taken.add(name);
      names[d.index] = { kind: 'name', name, source: identity ? identity.source : 'device' };
      return false;
    };
    let named = 0;
    const nameUpTo = (index: number): boolean => {
      let newlyStuck = false;
      for (; named < toName.length && toName[named]!.index <= index; named++) {
        if (nameOne(toName[named]!)) newlyStuck = true;
      }
      return newlyStuck;
    };
    if (!pair && !mayStick) {
      // Nothing can get stuck, and no console waits for serial[0]: a device's name depends only on
      // the devices before it, so devices are named when asked about, up to the one asked. A
      // lint asks about the few devices it reports on, often the first disks.
      for (let i = 0; i < localDisks.length; i++) names[localDisks[i]!.index] = LOCAL_DISK_REMOVAL;
      if (eager) nameUpTo(Infinity);
      return {
        nameFor: (device) => {
          if (all[device.index] !== device) return undefined;
          if (names[device.index] === undefined) nameUpTo(device.index);
          return names[device.index];
        },
      };
    }
    const newlyStuck = nameUpTo(Infinity);
    if (pair && mirrorName === undefined) {
      names[pair.console.index] = followSerial0(names[pair.serial0.index], pair.console);
    } else if (pair?.consoleName !== undefined) {
      const given = names[pair.serial0.index];
      if (given?.kind === 'name' && given.name !== pair.consoleName) names[pair.console.index] = given;
    }
    if (!newlyStuck) {
      for (let i = 0; i < localDisks.length; i++) names[localDisks[i]!.index] = LOCAL_DISK_REMOVAL;
      return { nameFor: (device) => (all[device.index] === device ? names[device.index] : undefined) };
    }
  }
}

/** The console's name when serial[0] gets a new one: the same, or why there is none. */
function followSerial0(serialName: PlannedName | undefined, console: Device): PlannedName {
  if (serialName?.kind === 'name') return serialName;
  const why = serialName?.kind === 'unknown' ? `: ${serialName.reason}` : '';
  return {
    kind: 'unknown',
    reason: `libvirt writes this console back as serial[0], which gets no alias here${why}; its own alias "${console.alias?.name ?? ''}" is lost either way`,
    need: serialName?.kind === 'unknown' ? serialName.need : 'person',
  };
}

interface CachedPlan {
  readonly mapping: DomainMapping | undefined;
  readonly novaManaged: boolean;
  readonly plan: AliasPlan;
}

/** A document's plans, one per mapping and Nova reading asked for (one, in a lint). */
const plans = new LastDocument<CachedPlan[]>(() => []);

/** The plan of a document, built once per lint pass however many rules ask. */
export function aliasPlan(document: DomainDocument, options: PlanOptions = {}): AliasPlan {
  const cached = plans.get(document);
  const mapping = options.mapping;
  const novaManaged = options.novaManaged === true;
  for (const c of cached) if (c.mapping === mapping && c.novaManaged === novaManaged) return c.plan;
  const plan = buildPlan(document, { mapping, novaManaged });
  cached.push({ mapping, novaManaged, plan });
  return plan;
}
