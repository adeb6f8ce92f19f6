import type { Device, DomainDocument } from '@virt-alias/parser';
import { deviceKey, type LintMessage } from '@virt-alias/rules';

/** One device whose alias differs between two versions of a domain. */
export interface AliasChange {
  /** What the device is (`disk:vdb`, `interface:52:54:00:..`): the rules' `deviceKey`. */
  readonly device: string;
  /** The alias libvirt reads (the name of the first direct `<alias>`); null: none. */
  readonly old: string | null;
  readonly new: string | null;
}

/** A device only one version has, by its pairing key, and its alias. */
export interface UnpairedDevice {
  readonly device: string;
  readonly alias: string | null;
}

/** Devices of two versions of a domain, paired by what they are. */
export interface AliasComparison {
  /** Paired devices whose alias differs, in the order of the second version. */
  readonly changes: readonly AliasChange[];
  /** Devices only the first version has. */
  readonly onlyBefore: readonly UnpairedDevice[];
  /** Devices only the second version has. */
  readonly onlyAfter: readonly UnpairedDevice[];
}

export interface CompareOptions {
  /**
   * Leave out `console[0]` when it mirrors serial[0]: libvirt writes serial[0]'s alias on it
   * whatever the file says, so its alias is not its own (what `apply` compares with a stored
   * definition). Default false: `fix` reports every alias it edits.
   */
  readonly skipMirroredConsoles?: boolean;
}

const aliasOf = (device: Device): string | null => device.alias?.name ?? null;

/**
 * Keys that tell devices apart even when two share one (two disks without a target): the
 * device key, then `#2`, `#3`, ... for its later occurrences, in document order.
 */
export function pairingKeys(devices: readonly Device[]): string[] {
  const seen = new Map<string, number>();
  return devices.map((device) => {
    const key = deviceKey(device);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  });
}

function keyed(
  devices: readonly Device[],
  options: CompareOptions,
): Map<string, { key: string; device: Device }> {
  const kept = options.skipMirroredConsoles ? devices.filter((d) => !d.mirrorsSerial) : devices;
  const keys = pairingKeys(kept);
  return new Map(kept.map((device, i) => [keys[i]!, { key: deviceKey(device), device }]));
}

/**
 * The alias of every device in `after` against the same device in `before`, devices paired by
 * `deviceKey` (never by position: libvirt may list a dumped domain's devices in another order
 * than a file). Works for a file before and after `fix` as for a stored definition and a file.
 */
export function compareAliases(
  before: DomainDocument,
  after: DomainDocument,
  options: CompareOptions = {},
): AliasComparison {
  const from = keyed(before.devices, options);
  const to = keyed(after.devices, options);
  const changes: AliasChange[] = [];
  const onlyAfter: UnpairedDevice[] = [];
  for (const [pairKey, { key, device }] of to) {
    const previous = from.get(pairKey);
    if (!previous) {
      onlyAfter.push({ device: pairKey, alias: aliasOf(device) });
      continue;
    }
    const old = aliasOf(previous.device);
    const now = aliasOf(device);
    if (old !== now) changes.push({ device: key, old, new: now });
  }
  const onlyBefore = [...from]
    .filter(([k]) => !to.has(k))
    .map(([k, { device }]) => ({ device: k, alias: aliasOf(device) }));
  return { changes, onlyBefore, onlyAfter };
}

/** Why an alias changed: a rule's finding whose fix made the change. */
export interface ChangeReason {
  readonly rule: string;
  readonly message: string;
}

/** One line of `fix --changes FILE` (JSONL): docs/fix.md, "Change log". */
export interface ChangeRecord {
  readonly file: string;
  readonly domain: { readonly name: string | null; readonly uuid: string | null };
  readonly device: string;
  readonly old: string | null;
  readonly new: string | null;
  readonly why: readonly ChangeReason[];
}

/**
 * The change log of one fixed file: a record per device whose alias `fix` changed, with the
 * findings whose fixes touched that device (`fixed`, from `fixText`).
 */
export function changeRecords(
  file: string,
  before: DomainDocument,
  after: DomainDocument,
  fixed: readonly LintMessage[],
): ChangeRecord[] {
  const domain = { name: after.name ?? null, uuid: after.uuid ?? null };
  return compareAliases(before, after).changes.map((change) => {
    const why: ChangeReason[] = [];
    for (const m of fixed) {
      if (m.device !== change.device || m.ruleId === null) continue;
      if (why.some((w) => w.rule === m.ruleId && w.message === m.message)) continue;
      why.push({ rule: m.ruleId, message: m.message });
    }
    return { file, domain, ...change, why };
  });
}
