/**
 * Which children of `<devices>` take an `<alias>`, per libvirt's C parser (what is kept on define)
 * and its RelaxNG schema (what `virt-xml-validate` accepts). See docs/reference/libvirt-aliases.md.
 */
export type AliasSupport =
  /** The schema allows it and libvirt keeps it. */
  | 'kept'
  /** libvirt keeps it, but domain.rng rejects it (smartcard, nvram). */
  | 'kept-schema-rejects'
  /** libvirt ignores an `<alias>` here. */
  | 'ignored';

const KEPT = [
  'disk',
  'controller',
  'filesystem',
  'interface',
  'input',
  'sound',
  'hostdev',
  'video',
  'console',
  'serial',
  'parallel',
  'channel',
  'hub',
  'redirdev',
  'rng',
  'tpm',
  'shmem',
  'memory',
  'watchdog',
  'memballoon',
  'panic',
  'iommu',
  'vsock',
] as const;

const KEPT_SCHEMA_REJECTS = ['smartcard', 'nvram'] as const;

const IGNORED = ['graphics', 'audio', 'lease', 'redirfilter', 'emulator'] as const;

const SUPPORT = new Map<string, AliasSupport>([
  ...KEPT.map((k) => [k, 'kept'] as const),
  ...KEPT_SCHEMA_REJECTS.map((k) => [k, 'kept-schema-rejects'] as const),
  ...IGNORED.map((k) => [k, 'ignored'] as const),
]);

/**
 * `undefined` for an element libvirt 9.0 does not know as a device (it drops `crypto` and `pstore`
 * whole): the linter leaves it alone.
 */
export function aliasSupport(kind: string): AliasSupport | undefined {
  return SUPPORT.get(kind);
}

export const DEVICE_KINDS_WITH_ALIAS: readonly string[] = [...KEPT, ...KEPT_SCHEMA_REJECTS];
