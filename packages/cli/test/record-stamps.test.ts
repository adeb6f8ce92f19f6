/** The run record's stamps: told by the engine in any order, hashed in input order. */
import { describe, expect, it } from 'vitest';
import { StampsHash, StampsInOrder } from '../src/record-stamps.js';
import type { Stamp } from '../src/record-file.js';

const stampOf = (i: number): Stamp => ({
  dev: 1n,
  ino: BigInt(1000 + i),
  mode: 0o100644n,
  size: BigInt(i),
  mtimeNs: BigInt(i) * 1_000_000_000n,
  ctimeNs: BigInt(i) * 1_000_000_001n,
});

/** What `StampsInOrder` gives back for stamps put in `order`: the paths taken, and the digest. */
function reorder(order: readonly number[]): { taken: string[]; digest: string; count: number } {
  const hash = new StampsHash();
  const taken: string[] = [];
  const inOrder = new StampsInOrder((filePath, ring, slot) => {
    taken.push(filePath);
    hash.addFrom(ring, slot);
  });
  for (const i of order) expect(inOrder.put(i, `f${i}`, stampOf(i))).toBe(true);
  return { taken, digest: hash.digest().digest, count: inOrder.taken };
}

describe('StampsInOrder', () => {
  const n = 1500;
  const inputOrder = Array.from({ length: n }, (_, i) => i);
  const expected = (() => {
    const hash = new StampsHash();
    for (const i of inputOrder) hash.add(stampOf(i));
    return hash.digest().digest;
  })();

  it('gives stamps told in input order straight back', () => {
    const { taken, digest, count } = reorder(inputOrder);
    expect(taken).toEqual(inputOrder.map((i) => `f${i}`));
    expect(digest).toBe(expected);
    expect(count).toBe(n);
  });

  it('puts stamps told ahead of a gap (wider than its ring) back in input order', () => {
    // The first file told last (read while 1,499 cached files were found fresh), and a second
    // gap in the middle: as the engine's look-ahead tells them.
    const order = [...inputOrder.slice(1, 700), ...inputOrder.slice(701), 700, 0];
    const { taken, digest, count } = reorder(order);
    expect(taken).toEqual(inputOrder.map((i) => `f${i}`));
    expect(digest).toBe(expected);
    expect(count).toBe(n);
  });

  it('refuses a second stamp of the same input, taken or waiting', () => {
    const inOrder = new StampsInOrder(() => undefined);
    expect(inOrder.put(0, 'a', stampOf(0))).toBe(true);
    expect(inOrder.put(0, 'a', stampOf(0))).toBe(false);
    expect(inOrder.put(5, 'b', stampOf(5))).toBe(true);
    expect(inOrder.put(5, 'b', stampOf(5))).toBe(false);
    expect(inOrder.taken).toBe(1);
  });

  it('keeps the newest modification time', () => {
    const hash = new StampsHash();
    for (const i of [3, 9, 2]) hash.add(stampOf(i));
    expect(hash.digest().newestNs).toBe(9_000_000_000n);
  });
});
