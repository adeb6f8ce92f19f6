/**
 * A worker thread of the pool: it receives the run's setup as `workerData`, then tasks, and
 * answers each with its result. Tasks run concurrently: one's file is read while another is
 * linted.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TaskRunner, type RunSetup } from './task.js';
import type { TaskReply, TaskRequest } from './worker-pool.js';

const port = parentPort;
if (!port) throw new Error('worker.js runs as a worker thread');
const runner = new TaskRunner(workerData as RunSetup);
port.on('message', (request: TaskRequest) => {
  void runner.run(request.task).then((result) => {
    const reply: TaskReply = { id: request.id, result };
    port.postMessage(reply);
  });
});
