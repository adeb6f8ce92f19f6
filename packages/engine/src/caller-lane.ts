import type { Task, TaskResult } from './task.js';

/** Where the engine's batches are linted: the calling thread, worker threads, or both. */
export interface Executor {
  run(tasks: readonly Task[]): Promise<readonly TaskResult[]>;
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
 */
export function withCaller(
  pool: Executor,
  caller: Executor,
  { threads, batchesPerThread }: { readonly threads: number; readonly batchesPerThread: number },
): Executor {
  const waiting: {
    tasks: readonly Task[];
    resolve: (results: readonly TaskResult[]) => void;
    reject: (error: unknown) => void;
  }[] = [];
  let callerBusy = false;
  let inPool = 0;
  /** Batches the pool may hold: `batchesPerThread` for each thread that has answered. */
  let poolRoom = 0;
  const dispatch = (): void => {
    while (waiting.length > 0 && (!callerBusy || inPool < poolRoom)) {
      const { tasks, resolve, reject } = waiting.shift()!;
      if (!callerBusy) {
        callerBusy = true;
        void caller
          .run(tasks)
          .then(resolve, reject)
          .finally(() => {
            callerBusy = false;
            dispatch();
          });
      } else {
        inPool++;
        void pool
          .run(tasks)
          .then(resolve, reject)
          .finally(() => {
            inPool--;
            dispatch();
          });
      }
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
