import type { Position } from '@virt-alias/parser';
import type { DomainMapping } from '@virt-alias/rules';
import { MappingError, type MappingProblem } from './problem.js';

export type MappingKind = 'disk' | 'interface' | 'hostdev';

/** One device of one instance, as a JSON key or a CSV row gives it, before any normalising. */
export interface MappingEntry {
  readonly instance: string;
  readonly kind: MappingKind;
  /** Target dev, MAC or PCI address, as written. */
  readonly key: string;
  readonly uuid: string;
  /** Where the entry is written (JSON: its key; CSV: its key cell). */
  readonly at?: Position;
}

export type MappingLookup = (domainUuid: string) => DomainMapping | undefined;

/**
 * A mapping as plain data, by instance uuid (lower-cased): what worker threads receive, since a
 * lookup function cannot be sent to them. `lookupOf` turns it into the lookup rules call.
 */
export type MappingData = ReadonlyMap<string, DomainMapping>;

/** The lookup of mapping data: by domain uuid, in any case. */
export function lookupOf(data: MappingData): MappingLookup {
  return (domainUuid) => data.get(domainUuid.toLowerCase());
}

const FIELD = { disk: 'disks', interface: 'interfaces', hostdev: 'hostdevs' } as const;
const WHAT = { disk: 'volume', interface: 'port', hostdev: 'port' } as const;

/**
 * The lookup key of a device: what the parser gives (target dev as written, MAC and PCI address
 * lower-case). Target devs keep their case for the lookup; `sda` and `SDA` are still one key
 * for the duplicate check, since no guest has both.
 */
const lookupKey = (e: MappingEntry): string => (e.kind === 'disk' ? e.key : e.key.toLowerCase());

const where = (at: Position | undefined): string => (at ? ` (line ${at.line})` : '');

type DeviceMaps = Record<(typeof FIELD)[MappingKind], Map<string, string>>;

/** The map under `key`, made empty on first use. */
function inner<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let map = outer.get(key);
  if (!map) outer.set(key, (map = new Map<string, V>()));
  return map;
}

/**
 * The per-instance maps of a list of entries, as data. Rejects, with the place of each, what would
 * otherwise resolve silently or half-apply: one device given twice (also when only the case
 * differs), one uuid given to two devices of an instance, one port given to two instances. A
 * volume may be in two instances: Cinder multi-attach.
 */
export function mappingDataFromEntries(entries: readonly MappingEntry[], file: string): MappingData {
  const problems: MappingProblem[] = [];
  const byInstance = new Map<string, DeviceMaps>();
  /** instance -> kind:folded key -> first entry */
  const keys = new Map<string, Map<string, MappingEntry>>();
  /** instance -> uuid -> first entry */
  const uuids = new Map<string, Map<string, MappingEntry>>();
  /** port uuid -> first entry, across instances */
  const ports = new Map<string, MappingEntry>();
  for (const e of entries) {
    const instance = e.instance.toLowerCase();
    const uuid = e.uuid.toLowerCase();
    const device = `${e.kind} ${e.key}`;

    const seenKeys = inner(keys, instance);
    const folded = `${e.kind}:${e.key.toLowerCase()}`;
    const sameKey = seenKeys.get(folded);
    if (sameKey) {
      problems.push({
        ...(e.at ? { at: e.at } : {}),
        message:
          sameKey.key === e.key
            ? `${device} of instance ${e.instance} is given twice${where(sameKey.at)}: which ${WHAT[e.kind]} is meant?`
            : `${device} of instance ${e.instance} differs only in case from ${sameKey.key}${where(sameKey.at)}: one device given twice`,
      });
      continue;
    }
    seenKeys.set(folded, e);

    const seenUuids = inner(uuids, instance);
    const sameUuid = seenUuids.get(uuid);
    if (sameUuid) {
      problems.push({
        ...(e.at ? { at: e.at } : {}),
        message: `${WHAT[e.kind]} ${uuid} is already given to ${sameUuid.kind} ${sameUuid.key} of this instance${where(sameUuid.at)}: one ${WHAT[e.kind]} cannot be two devices (ua-${uuid} would name both)`,
      });
      continue;
    }
    seenUuids.set(uuid, e);

    if (WHAT[e.kind] === 'port') {
      const samePort = ports.get(uuid);
      if (samePort && samePort.instance.toLowerCase() !== instance) {
        problems.push({
          ...(e.at ? { at: e.at } : {}),
          message: `port ${uuid} is also given to instance ${samePort.instance}${where(samePort.at)}: a Neutron port is bound to one server`,
        });
        continue;
      }
      ports.set(uuid, e);
    }

    let maps = byInstance.get(instance);
    if (!maps)
      byInstance.set(instance, (maps = { disks: new Map(), interfaces: new Map(), hostdevs: new Map() }));
    maps[FIELD[e.kind]].set(lookupKey(e), uuid);
  }
  if (problems.length > 0) throw new MappingError(file, problems);
  return byInstance;
}

/** `mappingDataFromEntries`, as a lookup. */
export function lookupFromEntries(entries: readonly MappingEntry[], file: string): MappingLookup {
  return lookupOf(mappingDataFromEntries(entries, file));
}
