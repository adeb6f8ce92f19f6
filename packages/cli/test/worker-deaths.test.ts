/**
 * What a user sees when a worker thread dies (spawns the BUILT bin; the threads fail through the
 * engine's test-only hook, VIRT_ALIAS_TEST_WORKER_FAULT, read by the worker only). A thread that
 * cannot start, or that stopped and was not replaced, hands its files to the calling thread: the
 * output is complete, that of `--jobs 1`, with one warning; only the files of a batch a thread
 * died with fail. Each case runs several times: its output must be the same every time (no race
 * between the calling thread's end and a thread's failure). The engine's own tests count the
 * threads (packages/engine/test/worker-deaths.test.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { IN_CI } from '@virt-alias/rules/testing';
import { describe, expect, it } from 'vitest';
import {
  BAD_XML,
  CLEAN_XML,
  HANG_TEST_MS,
  spawnBin,
  tempTree,
  treeContents,
  type RunResult,
} from './helpers.js';

const FAULT = 'VIRT_ALIAS_TEST_WORKER_FAULT';
/** How many times each case runs: its output must be the same every time. */
const ROUNDS = 5;
/** Files per batch sent to a thread (the engine's BATCH_PER_WORKER). */
const BATCH = 8;
const START =
  'virt-alias: warning: worker thread could not start (test hook: this worker thread throws at start); ' +
  'its files were linted in the calling thread\n';

async function tree(count: number, content: (i: number) => string = (i) => (i % 2 ? BAD_XML : CLEAN_XML)) {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`vms/f${String(i).padStart(3, '0')}.xml`] = content(i);
  return tempTree(files);
}

/** The same command `ROUNDS` times with the fault: every result must be the first one's. */
async function rounds(
  args: readonly string[] | ((round: number) => readonly string[]),
  cwd: string | ((round: number) => string),
  fault: string,
  each?: (round: number) => Promise<unknown>,
) {
  let first: { result: RunResult; extra: unknown } | undefined;
  for (let i = 0; i < ROUNDS; i++) {
    const result = await spawnBin(typeof args === 'function' ? args(i) : args, {
      cwd: typeof cwd === 'function' ? cwd(i) : cwd,
      env: { [FAULT]: fault },
    });
    const round = { result, extra: await each?.(i) };
    if (first) expect(round).toEqual(first);
    else first = round;
  }
  return first!;
}

describe('a worker thread that cannot start: the calling thread lints its files', () => {
  it.each([['json'], ['sarif'], ['stylish']])(
    'lint --jobs 2 -f %s: the output of --jobs 1, one warning, the exit code of the results',
    async (format) => {
      const cwd = await tree(40);
      const alone = await spawnBin(['lint', '--jobs', '1', '-f', format, 'vms'], { cwd });
      const { result } = await rounds(['lint', '--jobs', '2', '-f', format, 'vms'], cwd, 'throw-at-start');
      expect(alone.code).toBe(1);
      expect(result).toEqual({ ...alone, stderr: alone.stderr + START });
    },
    HANG_TEST_MS,
  );

  it(
    'lint --cache --jobs 2: the cache written, no run record (its replay would tell of a thread it never started)',
    async () => {
      const cwd = await tree(40);
      const args = ['lint', '--cache', '--jobs', '2', '-f', 'json', 'vms'];
      const alone = await spawnBin(['lint', '--jobs', '1', '-f', 'json', 'vms'], { cwd });
      const lost = await spawnBin(args, { cwd, env: { [FAULT]: 'throw-at-start' } });
      expect(lost).toEqual({ ...alone, stderr: alone.stderr + START });
      expect(existsSync(path.join(cwd, '.virt-alias-cache'))).toBe(true);
      expect(existsSync(path.join(cwd, '.virt-alias-cache.run'))).toBe(false);
      // A healthy run of the same command writes its record (the test above would else prove nothing).
      await spawnBin(args, { cwd, env: { [FAULT]: 'none' } });
      expect(existsSync(path.join(cwd, '.virt-alias-cache.run'))).toBe(true);
    },
    HANG_TEST_MS,
  );

  it(
    'fix --out-dir --jobs 2: the tree of --jobs 1, one warning; fix --check, the diff and --write the same',
    async () => {
      const cwd = await tree(40);
      const alone = await spawnBin(['fix', '--jobs', '1', '--out-dir', 'one', 'vms'], { cwd });
      const fixedAlone = await treeContents(path.join(cwd, 'one'));
      const { result, extra } = await rounds(
        (round) => ['fix', '--jobs', '2', '--out-dir', `two-${round}`, 'vms'],
        cwd,
        'throw-at-start',
        (round) => treeContents(path.join(cwd, `two-${round}`)),
      );
      const warning = START.replace('linted', 'fixed');
      // --check and the dry run write nothing: their files were checked.
      const checked = START.replace('linted', 'checked');
      expect(result).toEqual({ ...alone, stderr: warning + alone.stderr });
      expect(extra).toEqual(fixedAlone);
      expect(Object.keys(fixedAlone).filter((f) => f.endsWith('.xml'))).toHaveLength(40);

      const checkAlone = await spawnBin(['fix', '--jobs', '1', '--check', 'vms'], { cwd });
      const check = await rounds(['fix', '--jobs', '2', '--check', 'vms'], cwd, 'throw-at-start');
      expect(check.result).toEqual({ ...checkAlone, stderr: checked + checkAlone.stderr });

      const diffAlone = await spawnBin(['fix', '--jobs', '1', 'vms'], { cwd });
      const diff = await rounds(['fix', '--jobs', '2', 'vms'], cwd, 'throw-at-start');
      expect(diff.result).toEqual({ ...diffAlone, stderr: checked + diffAlone.stderr });
      expect(diffAlone.stdout).toContain('+++ ');

      // --write: a fresh tree for each run.
      const trees = await Promise.all(Array.from({ length: ROUNDS + 1 }, () => tree(40)));
      const before = await treeContents(trees[0]!);
      const writeAlone = await spawnBin(['fix', '--jobs', '1', '--write', 'vms'], { cwd: trees[ROUNDS]! });
      const write = await rounds(
        ['fix', '--jobs', '2', '--write', 'vms'],
        (round) => trees[round]!,
        'throw-at-start',
        (round) => treeContents(trees[round]!),
      );
      expect(write.result).toEqual({ ...writeAlone, stderr: warning + writeAlone.stderr });
      expect(write.extra).toEqual(await treeContents(trees[ROUNDS]!));
      // The files were fixed.
      expect(write.extra).not.toEqual(before);
    },
    HANG_TEST_MS,
  );

  // Needs libvirt's schemas (Debian: libvirt0), as the rule's own tests; in CI they must be there.
  describe.skipIf(!IN_CI && !existsSync('/usr/share/libvirt/schemas/domain.rng'))(
    'with libvirt-schema on, the calling thread lints beside the thread (decision 18)',
    () => {
      // 400 files: `auto` starts a thread with the schema on. The calling thread may be done with
      // every file before the thread has failed: the run waits for it, and tells it every time.
      const schemaTree = () =>
        tree(400, (i) =>
          i % 5 === 0 ? CLEAN_XML.replace('</devices>', '<bogus/></devices>') : i % 2 ? BAD_XML : CLEAN_XML,
        );

      it(
        'lint --rule libvirt-schema=error -f json: complete, that of --jobs 1, told on every run',
        async () => {
          const cwd = await schemaTree();
          const args = ['lint', '--rule', 'libvirt-schema=error', '-f', 'json', 'vms'];
          const alone = await spawnBin([...args, '--jobs', '1'], { cwd });
          const { result } = await rounds(args, cwd, 'throw-at-start');
          expect(result).toEqual({ ...alone, stderr: alone.stderr + START });
          // Both rules found something: the schema did validate.
          const found = (JSON.parse(alone.stdout) as { messages: { ruleId: string }[] }[]).flatMap((f) =>
            f.messages.map((m) => m.ruleId),
          );
          expect(new Set(found)).toEqual(new Set(['alias-charset', 'libvirt-schema']));
        },
        HANG_TEST_MS,
      );

      it(
        'audit --rule libvirt-schema=error: the report of a healthy run, told on every run',
        async () => {
          const cwd = await schemaTree();
          const args = ['audit', '--rule', 'libvirt-schema=error', '-f', 'json', 'vms'];
          const alone = await spawnBin(args, { cwd, env: { [FAULT]: 'none' } });
          const { result } = await rounds(args, cwd, 'throw-at-start');
          expect(result).toEqual({ ...alone, stderr: alone.stderr + START });
        },
        HANG_TEST_MS,
      );
    },
  );
});

describe('a worker thread that dies while linting', () => {
  it(
    'lint: the files of the batch it died with fail, each told; past its last restart the calling thread lints its share',
    async () => {
      // Each thread answers one batch, then exits on the next it takes; batch n goes to thread n
      // mod 2, so the same batches die every time: 2, 6, 10 (thread 0 and its two fresh ones),
      // 3, 7, 11 (thread 1). The calling thread lints the rest.
      const cwd = await tree(30 * BATCH);
      const alone = await spawnBin(['lint', '--jobs', '1', '-f', 'json', 'vms'], { cwd });
      const { result } = await rounds(['lint', '--jobs', '2', '-f', 'json', 'vms'], cwd, 'exit-after:1');
      const lostBatch = (i: number) => [2, 3, 6, 7, 10, 11].includes(Math.floor(i / BATCH));
      const files = JSON.parse(alone.stdout) as { filePath: string }[];
      expect(result.code).toBe(2);
      expect(JSON.parse(result.stdout)).toEqual(files.filter((_, i) => !lostBatch(i)));
      const name = (filePath: string) => path.relative(cwd, filePath);
      expect(result.stderr).toBe(
        files
          .filter((_, i) => lostBatch(i))
          .map(
            (f) =>
              `virt-alias: ${name(f.filePath)}: internal error while linting: worker thread stopped: exit code 70\n`,
          )
          .join('') +
          'virt-alias: warning: worker thread stopped and was not started again (exit code 70); ' +
          'its other files were linted in the calling thread\n',
      );
    },
    HANG_TEST_MS,
  );
});
