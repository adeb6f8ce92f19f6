/**
 * A worker thread of the pool: it receives the run's setup as `workerData`, then batches of
 * tasks, and answers each batch with its results, one message per batch.
 */
import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { loadRuleSupport, prepareRules, type ResolvedConfig } from '@virt-alias/rules';
import { TaskRunner, type RunSetup } from './task.js';
import type { TaskReply, TaskRequest, WorkerReady } from './worker-pool.js';
import { WORKER_FAULT_EXIT_CODE, workerFault } from './worker-test-hook.js';

const port = parentPort;
if (!port) throw new Error('worker.js runs as a worker thread');
const setup = workerData as RunSetup;
const fault = workerFault(process.env);
if (fault?.kind === 'throw-at-start') throw new Error('test hook: this worker thread throws at start');
if (fault?.kind === 'throw-at-start-once') {
  // Waits, blocked (the thread has nothing else to do), for the test to say the run is done.
  const nap = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(fault.file)) Atomics.wait(nap, 0, 0, 10);
  throw new Error('test hook: this worker thread throws at start');
}
// Before the first task: a message that comes meanwhile waits in the port until it is listened to.
await loadRuleSupport(setup.configs);
// Rules prepared (libvirt's schema compiled) before the first answer, an empty batch's too: the
// calling thread's lane gives the pool room for a thread's batches once it has answered one
// (caller-lane.ts; the pool puts batch n on thread n mod threads, started or not). The calling
// thread checked the configs already: a problem here (a rule's bug too) shows again on each
// file's lint, as it did before; thrown here, it would stop every thread started in its place.
try {
  prepareRules(setup.configs);
} catch {
  // Reported by each file's lint.
}
const runner = new TaskRunner(setup);
// Ready: a thread that stops from now on stopped linting, not starting (worker-pool.ts).
port.postMessage({ ready: true } satisfies WorkerReady);
const configs = setup.configs as ResolvedConfig[];
/** Batches run in the order they came, each after the configs it brought are loaded. */
let previous: Promise<unknown> = Promise.resolve();
let taken = 0;
port.on('message', (request: TaskRequest) => {
  if (fault?.kind === 'throw-at-first-batch')
    throw new Error('test hook: this worker thread throws at its first batch');
  previous = previous.then(async () => {
    if (fault?.kind === 'exit-after' && taken++ === fault.batches) process.exit(WORKER_FAULT_EXIT_CODE);
    if (request.configs) {
      configs.push(...request.configs);
      await loadRuleSupport(request.configs);
    }
    const results = await runner.runBatch(request.tasks);
    const reply: TaskReply = { id: request.id, results };
    port.postMessage(reply);
  });
});
