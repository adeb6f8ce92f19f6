import { expect, it } from 'vitest';
import { mapLimit } from './map-limit.js';

it('keeps input order and never runs more than the limit at once', async () => {
  let running = 0;
  let peak = 0;
  const items = Array.from({ length: 50 }, (_, i) => i);
  const out = await mapLimit(items, 4, async (n) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, (n * 7) % 5));
    running--;
    return n * 2;
  });
  expect(out).toEqual(items.map((n) => n * 2));
  expect(peak).toBe(4);
});

it('handles no items', async () => {
  expect(await mapLimit([], 16, () => Promise.resolve(1))).toEqual([]);
});
