/**
 * Worker threads that die. One that cannot start, or stopped and was not replaced, hands its
 * batches to the calling thread: the run's results are complete and those of `jobs: 1`. One that
 * dies while linting fails the batch it was linting, and gets a bounded number of fresh threads.
 * Each outcome is the same on every run (batch n goes to thread n mod threads; the run waits for
 * every thread it started to be ready or gone): each case runs several times. The threads fail on
 * purpose through the test-only hook the worker reads (src/worker-test-hook.ts); threads are
 * counted, nothing is timed.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { IN_CI } from '@virt-alias/rules/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Engine, type ThreadLoss } from '../src/index.js';
import { FILES_PER_AUTO_SCHEMA_WORKER, workerCount } from '../src/engine.js';
import { MAX_RESTARTS } from '../src/worker-pool.js';
import { WORKER_FAULT_ENV } from '../src/worker-test-hook.js';
import {
  alternatingFiles,
  collect,
  onlyAliasCharset,
  schemaConfig,
  schemaInputs,
  tempDir,
  threadsStarted,
} from './helpers.js';

const config = onlyAliasCharset();
/** Files per batch sent to a thread (engine.ts, BATCH_PER_WORKER). */
const BATCH = 8;
/** How many times each case runs: its outcome must be the same every time. */
const ROUNDS = 5;

interface Outcome {
  readonly results: unknown[];
  readonly losses: readonly ThreadLoss[];
  readonly threads: number;
}

/** A run's results, the threads it lost and how many it started, with the hook set to `fault`. */
async function runWith(fault: string, run: (engine: Engine) => AsyncIterable<unknown>, engine: () => Engine) {
  // A thread takes the environment of the thread that starts it, when it starts.
  vi.stubEnv(WORKER_FAULT_ENV, fault);
  try {
    let results: unknown[] = [];
    let losses: readonly ThreadLoss[] = [];
    const threads = await threadsStarted(async () => {
      const made = engine();
      results = await collect(run(made));
      losses = made.threadLosses;
    });
    return { results, losses, threads } satisfies Outcome;
  } finally {
    vi.unstubAllEnvs();
  }
}

/** The same run `ROUNDS` times: every round's outcome must be the first one's. */
async function rounds(...args: Parameters<typeof runWith>): Promise<Outcome> {
  const first = await runWith(...args);
  for (let i = 1; i < ROUNDS; i++) expect(await runWith(...args)).toEqual(first);
  return first;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

const START = 'test hook: this worker thread throws at start';
const STOPPED = 'internal error while linting: worker thread stopped: exit code 70';

/** The files of batches `numbers` (batch n holds inputs 8n to 8n+7). */
const inBatches = (numbers: readonly number[]) => (index: number) =>
  numbers.includes(Math.floor(index / BATCH));

describe('a worker thread that cannot start: the calling thread lints its batches', () => {
  it('lint, jobs 2: every result, those of jobs 1, the same on every run; told once', async () => {
    const inputs = await alternatingFiles(40, config);
    const alone = await collect(new Engine({ jobs: 1 }).lintFiles(inputs));
    const outcome = await rounds(
      'throw-at-start',
      (e) => e.lintFiles(inputs),
      () => new Engine({ jobs: 2 }),
    );
    expect(outcome).toEqual({ results: alone, losses: [{ cause: 'start', reason: START }], threads: 2 });
  });

  it('the same for threads started early (startThreads, as lint does before the schema) and for fix', async () => {
    const inputs = await alternatingFiles(40, config);
    const early = await rounds(
      'throw-at-start',
      (e) => {
        e.startThreads([config], inputs.length);
        return e.lintFiles(inputs);
      },
      () => new Engine({ jobs: 2 }),
    );
    const alone = await collect(new Engine({ jobs: 1 }).lintFiles(inputs));
    expect(early).toEqual({ results: alone, losses: [{ cause: 'start', reason: START }], threads: 2 });
    const fixedAlone = await collect(new Engine({ jobs: 1 }).fixFiles(inputs));
    const fixed = await rounds(
      'throw-at-start',
      (e) => e.fixFiles(inputs),
      () => new Engine({ jobs: 2 }),
    );
    expect(fixed).toEqual({ results: fixedAlone, losses: [{ cause: 'start', reason: START }], threads: 2 });
  });

  // Needs libvirt's schemas (Debian: libvirt0), as the rule's own tests; in CI they must be there.
  it.skipIf(
    os.availableParallelism() < 2 || (!IN_CI && !existsSync('/usr/share/libvirt/schemas/domain.rng')),
  )(
    'libvirt-schema on, jobs auto (the calling thread lints beside the threads): told on every run, results complete',
    async () => {
      // The calling thread may be done with every file before the thread has failed: the run
      // waits for it all the same, and tells it.
      expect(workerCount('auto', 2 * FILES_PER_AUTO_SCHEMA_WORKER, true)).toBeGreaterThan(0);
      const inputs = await schemaInputs(schemaConfig(), true);
      const alone = await collect(new Engine({ jobs: 1 }).lintFiles(inputs));
      const outcome = await rounds(
        'throw-at-start',
        (e) => e.lintFiles(inputs),
        () => new Engine({ jobs: 'auto' }),
      );
      expect(outcome).toEqual({
        results: alone,
        losses: [{ cause: 'start', reason: START }],
        threads: workerCount('auto', inputs.length, true),
      });
    },
  );

  it.skipIf(
    os.availableParallelism() < 2 || (!IN_CI && !existsSync('/usr/share/libvirt/schemas/domain.rng')),
  )(
    'a thread that fails only after the calling thread has linted every file is told all the same: the run waits for it',
    async () => {
      const inputs = await schemaInputs(schemaConfig());
      // The thread throws at start once this file exists, which the test makes after the last result.
      const signal = path.join(await tempDir(), 'fail-now');
      vi.stubEnv(WORKER_FAULT_ENV, `throw-at-start-once:${signal}`);
      const engine = new Engine({ jobs: 'auto' });
      const run = engine.lintFiles(inputs);
      let results = 0;
      const threads = await threadsStarted(async () => {
        for (let i = 0; i < inputs.length; i++) if (!(await run.next()).done) results++;
        await writeFile(signal, '');
        // The run's end: it waits for the thread to be ready or gone, and tells what it lost.
        expect((await run.next()).done).toBe(true);
      });
      expect(results).toBe(inputs.length);
      expect(threads).toBe(1);
      expect(engine.threadLosses).toEqual([{ cause: 'start', reason: START }]);
    },
  );
});

describe('a worker thread that dies while linting', () => {
  it('fails the batch it was linting; a fresh thread at most MAX_RESTARTS times, then the calling thread', async () => {
    // Each thread answers one batch, then exits on the next it takes. Thread 0 takes batches 0,
    // 2, 4, ...: its first thread answers 0 and dies on 2, the next answers 4 and dies on 6, the
    // last answers 8 and dies on 10; the calling thread lints 12, 14, ... Thread 1 the same with
    // the odd ones: 3, 7 and 11 fail.
    const inputs = await alternatingFiles(30 * BATCH, config);
    const alone = await collect(new Engine({ jobs: 1 }).lintFiles(inputs));
    const lost = inBatches([2, 3, 6, 7, 10, 11]);
    const outcome = await rounds(
      'exit-after:1',
      (e) => e.lintFiles(inputs),
      () => new Engine({ jobs: 2 }),
    );
    expect(outcome).toEqual({
      results: alone.map((r, i) =>
        lost(i) ? { kind: 'failed', filePath: r.filePath, message: STOPPED, index: i } : r,
      ),
      losses: [{ cause: 'stopped', reason: 'exit code 70' }],
      // Two slots, each its first thread and MAX_RESTARTS fresh ones.
      threads: 2 * (1 + MAX_RESTARTS),
    });
  });

  it('a thread that throws just after it said it was ready stopped linting, it did not fail to start', async () => {
    // Node tells a thread's throw apart from its messages, now and then ahead of its `ready`: 12
    // threads, each throwing as its first batch comes, met that often enough before the pool
    // waited for 'exit'. No thread's throw may be taken for a start failure.
    const threads = 12;
    const inputs = await alternatingFiles(threads * BATCH, config);
    const { results, losses } = await runWith(
      'throw-at-first-batch',
      (e) => e.lintFiles(inputs),
      () => new Engine({ jobs: threads }),
    );
    expect(losses).toEqual([
      { cause: 'stopped', reason: 'test hook: this worker thread throws at its first batch' },
    ]);
    expect(new Set(results.map((r) => (r as { message?: string }).message))).toEqual(
      new Set([
        'internal error while linting: worker thread stopped: test hook: this worker thread throws at its first batch',
      ]),
    );
  });

  it('a thread that dies before answering any batch is not started again: the calling thread lints the rest', async () => {
    const inputs = await alternatingFiles(10 * BATCH, config);
    const alone = await collect(new Engine({ jobs: 1 }).lintFiles(inputs));
    const outcome = await rounds(
      'exit-after:0',
      (e) => e.lintFiles(inputs),
      () => new Engine({ jobs: 2 }),
    );
    const lost = inBatches([0, 1]);
    expect(outcome).toEqual({
      results: alone.map((r, i) =>
        lost(i) ? { kind: 'failed', filePath: r.filePath, message: STOPPED, index: i } : r,
      ),
      losses: [{ cause: 'stopped', reason: 'exit code 70' }],
      threads: 2,
    });
  });
});
