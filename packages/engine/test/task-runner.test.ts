/**
 * The calling thread's `TaskRunner` may run several batches at once: its own lane's and those a
 * worker thread could not take (worker-pool.ts, `fallback`), interleaved between files. That is
 * safe only while each file's work is synchronous: the read buffer, `LastDocument`'s plan and
 * libvirt-schema's reused contexts are the runner's, or the module's, for one file at a time.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { resolveConfig } from '@virt-alias/rules';
import { describe, expect, it } from 'vitest';
import { TaskRunner, type RunSetup, type Task } from '../src/task.js';
import { FIXTURES } from './helpers.js';

async function domainFiles(): Promise<string[]> {
  const dir = path.join(FIXTURES, 'fix');
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.xml'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

describe('TaskRunner', () => {
  it('batches run at once on one runner give the results each gives alone', async () => {
    const setup: RunSetup = { configs: [resolveConfig({ file: {} })], reportUnusedDisableDirectives: 'warn' };
    const files = await domainFiles();
    expect(files.length).toBeGreaterThan(20);
    const tasks = (mode: Task['mode']): Task[] =>
      files.map((filePath) => ({ mode, filePath, configId: 0, stamp: true }));
    const batches = [tasks('lint'), tasks('fix'), tasks('lint').reverse()];
    const alone = await Promise.all(batches.map((batch) => new TaskRunner(setup).runBatch(batch)));
    const shared = new TaskRunner(setup);
    const together = await Promise.all(batches.map((batch) => shared.runBatch(batch)));
    expect(together).toEqual(alone);
    expect(together.flat().filter((r) => r.kind === 'failed')).toEqual([]);
  });
});
