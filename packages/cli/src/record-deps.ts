import { readdirSync, realpathSync, statSync, type BigIntStats } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES } from './config-find.js';
import { LISTED, listingDigest, STAMP_FIELDS, writeStamp, type Stamp } from './record-file.js';
import { entriesOf } from './walk-entries.js';

/** Most inputs whose stamps a run keeps for its record's dependencies (about 130 bytes each). */
export const MOST_LISTED = 20_000;

const stampOf = (file: string): BigIntStats | undefined => {
  try {
    return statSync(file, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
};

/**
 * The files and directories a run read, each with its stamp taken before the run read it: what a
 * later run with the same command line checks (`fast-replay.ts`) instead of parsing its options,
 * walking the tree and resolving configs. A change after a stamp changes the stamp; a change
 * before it was read by the run.
 */
export class Dependencies {
  private readonly paths: string[] = [];
  private stamps = new BigUint64Array(64 * STAMP_FIELDS);

  get count(): number {
    return this.paths.length;
  }

  add(file: string, stats: Stamp | undefined): void {
    writeStamp(this.room(), this.paths.length, stats);
    this.paths.push(file);
  }

  /** Adds `file` with the `slot`th stamp of `from`. */
  addFrom(file: string, from: BigUint64Array, slot: number): void {
    const at = slot * STAMP_FIELDS;
    this.room().set(from.subarray(at, at + STAMP_FIELDS), this.paths.length * STAMP_FIELDS);
    this.paths.push(file);
  }

  /** A directory listed by its entries (`listingDigest`), not by its stamp. */
  addListing(dir: string, digest: Buffer): void {
    const at = this.paths.length * STAMP_FIELDS;
    this.room().set(new BigUint64Array(new Uint8Array(digest).buffer), at);
    this.paths.push(`${LISTED}${dir}`);
  }

  private room(): BigUint64Array {
    if ((this.paths.length + 1) * STAMP_FIELDS > this.stamps.length) {
      const bigger = new BigUint64Array(this.stamps.length * 2);
      bigger.set(this.stamps);
      this.stamps = bigger;
    }
    return this.stamps;
  }

  /** The paths, NUL-separated (no path holds a NUL), and the stamps (in this machine's byte order). */
  encode(): { paths: Buffer; stamps: Buffer } {
    return {
      paths: Buffer.from(this.paths.join('\0'), 'utf8'),
      stamps: Buffer.from(this.stamps.buffer, 0, this.paths.length * STAMP_FIELDS * 8),
    };
  }
}

/**
 * Before the run reads anything, the stamps of what it will read besides its files: `root` and
 * every directory below it the walk enters (each stamped before it is listed: an entry added or
 * removed since changes it), and every place a config file of theirs may be (present or not),
 * up to the file-system root, or `--config`'s file. Undefined when `root` is not its own real
 * path (a symbolic link on the way: where it leads could change without a stamp changing).
 */
export function stampTree(
  root: string,
  config: string | false | undefined,
  /** Where the record and the cache are written: listed by its entries (see `LISTED`). */
  recordDir: string,
): Dependencies | undefined {
  let real: string;
  try {
    real = realpathSync(root);
  } catch {
    return undefined;
  }
  if (real !== root) return undefined;
  const deps = new Dependencies();
  const dirs: string[] = [];
  const enter = (dir: string): void => {
    if (dir === recordDir) {
      const digest = listingDigest(dir);
      if (digest) deps.addListing(dir, digest);
      else deps.add(dir, stampOf(dir));
    } else deps.add(dir, stampOf(dir));
    dirs.push(dir);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    // The directories the walk enters: no hidden one, no symbolic link followed.
    for (const e of entriesOf(entries)) if (e.directory) enter(path.join(dir, e.name));
  };
  enter(root);
  if (typeof config === 'string') deps.add(config, stampOf(config));
  else if (config === undefined) {
    for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
      dirs.push(dir);
      if (path.dirname(dir) === dir) break;
    }
    for (const dir of dirs)
      for (const name of CONFIG_FILE_NAMES) deps.add(path.join(dir, name), stampOf(path.join(dir, name)));
  }
  return deps;
}
