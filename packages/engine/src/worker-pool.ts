import { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from '@virt-alias/rules';
import { errorMessage } from './fs-errors.js';
import type { RunSetup, Task, TaskResult } from './task.js';

/** A batch of tasks: one message each way per batch, not per file. */
export interface TaskRequest {
  readonly id: number;
  readonly tasks: readonly Task[];
  /** Configs added to the run's table since the thread last heard of it (inputs read as they come). */
  readonly configs?: readonly ResolvedConfig[];
}

export interface TaskReply {
  readonly id: number;
  /** One per task, in the order of the tasks. */
  readonly results: readonly TaskResult[];
}

/**
 * The worker's script. Built code runs `dist/worker.js` beside this module; tests that import
 * the TypeScript sources (vitest) run the built worker, which `pnpm build` makes.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../dist/worker.js', here) : new URL('./worker.js', here);
}

/**
 * The parent's Node options, less custom export conditions: a parent that resolves packages to
 * their TypeScript sources (vitest's `source` condition) must not make the built worker do so.
 */
function workerExecArgv(): string[] {
  const argv: string[] = [];
  const given = process.execArgv;
  for (let i = 0; i < given.length; i++) {
    const arg = given[i]!;
    if (arg === '--conditions' || arg === '-C') i++;
    else if (!arg.startsWith('--conditions=') && !arg.startsWith('-C=')) argv.push(arg);
  }
  return argv;
}

/**
 * The young generation of each thread's heap. V8's default lets every thread grow tens of MiB of
 * short-lived parse garbage before collecting it. Measured on 10,000 files with 2 threads (saxes:
 * 48 MiB 382 MiB peak RSS, 8 MiB 231 MiB at the same CPU time; the scanner: 8 MiB 238-263 MiB
 * with a quarter of each thread's time in the collector, 16 MiB 245-248 MiB, 64 MiB 342-424 MiB).
 * Again with the scanner and one thread (docs/decisions/0013-engine-worker-threads.md, "Memory"):
 * 4 MiB 150-154 MiB and a fifth more CPU, 8 MiB 157-168 MiB, 16 MiB 167-172 MiB at the same CPU.
 * Only the young generation is capped: a thread's old generation must hold a 10 MiB domain
 * (test/large-domain.test.ts; it fails with a cap of 128 MiB on the old generation).
 */
const YOUNG_GENERATION_MB = 8;

interface Pending {
  readonly resolve: (results: readonly TaskResult[]) => void;
  readonly reject: (error: Error) => void;
}

/** What a thread says once its modules are loaded and its rules prepared, before any answer. */
export interface WorkerReady {
  readonly ready: true;
}

/**
 * A thread stopped before it was ready: its modules failed to load, it threw or ran out of memory
 * while starting. A thread started in its place would most likely fail the same way: it is not
 * restarted, and the run cannot go on (the engine stops with this message, once).
 */
export class ThreadStartError extends Error {
  constructor(reason: string) {
    super(`worker thread could not start: ${reason}`);
    this.name = 'ThreadStartError';
  }
}

/**
 * Fresh threads a slot starts in place of threads that stopped while linting, over a run. A
 * thread that stopped before it answered a batch is not replaced at all: one that dies on each
 * batch it takes would otherwise be started again for every batch of the run.
 */
export const MAX_RESTARTS = 2;

/** One thread and the tasks it was given that it has not answered yet. */
class Slot {
  readonly pending = new Map<number, Pending>();
  /**
   * Why the slot has no thread any more: it takes no batch. A `ThreadStartError` stops the pool:
   * it refuses every batch from then on.
   */
  dead: Error | undefined;

  private worker: Worker;
  private stopped = false;
  /** How many of the run's configs the thread has: the table grows as inputs are read. */
  private known = 0;
  private restarts = 0;

  constructor(private readonly setup: RunSetup) {
    this.worker = this.start();
  }

  private start(): Worker {
    this.known = this.setup.configs.length;
    const worker = new Worker(workerUrl(), {
      workerData: this.setup,
      execArgv: workerExecArgv(),
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    let ready = false;
    let answered = 0;
    /** What the thread threw, if it did: 'exit' follows, and tells the batches. */
    let thrown: string | undefined;
    // An idle pool never keeps the process alive; a busy one does, until its tasks are answered.
    worker.unref();
    worker.on('message', (message: TaskReply | WorkerReady) => {
      if ('ready' in message) {
        ready = true;
        return;
      }
      const pending = this.pending.get(message.id);
      if (!pending) return;
      answered++;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      pending.resolve(message.results);
    });
    // Told at 'exit', not at 'error': the thread's messages are all handled before 'exit' (its
    // `ready` too), but not always before 'error', which comes another way. A thread that threw
    // just after it said it was ready was else, now and then, told as one that could not start.
    const fail = (reason: string): void => {
      if (this.stopped) return;
      const error = ready ? new Error(`worker thread stopped: ${reason}`) : new ThreadStartError(reason);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
      // One that died mid-run takes only its own tasks with it: the next gets a fresh thread. (One
      // that answered a batch was ready: one that could not start is never started again.)
      if (answered > 0 && this.restarts < MAX_RESTARTS) {
        this.restarts++;
        this.worker = this.start();
      } else this.dead = error;
    };
    worker.on('error', (error) => {
      thrown ??= errorMessage(error);
    });
    worker.on('exit', (code) => {
      fail(thrown ?? `exit code ${code}`);
    });
    return worker;
  }

  post(id: number, tasks: readonly Task[], pending: Pending): void {
    if (this.pending.size === 0) this.worker.ref();
    this.pending.set(id, pending);
    const { configs } = this.setup;
    const added = configs.length > this.known ? configs.slice(this.known) : undefined;
    this.known = configs.length;
    const request: TaskRequest = { id, tasks, ...(added ? { configs: added } : {}) };
    this.worker.postMessage(request);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const p of this.pending.values()) p.reject(new Error('the worker pool was closed'));
    this.pending.clear();
    await this.worker.terminate();
  }
}

/**
 * A fixed number of worker threads (`node:worker_threads`, no pool library: see
 * docs/decisions/0013-engine-worker-threads.md). Each batch of tasks goes to the thread with the
 * fewest unanswered batches. Results come back as they are done; the engine puts them in order.
 */
export class WorkerPool {
  private readonly slots: Slot[];
  private nextId = 0;
  private closed = false;

  constructor(size: number, setup: RunSetup) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => new Slot(setup));
  }

  run(tasks: readonly Task[]): Promise<readonly TaskResult[]> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    let slot: Slot | undefined;
    for (const s of this.slots) {
      // A thread that could not start: the run cannot go on (the engine stops with it, once).
      if (s.dead instanceof ThreadStartError) return Promise.reject(s.dead);
      if (!s.dead && (!slot || s.pending.size < slot.pending.size)) slot = s;
    }
    // Every thread stopped and was not replaced: the batch fails with the last one's reason.
    if (!slot) return Promise.reject(this.slots.at(-1)!.dead!);
    const chosen = slot;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      chosen.post(id, tasks, { resolve, reject });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.stop()));
  }
}
