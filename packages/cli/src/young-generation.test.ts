import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MAX_NEW_SPACE_BYTES } from './young-generation.js';

const built = new URL('../dist/young-generation.js', import.meta.url).href;

/**
 * A fresh process (its young generation starts small) that allocates in small steps, keeping a
 * few recent objects alive so that scavenges promote and V8 grows the new space, and waits after
 * each step for the size check to have run: no step can grow it twice. Prints the largest size.
 */
const script = (applies: boolean): string => `
import v8 from 'node:v8';
import { setTimeout as sleep } from 'node:timers/promises';
const { capYoungGeneration } = await import(${JSON.stringify(built)});
const uncap = capYoungGeneration(() => ${applies});
const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
let keep = [];
let largest = 0;
for (let step = 0; step < 120; step++) {
  for (let i = 0; i < 40000; i++) {
    keep.push({ i, s: 'x' + i });
    if (keep.length > 20000) keep = [];
  }
  largest = Math.max(largest, newSpace());
  await sleep(30);
}
uncap();
console.log(largest);
`;

async function largestNewSpace(applies: boolean): Promise<number> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', script(applies)],
    {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
    },
  );
  return Number(stdout.trim());
}

describe('capYoungGeneration', () => {
  it('holds the new space at its cap when it applies, and leaves it to grow when not', async () => {
    const [capped, free] = await Promise.all([largestNewSpace(true), largestNewSpace(false)]);
    expect(capped).toBeLessThanOrEqual(MAX_NEW_SPACE_BYTES);
    expect(free).toBeGreaterThan(MAX_NEW_SPACE_BYTES);
  });
});
