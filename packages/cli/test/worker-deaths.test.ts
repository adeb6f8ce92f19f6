/**
 * What a user sees when a worker thread dies (spawns the BUILT bin; the threads fail through the
 * engine's test-only hook, VIRT_ALIAS_TEST_WORKER_FAULT, read by the worker only). The engine's
 * own tests count the threads started (packages/engine/test/worker-deaths.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { BAD_XML, CLEAN_XML, HANG_TEST_MS, spawnBin, tempTree } from './helpers.js';

const FAULT = 'VIRT_ALIAS_TEST_WORKER_FAULT';
const FILES = 40;

async function tree(): Promise<string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < FILES; i++)
    files[`vms/f${String(i).padStart(2, '0')}.xml`] = i % 2 ? BAD_XML : CLEAN_XML;
  return tempTree(files);
}

describe('a worker thread that cannot start', () => {
  it.each([['lint'], ['fix']])(
    '%s: one line that says why, no stack trace, exit 2',
    async (command) => {
      const cwd = await tree();
      const result = await spawnBin([command, '--jobs', '2', 'vms'], {
        cwd,
        env: { [FAULT]: 'throw-at-start' },
      });
      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'virt-alias: internal error: worker thread could not start: test hook: this worker thread throws at start\n',
      });
    },
    HANG_TEST_MS,
  );
});

describe('a worker thread that dies while linting', () => {
  it(
    "lint: the files of its batches are each an internal error, the others' results reported, exit 2",
    async () => {
      const cwd = await tree();
      const result = await spawnBin(['lint', '--jobs', '2', '-f', 'json', 'vms'], {
        cwd,
        env: { [FAULT]: 'exit-after:1' },
      });
      expect(result.code).toBe(2);
      const lost = result.stderr.trimEnd().split('\n');
      for (const line of lost)
        expect(line).toMatch(
          /^virt-alias: vms\/f\d\d\.xml: internal error while linting: worker thread stopped: exit code 70$/,
        );
      const reported = (JSON.parse(result.stdout) as { filePath: string }[]).length;
      // Every file is either linted or reported lost: none is missing.
      expect(lost.length).toBeGreaterThan(0);
      expect(reported).toBeGreaterThan(0);
      expect(reported + lost.length).toBe(FILES);
    },
    HANG_TEST_MS,
  );
});
