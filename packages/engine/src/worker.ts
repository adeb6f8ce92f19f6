/**
 * A worker thread of the pool: it receives the run's setup as `workerData`, then batches of
 * tasks, and answers each batch with its results, one message per batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TaskRunner, type RunSetup } from './task.js';
import type { TaskReply, TaskRequest } from './worker-pool.js';

const port = parentPort;
if (!port) throw new Error('worker.js runs as a worker thread');
const runner = new TaskRunner(workerData as RunSetup);
port.on('message', (request: TaskRequest) => {
  void runner.runBatch(request.tasks).then((results) => {
    const reply: TaskReply = { id: request.id, results };
    port.postMessage(reply);
  });
});
