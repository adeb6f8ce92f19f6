/**
 * The calling thread's `TaskRunner` may run several batches at once: its own lane's and those a
 * worker thread could not take (worker-pool.ts, `fallback`), interleaved between files. That is
 * safe only while each file's work is synchronous: the read buffer, `LastDocument`'s plan and
 * libvirt-schema's reused contexts are the runner's, or the module's, for one file at a time.
 */
import fs, { renameSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveConfig } from '@virt-alias/rules';
import { describe, expect, it, vi } from 'vitest';
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

describe('TaskRunner: a fix result’s permissions', () => {
  it('are those of the file read, when another is renamed over the path between its stat and its open', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'virt-alias-perm-'));
    try {
      const file = path.join(dir, 'a.xml');
      const other = path.join(dir, 'b.tmp');
      const text = (name: string): string => `<domain type='kvm'><name>${name}</name></domain>\n`;
      await writeFile(file, text('old'));
      await chmod(file, 0o644);
      await writeFile(other, text('new'));
      await chmod(other, 0o600);
      // The path's stat (the reader's check before it opens) is followed at once by the swap.
      const original = fs.statSync;
      let swapped = false;
      vi.spyOn(fs, 'statSync').mockImplementation(((...args: Parameters<typeof fs.statSync>) => {
        const stats = (original as (...a: unknown[]) => unknown)(...args);
        if (String(args[0]) === file && !swapped) {
          swapped = true;
          renameSync(other, file);
        }
        return stats;
      }) as never);
      syncBuiltinESMExports();
      let results;
      try {
        const setup: RunSetup = {
          configs: [resolveConfig({ file: {} })],
          reportUnusedDisableDirectives: 'off',
        };
        results = await new TaskRunner(setup).runBatch([{ mode: 'fix', filePath: file, configId: 0 }]);
      } finally {
        vi.mocked(fs.statSync).mockRestore();
        syncBuiltinESMExports();
      }
      expect(swapped).toBe(true);
      const [result] = results.map((r) =>
        r.kind === 'fixed' ? { before: r.before, permissions: r.permissions } : r,
      );
      expect(result).toEqual({ before: text('new'), permissions: 0o600 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
