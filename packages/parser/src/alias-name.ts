/**
 * libvirt's own reading of `<alias name=...>` in a persistent definition
 * (virDomainDeviceInfoParseXML): a user alias starts with `ua-` (case-sensitive) and uses only
 * `[A-Za-z0-9_-]`; any other name is dropped silently on define.
 */
export const USER_ALIAS_PREFIX = 'ua-';

const USER_ALIAS_CHARS = /^[A-Za-z0-9_-]*$/;

export type AliasNameStatus =
  /** Kept by libvirt. */
  | 'valid'
  /** `<alias/>` without a `name` attribute. */
  | 'missing'
  | 'empty'
  /** Does not start with `ua-`: dropped (live dumps carry such generated names). */
  | 'no-user-prefix'
  /** Starts with `ua-` but has a character outside `[A-Za-z0-9_-]`: dropped. */
  | 'bad-charset';

export function classifyAliasName(name: string | undefined): AliasNameStatus {
  if (name === undefined) return 'missing';
  if (name === '') return 'empty';
  if (!name.startsWith(USER_ALIAS_PREFIX)) return 'no-user-prefix';
  if (!USER_ALIAS_CHARS.test(name)) return 'bad-charset';
  return 'valid';
}

/** The characters of a `ua-` name that libvirt does not accept, each once, in order. */
export function invalidAliasCharacters(name: string): string[] {
  const seen = new Set<string>();
  for (const ch of name.slice(USER_ALIAS_PREFIX.length)) {
    if (!/[A-Za-z0-9_-]/.test(ch)) seen.add(ch);
  }
  return [...seen];
}

/**
 * Names libvirt's QEMU driver generates for live devices (`virtio-disk0`, `net0`, `hostdev0`,
 * `scsi0-0-0-1`, `ide0-1-0`, `sata0-0-0`, `usb-disk3`, `pci.0`, `serial0`, `channel1`, ...). They
 * show up in `virsh dumpxml` of a running guest and vanish when that dump is defined again.
 */
const GENERATED_ALIAS =
  /^(?:(?:virtio-disk|usb-disk|ide|sata|scsi|fdc|net|hostdev|video|input|sound|balloon|rng|tpm|watchdog|serial|parallel|channel|console|smartcard|redir|shmem|nvram|panic|vsock|iommu|dimm|fs|hub|pci|pcie|virtio-serial|usb|ccid)\d+(?:[-.]\d+)*(?:-codec\d+)?|pcie?\.\d+|usb|ide|fdc|pci)$/;

export function looksGeneratedAlias(name: string): boolean {
  return !name.startsWith(USER_ALIAS_PREFIX) && GENERATED_ALIAS.test(name);
}

export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isUuid(value: string | undefined): value is string {
  return value !== undefined && UUID_PATTERN.test(value);
}
