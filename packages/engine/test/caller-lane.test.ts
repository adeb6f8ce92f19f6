import { describe, expect, it } from 'vitest';
import { withCaller, type CallerLane, type Executor } from '../src/caller-lane.js';
import type { Task, ThreadResult } from '../src/task.js';

/**
 * A lane that records the batches it is given and answers each when told (validated, if asked to
 * validate); as the calling thread's, it lints validated files at once (`finished` lists them).
 */
function lane(): CallerLane & {
  batches: (readonly Task[])[];
  finished: string[];
  answer(index: number): void;
} {
  const answers: (() => void)[] = [];
  const recorded = {
    batches: [] as (readonly Task[])[],
    finished: [] as string[],
    finish(tasks: readonly Task[]): Promise<readonly ThreadResult[]> {
      recorded.finished.push(...tasks.map((t) => t.filePath));
      return Promise.resolve(tasks.map((t) => ({ kind: 'failed', filePath: t.filePath, message: 'linted' })));
    },
    run(tasks: readonly Task[]): Promise<readonly ThreadResult[]> {
      recorded.batches.push(tasks);
      return new Promise((resolve) => {
        answers.push(() => {
          resolve(
            tasks.map((t): ThreadResult =>
              t.validateOnly
                ? { kind: 'validated', filePath: t.filePath, text: '' }
                : { kind: 'failed', filePath: t.filePath, message: 'test' },
            ),
          );
        });
      });
    },
    answer(index: number): void {
      answers[index]!();
    },
  };
  return recorded;
}

const batch = (n: number): Task[] => [{ mode: 'lint', filePath: `f${n}.xml`, configId: 0 }];
/** The batch as the pool gets it: read and validate only. */
const sent = (n: number): Task[] => batch(n).map((t) => ({ ...t, validateOnly: true }));
/** Lets the lanes' promise callbacks run. */
const settle = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

describe('withCaller', () => {
  it('gives the pool no batch before its thread has answered an empty one; the calling thread takes them meanwhile', async () => {
    const pool = lane();
    const caller = lane();
    const both = withCaller(pool, caller, { threads: 1, batchesPerThread: 2 });
    // The empty batch that tells when the thread has started.
    expect(pool.batches).toEqual([[]]);
    const done = [1, 2, 3, 4, 5, 6].map((n) => both.run(batch(n)));
    await settle();
    expect(caller.batches).toEqual([batch(1)]);
    // The calling thread is free again: it takes the next batch, the pool still starting.
    caller.answer(0);
    await settle();
    expect(caller.batches).toEqual([batch(1), batch(2)]);
    expect(pool.batches).toEqual([[]]);
    // The thread has started: it holds two batches, the calling thread still one.
    pool.answer(0);
    await settle();
    expect(pool.batches).toEqual([[], sent(3), sent(4)]);
    caller.answer(1);
    await settle();
    expect(caller.batches).toEqual([batch(1), batch(2), batch(5)]);
    pool.answer(1);
    await settle();
    expect(pool.batches).toEqual([[], sent(3), sent(4), sent(6)]);
    caller.answer(2);
    pool.answer(2);
    pool.answer(3);
    const results = await Promise.all(done);
    expect(results.map((r) => r.map((t) => t.filePath))).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => [`f${n}.xml`]),
    );
  });

  it('one empty batch per thread; each thread that answers adds its room', async () => {
    const pool = lane();
    const caller = lane();
    const both = withCaller(pool, caller, { threads: 2, batchesPerThread: 2 });
    expect(pool.batches).toEqual([[], []]);
    for (const n of [1, 2, 3, 4, 5, 6]) void both.run(batch(n));
    pool.answer(1);
    await settle();
    expect(caller.batches).toEqual([batch(1)]);
    expect(pool.batches.slice(2)).toEqual([sent(2), sent(3)]);
    pool.answer(0);
    await settle();
    expect(pool.batches.slice(2)).toEqual([sent(2), sent(3), sent(4), sent(5)]);
  });

  it('a batch the pool refuses (a thread died while linting it) is refused at once, never held', async () => {
    const failure = new Error('worker thread stopped: test');
    const pool: Executor & { batches: (readonly Task[])[] } = {
      batches: [],
      run(tasks) {
        pool.batches.push(tasks);
        return Promise.reject(failure);
      },
    };
    const caller = lane();
    const both = withCaller(pool, caller, { threads: 1, batchesPerThread: 2 });
    const done = [1, 2, 3].map((n) => both.run(batch(n)).catch((error: unknown) => error));
    await settle();
    // The engine fails these files with it (engine.ts, `lost`).
    expect(pool.batches).toEqual([[], sent(2), sent(3)]);
    expect(await done[1]).toBe(failure);
    expect(await done[2]).toBe(failure);
    caller.answer(0);
    expect(await done[0]).toHaveLength(1);
  });

  it('the pool is sent lint tasks as validate-only, and the calling thread lints what it validated before its own next batch', async () => {
    const pool = lane();
    const caller = lane();
    const both = withCaller(pool, caller, { threads: 1, batchesPerThread: 1 });
    const fix: Task[] = [{ mode: 'fix', filePath: 'f3.xml', configId: 0 }];
    const done = [batch(1), batch(2), fix, batch(4)].map((b) => both.run(b));
    pool.answer(0);
    await settle();
    // The calling thread holds the first batch as it is (it validates and lints it itself).
    expect(caller.batches).toEqual([batch(1)]);
    expect(pool.batches).toEqual([[], sent(2)]);
    // The pool's batch comes back validated: the calling thread, still busy, lints it next.
    pool.answer(1);
    await settle();
    expect(caller.finished).toEqual([]);
    caller.answer(0);
    await settle();
    expect(caller.finished).toEqual(['f2.xml']);
    // A fix is sent whole.
    expect(pool.batches[2]).toEqual(fix);
    expect(caller.batches).toEqual([batch(1), batch(4)]);
    pool.answer(2);
    caller.answer(1);
    const results = await Promise.all(done);
    expect(results.map((r) => r.map((t) => (t.kind === 'failed' ? t.message : t.kind)))).toEqual([
      ['test'],
      ['linted'],
      ['test'],
      ['test'],
    ]);
  });
});
