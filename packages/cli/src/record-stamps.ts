import { createHash } from 'node:crypto';
import { STAMP_FIELDS, writeStamp, type Stamp } from './record-file.js';

// The inputs' stamps as the run record keeps them (run-record.ts): hashed in input order, and,
// when the engine tells them out of that order, put back in it first.

/** The digest of the inputs' stamps, in order, and the newest modification time among them. */
export interface StampsDigest {
  readonly digest: string;
  readonly newestNs: bigint;
}

/** Stamps hashed in order, as numbers, a thousand at a time (as text, or one `update` each, cost more). */
export class StampsHash {
  private readonly hash = createHash('sha256');
  private readonly held = new BigUint64Array(1024 * STAMP_FIELDS);
  /** How many stamps `held` holds, not yet hashed. */
  private holding = 0;
  private newestNs = -1n;

  add(s: Stamp): void {
    writeStamp(this.held, this.holding, s);
    this.added();
  }

  /** Adds the `slot`th stamp of `from`. */
  addFrom(from: BigUint64Array, slot: number): void {
    const at = slot * STAMP_FIELDS;
    this.held.set(from.subarray(at, at + STAMP_FIELDS), this.holding * STAMP_FIELDS);
    this.added();
  }

  private added(): void {
    const mtimeNs = this.held[this.holding * STAMP_FIELDS + 4]!;
    if (mtimeNs > this.newestNs) this.newestNs = mtimeNs;
    if (++this.holding * STAMP_FIELDS === this.held.length) {
      this.hash.update(new Uint8Array(this.held.buffer));
      this.holding = 0;
    }
  }

  digest(): StampsDigest {
    this.hash.update(new Uint8Array(this.held.buffer, 0, this.holding * STAMP_FIELDS * 8));
    return { digest: this.hash.digest('hex'), newestNs: this.newestNs };
  }
}

/**
 * Stamps told by input index in any order (the engine tells a cached file's when it finds it
 * fresh, which may be ahead of a file it has still to read), given to `take` in input order.
 * Those waiting for an earlier one are held in a ring of numbers (off the heap: a `BigIntStats`
 * held per file for thousands of files ahead grew the young generation, and cost more CPU than
 * the `stat` saved), as wide as the widest gap seen.
 */
export class StampsInOrder {
  private ring = new BigUint64Array(256 * STAMP_FIELDS);
  private paths: (string | undefined)[] = new Array<string | undefined>(256);
  private next = 0;

  constructor(private readonly take: (filePath: string, ring: BigUint64Array, slot: number) => void) {}

  /** How many stamps were given to `take`: those of the first inputs, without a gap. */
  get taken(): number {
    return this.next;
  }

  /** False (and nothing kept) when the input `index` had its stamp already. */
  put(index: number, filePath: string, stamp: Stamp): boolean {
    if (index < this.next) return false;
    while (index - this.next >= this.paths.length) this.grow();
    const slot = index % this.paths.length;
    if (this.paths[slot] !== undefined) return false;
    writeStamp(this.ring, slot, stamp);
    this.paths[slot] = filePath;
    // Every input before `next` was taken: the one at `next` is the only one that can be there.
    for (
      let at = this.next % this.paths.length;
      this.paths[at] !== undefined;
      at = this.next % this.paths.length
    ) {
      this.take(this.paths[at]!, this.ring, at);
      this.paths[at] = undefined;
      this.next++;
    }
    return true;
  }

  private grow(): void {
    const width = this.paths.length;
    const wider = width * 2;
    const ring = new BigUint64Array(wider * STAMP_FIELDS);
    const paths = new Array<string | undefined>(wider);
    for (let index = this.next; index < this.next + width; index++) {
      const from = index % width;
      if (this.paths[from] === undefined) continue;
      const to = index % wider;
      ring.set(this.ring.subarray(from * STAMP_FIELDS, (from + 1) * STAMP_FIELDS), to * STAMP_FIELDS);
      paths[to] = this.paths[from];
    }
    this.ring = ring;
    this.paths = paths;
  }
}
