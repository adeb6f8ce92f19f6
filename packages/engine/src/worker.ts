/**
 * A worker thread of the pool: it receives the run's setup as `workerData`, then batches of
 * tasks, and answers each batch with its results, one message per batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadRuleSupport, prepareRules, type ResolvedConfig } from '@virt-alias/rules';
import { TaskRunner, type RunSetup } from './task.js';
import type { TaskReply, TaskRequest } from './worker-pool.js';

const port = parentPort;
if (!port) throw new Error('worker.js runs as a worker thread');
const setup = workerData as RunSetup;
// Before the first task: a message that comes meanwhile waits in the port until it is listened to.
await loadRuleSupport(setup.configs);
// Rules prepared (libvirt's schema compiled) before the first answer, an empty batch's too: the
// engine gives a thread batches only once it has answered one (caller-lane.ts). The calling
// thread checked the configs already: a problem here (a rule's bug too) shows again on each
// file's lint, as it did before; thrown here, it would stop every thread started in its place.
try {
  prepareRules(setup.configs);
} catch {
  // Reported by each file's lint.
}
const runner = new TaskRunner(setup);
const configs = setup.configs as ResolvedConfig[];
/** Batches run in the order they came, each after the configs it brought are loaded. */
let previous: Promise<unknown> = Promise.resolve();
port.on('message', (request: TaskRequest) => {
  previous = previous.then(async () => {
    if (request.configs) {
      configs.push(...request.configs);
      await loadRuleSupport(request.configs);
    }
    const results = await runner.runBatch(request.tasks);
    const reply: TaskReply = { id: request.id, results };
    port.postMessage(reply);
  });
});
