import { fchmodSync, fchownSync, fstatSync, type BigIntStats } from 'node:fs';

/** What a replaced file must keep: owner, group, permission bits and extended attributes. */
export interface FileMetadata {
  readonly uid: number;
  readonly gid: number;
  /** Permission bits, setuid/setgid/sticky included. */
  readonly mode: number;
  /**
   * Every extended attribute, by name: `user.*`, `security.selinux` (the SELinux label
   * `/etc/libvirt/qemu` files carry), `system.posix_acl_access` (an ACL), `trusted.*` as root.
   */
  readonly xattrs: ReadonlyMap<string, Buffer>;
}

type XattrApi = typeof import('@napi-rs/xattr');
let xattrApi: Promise<XattrApi> | undefined;
/** The module once loaded: its synchronous calls are used, each a few microseconds. */
let xattrLoaded: XattrApi | undefined;

/**
 * The native module loads on first use, not at start: `lint` and a dry run never need it, and a
 * platform it has no build for fails only the writes that need it, with the reason.
 */
function xattr(): Promise<XattrApi> {
  xattrApi ??= import('@napi-rs/xattr').then(
    (api) => (xattrLoaded = api),
    (error: unknown) => {
      xattrApi = undefined;
      throw new Error(
        `extended attributes cannot be read or written on this platform, so they could not be kept (${error instanceof Error ? error.message : String(error)})`,
      );
    },
  );
  return xattrApi;
}

/** The module `readMetadata` loaded: the metadata a file is given was read first. */
function loadedXattr(): XattrApi {
  if (xattrLoaded === undefined) throw new Error('readMetadata loads the extended attribute module first');
  return xattrLoaded;
}

/**
 * Hashes of the content that the kernel keeps itself (IMA/EVM appraisal): the old file's value
 * would not match the new content, and such a file is then refused on open. Never copied.
 */
const CONTENT_DERIVED = new Set(['security.ima', 'security.evm']);

/** The library's errors carry `GenericFailure` as code and `... (os error 95)` in the message. */
const ENOTSUP = /\(os error 95\)$/;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The metadata of the file at `path`, whose `stat` the caller already holds. A file system
 * without extended attributes has none to keep.
 */
export async function readMetadata(path: string, stats: BigIntStats): Promise<FileMetadata> {
  const api = await xattr();
  const xattrs = new Map<string, Buffer>();
  let names: string[];
  try {
    names = api.listAttributesSync(path);
  } catch (error) {
    if (!ENOTSUP.test(describe(error))) {
      throw new Error(`cannot list its extended attributes: ${describe(error)}`);
    }
    names = [];
  }
  for (const name of names) {
    // null: removed since the listing; not there to keep.
    const value = api.getAttributeSync(path, name);
    if (value !== null && !CONTENT_DERIVED.has(name)) xattrs.set(name, value);
  }
  return { uid: Number(stats.uid), gid: Number(stats.gid), mode: Number(stats.mode) & 0o7777, xattrs };
}

/** A metadata change a file could not take: the write stops, so nothing is silently lost. */
export class MetadataError extends Error {
  override readonly name = 'MetadataError';
}

/**
 * Gives the file open as `fd` at `path` the owner, group, mode and extended attributes of `metadata`,
 * and removes any attribute it got that the original did not have (a default ACL of the
 * directory, say). Owner first: a chown may clear setuid and setgid, which the chmod restores;
 * the ACL last, as it rewrites the group permission bits to its mask.
 */
export function applyMetadata(fd: number, path: string, metadata: FileMetadata): void {
  // Bigint stats, as every synchronous stat here (see SYNC_STAT in @virt-alias/rules).
  const current = fstatSync(fd, { bigint: true });
  if (Number(current.uid) !== metadata.uid || Number(current.gid) !== metadata.gid) {
    try {
      fchownSync(fd, metadata.uid, metadata.gid);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new MetadataError(
        `cannot keep its owner and group ${metadata.uid}:${metadata.gid} (${code}): only root, or the owner for a group it is in, can`,
      );
    }
  }
  fchmodSync(fd, metadata.mode);
  const api = loadedXattr();
  const ordered = [...metadata.xattrs].sort(
    ([a], [b]) => Number(a.startsWith('system.')) - Number(b.startsWith('system.')),
  );
  for (const [name, value] of ordered) {
    try {
      api.setAttributeSync(path, name, value);
    } catch (error) {
      throw new MetadataError(`cannot keep its extended attribute ${name}: ${describe(error)}`);
    }
  }
  let extra: string[];
  try {
    extra = api
      .listAttributesSync(path)
      .filter((name) => !metadata.xattrs.has(name) && !CONTENT_DERIVED.has(name));
  } catch (error) {
    if (ENOTSUP.test(describe(error))) return;
    throw error;
  }
  for (const name of extra) {
    try {
      api.removeAttributeSync(path, name);
    } catch (error) {
      throw new MetadataError(
        `cannot drop the extended attribute ${name} the original did not have: ${describe(error)}`,
      );
    }
  }
}
