/**
 * A worker thread of the pool: it receives the run's setup as `workerData`, then batches of
 * tasks, and answers each batch with its results, one message per batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TaskRunner, type RunSetup, type TaskResult } from './task.js';
import type { TaskReply, TaskRequest } from './worker-pool.js';

const port = parentPort;
if (!port) throw new Error('worker.js runs as a worker thread');
const runner = new TaskRunner(workerData as RunSetup);
/**
 * The event loop turns between files: V8 runs parts of its garbage collection (the end of an
 * incremental marking, the memory reducer) as tasks of the loop, and a batch that held the
 * thread for all its files let the old generation grow (10,000 files, 2 threads, batches of 32:
 * peak RSS 460-476 MiB, 254-357 MiB with the turns; docs/decisions/0013-engine-worker-threads.md).
 */
const turn = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

port.on('message', (request: TaskRequest) => {
  void (async () => {
    const results: TaskResult[] = [];
    for (const task of request.tasks) {
      if (results.length > 0) await turn();
      results.push(runner.run(task));
    }
    const reply: TaskReply = { id: request.id, results };
    port.postMessage(reply);
  })();
});
