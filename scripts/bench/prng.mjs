// Seeded pseudo-random numbers, so that a fleet is the same bytes on every machine and every run.

/** mulberry32: a tiny 32-bit generator, plenty for test data (not for anything secret). */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A generator of its own for item `index` of a run seeded with `seed` (a murmur3 finaliser mixes
 * the two): item i is the same whatever the number of items, and neighbours are unrelated.
 */
export function seededFor(seed, index) {
  let h = Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return seeded(h);
}

/** Helpers over one generator: integers, picks, hex strings, UUIDs. */
export function draws(random) {
  const int = (min, max) => min + Math.floor(random() * (max - min + 1));
  const hex = (n) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return {
    random,
    int,
    hex,
    pick: (items) => items[Math.floor(random() * items.length)],
    chance: (p) => random() < p,
    /** One value of `[value, weight]` pairs, in proportion to the weights. */
    weighted: (pairs) => {
      let r = random() * pairs.reduce((sum, [, weight]) => sum + weight, 0);
      for (const [value, weight] of pairs) {
        if (r < weight) return value;
        r -= weight;
      }
      return pairs[pairs.length - 1][0];
    },
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`,
  };
}
