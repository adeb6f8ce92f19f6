import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MAX_NEW_SPACE_BYTES } from './heap-limits.js';

const built = new URL('../dist/heap-limits.js', import.meta.url).href;

/**
 * A fresh process (its heap starts small) that holds its heap as `lint` does (`holdOld`: as a run
 * without a cache) and is then told that the run has `threads` worker threads (0: the limits
 * stay; more: V8's defaults are back).
 */
const prelude = (threads: number, holdOld = true, oldWithThreads = false): string => `
import v8 from 'node:v8';
import { setTimeout as sleep } from 'node:timers/promises';
const { limitHeap } = await import(${JSON.stringify(built)});
const heap = limitHeap(${String(holdOld)}, { oldWithThreads: ${String(oldWithThreads)} });
heap.threads(${threads});
const space = (name) => v8.getHeapSpaceStatistics().find((s) => s.space_name === name).space_size;
`;

/**
 * Allocates in small steps, keeping a few recent objects alive so that scavenges promote and V8
 * grows the new space, and waits after each step for the size check to have run: no step can
 * grow it twice. Prints the largest size.
 */
const youngScript = (
  threads: number,
  oldWithThreads = false,
): string => `${prelude(threads, true, oldWithThreads)}
let keep = [];
let largest = 0;
for (let step = 0; step < 120; step++) {
  for (let i = 0; i < 40000; i++) {
    keep.push({ i, s: 'x' + i });
    if (keep.length > 20000) keep = [];
  }
  largest = Math.max(largest, space('new_space'));
  await sleep(30);
}
heap.release();
console.log(largest);
`;

/**
 * Objects that outlive a few scavenges (promoted) and then die in the old generation, as a long
 * run's are, 3,000,000 of them; no wait is needed, the old generation's flags are set at once.
 * Prints the largest size of the old space.
 */
const oldScript = (
  threads: number,
  holdOld = true,
  oldWithThreads = false,
): string => `${prelude(threads, holdOld, oldWithThreads)}
const ring = new Array(100000);
let largest = 0;
for (let i = 0; i < 3000000; i++) {
  ring[i % ring.length] = { i, s: 'item ' + i };
  if (i % 10000 === 0) largest = Math.max(largest, space('old_space'));
}
heap.release();
console.log(largest);
`;

async function largest(script: string): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
  });
  return Number(stdout.trim());
}

describe('limitHeap', () => {
  it('holds the new space at its cap in a run without threads, and leaves it to grow with threads', async () => {
    const [capped, free] = await Promise.all([largest(youngScript(0)), largest(youngScript(1))]);
    expect(capped).toBeLessThanOrEqual(MAX_NEW_SPACE_BYTES);
    expect(free).toBeGreaterThan(MAX_NEW_SPACE_BYTES);
  });

  it('collects the old generation early in a run without threads, and as V8 would with threads', async () => {
    const [held, free] = await Promise.all([largest(oldScript(0)), largest(oldScript(1))]);
    // Measured on Node 20: about 16-17 MiB against 26 MiB (the room V8 leaves is at least 16 MiB).
    expect(held * 1.3).toBeLessThan(free);
  });

  it('with oldWithThreads (fix), still holds the old generation once there are threads, not the new space', async () => {
    const [held, free] = await Promise.all([largest(oldScript(1, true, true)), largest(oldScript(1))]);
    expect(held * 1.3).toBeLessThan(free);
    // The young generation's cap is process-wide: a worker's new space would be pinned by it.
    expect(await largest(youngScript(1, true))).toBeGreaterThan(MAX_NEW_SPACE_BYTES);
  });

  it('leaves the old generation to V8 in a run with a cache', async () => {
    const [held, cached] = await Promise.all([largest(oldScript(0)), largest(oldScript(0, false))]);
    expect(held * 1.3).toBeLessThan(cached);
  });
});
