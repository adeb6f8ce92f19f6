import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BAD_XML, CLEAN_XML, countListings, run, tempTree } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
});

/** How many times each directory was listed while `body` ran. */
async function listings(body: () => Promise<unknown>): Promise<Map<string, number>> {
  const counts = countListings();
  await body();
  return counts;
}

describe('lint of one directory', () => {
  it('lists each directory once: the survey walk is what the run goes through', async () => {
    const cwd = await tempTree({
      'vms/a.xml': BAD_XML,
      'vms/b.xml': CLEAN_XML,
      'vms/host1/c.xml': BAD_XML,
      'vms/host2/d.xml': CLEAN_XML,
    });
    const plain = await run(['lint', '--no-config', '-f', 'json', 'vms'], { cwd });
    let once: Awaited<ReturnType<typeof run>> | undefined;
    const counts = await listings(async () => {
      once = await run(['lint', '--no-config', '-f', 'json', 'vms'], { cwd });
    });
    expect(once).toEqual(plain);
    expect(JSON.parse(plain.stdout)).toHaveLength(4);
    for (const dir of ['vms', 'vms/host1', 'vms/host2']) expect(counts.get(path.join(cwd, dir))).toBe(1);
  });
});
