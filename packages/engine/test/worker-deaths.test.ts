/**
 * Worker threads that die: one that cannot start stops the run once, with its reason, and is not
 * started again; one that dies while linting fails its batch's files and gets a bounded number of
 * fresh threads. The threads fail on purpose through the test-only hook the worker reads
 * (src/worker-test-hook.ts); threads are counted, nothing is timed.
 */
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Engine, ThreadStartError, type EngineInput, type LintFileResult } from '../src/index.js';
import { MAX_RESTARTS } from '../src/worker-pool.js';
import { WORKER_FAULT_ENV } from '../src/worker-test-hook.js';
import { BAD_XML, CLEAN_XML, collect, onlyAliasCharset, tempDir, threadsStarted } from './helpers.js';

const config = onlyAliasCharset();
/** Files per batch sent to a thread (engine.ts, BATCH_PER_WORKER). */
const BATCH = 8;

async function files(count: number): Promise<EngineInput[]> {
  const names: Record<string, string> = {};
  for (let i = 0; i < count; i++) names[`f${String(i).padStart(3, '0')}.xml`] = i % 2 ? BAD_XML : CLEAN_XML;
  const dir = await tempDir(names);
  return Object.keys(names).map((name) => ({ filePath: path.join(dir, name), config }));
}

/** A run's results (or what it threw) and how many threads it started, with the hook set to `fault`. */
async function runWith(
  fault: string,
  run: () => Promise<unknown[]>,
): Promise<{ results?: LintFileResult[]; error?: unknown; threads: number }> {
  // A thread takes the environment of the thread that starts it, when it starts.
  vi.stubEnv(WORKER_FAULT_ENV, fault);
  const outcome: { results?: LintFileResult[]; error?: unknown } = {};
  const threads = await threadsStarted(async () => {
    try {
      outcome.results = (await run()) as LintFileResult[];
    } catch (error) {
      outcome.error = error;
    }
  });
  return { ...outcome, threads };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

const START_FAILURE = 'worker thread could not start: test hook: this worker thread throws at start';

describe('a worker thread that cannot start', () => {
  it('stops the run once, with its reason; neither thread is started again', async () => {
    const inputs = await files(40);
    const { results, error, threads } = await runWith('throw-at-start', () =>
      collect(new Engine({ jobs: 2 }).lintFiles(inputs)),
    );
    expect(results).toBeUndefined();
    expect(error).toBeInstanceOf(ThreadStartError);
    expect((error as Error).message).toBe(START_FAILURE);
    expect(threads).toBe(2);
  });

  it('the same for threads started early (startThreads, as lint does before the schema) and for fix', async () => {
    const inputs = await files(40);
    const engine = new Engine({ jobs: 2 });
    const early = await runWith('throw-at-start', () => {
      engine.startThreads([config], inputs.length);
      return collect(engine.lintFiles(inputs));
    });
    expect((early.error as Error).message).toBe(START_FAILURE);
    expect(early.threads).toBe(2);
    const fixed = await runWith('throw-at-start', () => collect(new Engine({ jobs: 2 }).fixFiles(inputs)));
    expect((fixed.error as Error).message).toBe(START_FAILURE);
    expect(fixed.threads).toBe(2);
  });
});

describe('a worker thread that dies while linting', () => {
  it('fails the files of its batches (each told why), gets a fresh thread at most MAX_RESTARTS times', async () => {
    // Each thread answers one batch, then exits on the next it takes, failing the few it holds
    // (at most the engine's window, 4 batches): 60 batches outlast the six threads.
    const inputs = await files(60 * BATCH);
    const { results, error, threads } = await runWith('exit-after:1', () =>
      collect(new Engine({ jobs: 2 }).lintFiles(inputs)),
    );
    expect(error).toBeUndefined();
    // Every file has its result, in order: linted, or failed with the reason.
    expect(results!.map((r) => r.filePath)).toEqual(inputs.map((i) => i.filePath));
    const failed = results!.filter((r) => r.kind === 'failed');
    expect(new Set(failed.map((r) => r.message))).toEqual(
      new Set(['internal error while linting: worker thread stopped: exit code 70']),
    );
    // Two slots, each its first thread and MAX_RESTARTS fresh ones, each answering one batch.
    expect(threads).toBe(2 * (1 + MAX_RESTARTS));
    expect(results!.filter((r) => r.kind === 'linted')).toHaveLength(threads * BATCH);
  });

  it('a thread that throws just after it said it was ready stopped linting, it did not fail to start', async () => {
    // Node tells a thread's throw apart from its messages, now and then ahead of its `ready`: 12
    // threads, each throwing as its first batch comes, met that often enough before the pool
    // waited for 'exit'. No thread's throw may stop the run as a start failure.
    const threads = 12;
    const inputs = await files(threads * BATCH);
    const { results, error } = await runWith('throw-at-first-batch', () =>
      collect(new Engine({ jobs: threads }).lintFiles(inputs)),
    );
    expect(error).toBeUndefined();
    expect(new Set(results!.map((r) => r.kind === 'failed' && r.message))).toEqual(
      new Set([
        'internal error while linting: worker thread stopped: test hook: this worker thread throws at its first batch',
      ]),
    );
  });

  it('a thread that dies before answering any batch is not started again', async () => {
    const inputs = await files(10 * BATCH);
    const { results, error, threads } = await runWith('exit-after:0', () =>
      collect(new Engine({ jobs: 2 }).lintFiles(inputs)),
    );
    expect(error).toBeUndefined();
    expect(threads).toBe(2);
    expect(results).toHaveLength(inputs.length);
    expect(results!.every((r) => r.kind === 'failed' && r.message.endsWith('stopped: exit code 70'))).toBe(
      true,
    );
  });
});
