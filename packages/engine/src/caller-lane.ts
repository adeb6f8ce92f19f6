import type { Task, ThreadResult } from './task.js';

/**
 * Where the engine's batches are linted: the calling thread, worker threads, or both. A lane
 * gives `ValidatedFile`s for `validateOnly` tasks; the calling thread's lane lints them (`finish`).
 */
export interface Executor {
  run(tasks: readonly Task[]): Promise<readonly ThreadResult[]>;
}

/** The calling thread's lane: it runs batches, and lints the files threads validated. */
export interface CallerLane extends Executor {
  /** The results of `validateOnly` tasks (in the order of `tasks`) linted; any other as it is. */
  readonly finish: (
    tasks: readonly Task[],
    results: readonly ThreadResult[],
  ) => Promise<readonly ThreadResult[]>;
}

/**
 * Worker threads and the calling thread together. Batches wait in input order for the first
 * lane free: the calling thread takes one at a time (between its files the event loop turns, so
 * it still answers the threads and writes the results), the pool up to `batchesPerThread` for
 * each of its `threads` **that has started**. A thread has started when it answers an empty
 * batch (it answers once its modules are loaded and its rules prepared: libvirt's schema
 * compiled). Until then the calling thread takes every batch: results are yielded in input
 * order, and a batch held by a thread still starting (0.3-0.5 s) stopped the calling thread
 * after two or three batches, with nothing to do but wait for it
 * (docs/decisions/0018-schema-runs-lint-in-the-calling-thread-too.md). Bounded so, the pool
 * cannot hoard batches while the calling thread idles, and each lane lints as many files as its
 * speed allows.
 *
 * The threads only read and validate the files to lint (those tasks are sent `validateOnly`; a
 * fix is theirs whole), and the calling thread lints what they validated (`CallerLane.finish`),
 * before any batch of its own that waits (it is short, and the results after it wait on it).
 * One isolate lints every file, so only one pays the lint's warm-up
 * (docs/decisions/0022-schema-threads-validate-only.md).
 */
export function withCaller(
  pool: Executor,
  caller: CallerLane,
  { threads, batchesPerThread }: { readonly threads: number; readonly batchesPerThread: number },
): Executor {
  interface Waiting {
    tasks: readonly Task[];
    resolve: (results: readonly ThreadResult[]) => void;
    reject: (error: unknown) => void;
  }
  const waiting: Waiting[] = [];
  /** Batches the threads validated, for the calling thread to lint. */
  const validated: (Waiting & { results: readonly ThreadResult[] })[] = [];
  let callerBusy = false;
  let inPool = 0;
  /** Batches the pool may hold: `batchesPerThread` for each thread that has answered. */
  let poolRoom = 0;
  const inCaller = (work: Promise<readonly ThreadResult[]>, { resolve, reject }: Waiting): void => {
    callerBusy = true;
    void work.then(resolve, reject).finally(() => {
      callerBusy = false;
      dispatch();
    });
  };
  const toPool = ({ tasks, resolve, reject }: Waiting): void => {
    inPool++;
    const sent = tasks.map((t): Task => (t.mode === 'lint' ? { ...t, validateOnly: true } : t));
    void pool
      .run(sent)
      .then((results) => {
        if (!results.some((r) => r.kind === 'validated')) {
          resolve(results);
          return;
        }
        validated.push({ tasks, results, resolve, reject });
      }, reject)
      .finally(() => {
        inPool--;
        dispatch();
      });
  };
  const dispatch = (): void => {
    if (!callerBusy && validated.length > 0) {
      const done = validated.shift()!;
      inCaller(caller.finish(done.tasks, done.results), done);
    }
    while (waiting.length > 0 && (!callerBusy || inPool < poolRoom)) {
      const next = waiting.shift()!;
      if (!callerBusy) inCaller(caller.run(next.tasks), next);
      else toPool(next);
    }
  };
  // One empty batch per thread (the pool gives the n-th to its n-th thread). A thread that fails
  // to start opens its room all the same: the pool hands its batches back to the calling thread.
  const started = (): void => {
    poolRoom += batchesPerThread;
    dispatch();
  };
  for (let i = 0; i < threads; i++) pool.run([]).then(started, started);
  return {
    run: (tasks) =>
      new Promise((resolve, reject) => {
        waiting.push({ tasks, resolve, reject });
        dispatch();
      }),
  };
}
