import { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from '@virt-alias/rules';
import type { Executor } from './caller-lane.js';
import { errorMessage } from './fs-errors.js';
import type { RunSetup, Task, ThreadResult } from './task.js';

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
  readonly results: readonly ThreadResult[];
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
  readonly tasks: readonly Task[];
  readonly resolve: (results: readonly ThreadResult[]) => void;
  readonly reject: (error: Error) => void;
}

/** What a thread says once its modules are loaded and its rules prepared, before any answer. */
export interface WorkerReady {
  readonly ready: true;
}

/**
 * Fresh threads a slot starts in place of threads that stopped while linting, over a run. A
 * thread that stopped before it answered a batch is not replaced at all: one that dies on each
 * batch it takes would otherwise be started again for every batch of the run.
 */
export const MAX_RESTARTS = 2;

/**
 * Why a slot has no thread any more: its thread could not start (`start`: it stopped before it was
 * ready, its modules failed to load, it threw or ran out of memory while starting; one started in
 * its place would most likely fail the same way, so none is), or it stopped while linting and was
 * not replaced (`stopped`). The calling thread lints the slot's share from then on.
 */
export interface ThreadLoss {
  readonly cause: 'start' | 'stopped';
  /** What the thread threw, or its exit code. */
  readonly reason: string;
}

/**
 * One thread and the batches it was given that it has not answered yet, in the order given: a
 * thread takes its batches in that order, so the oldest is the one it is linting.
 */
class Slot {
  readonly pending = new Map<number, Pending>();
  /** Why the slot has no thread any more: it takes no batch, the calling thread takes its share. */
  lost: ThreadLoss | undefined;

  private worker: Worker;
  private stopped = false;
  /** How many of the run's configs the thread has: the table grows as inputs are read. */
  private known = 0;
  private restarts = 0;
  /** Settled once the current thread is ready or gone (`WorkerPool.settled`). */
  private started!: Promise<void>;
  private ready = false;

  constructor(
    private readonly setup: RunSetup,
    /** Where batches go that this slot's thread will never lint: the calling thread. */
    private readonly fallback: Executor,
  ) {
    this.worker = this.start();
  }

  private start(): Worker {
    this.known = this.setup.configs.length;
    const worker = new Worker(workerUrl(), {
      workerData: this.setup,
      execArgv: workerExecArgv(),
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    this.ready = false;
    let settle!: () => void;
    this.started = new Promise((resolve) => {
      settle = resolve;
    });
    let answered = 0;
    /** What the thread threw, if it did: 'exit' follows, and tells the batches. */
    let thrown: string | undefined;
    // An idle pool never keeps the process alive; a busy one does, until its tasks are answered.
    worker.unref();
    worker.on('message', (message: TaskReply | WorkerReady) => {
      if ('ready' in message) {
        this.ready = true;
        settle();
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
      settle();
      if (this.stopped) return;
      const batches = [...this.pending.entries()];
      this.pending.clear();
      if (!this.ready) {
        // It began none of its batches: the calling thread lints them all, and the slot's share
        // from now on. One started in its place would most likely fail the same way.
        this.lost = { cause: 'start', reason };
        for (const [, batch] of batches) this.handOver(batch);
        return;
      }
      // The oldest batch is the one it was linting: its files fail, told why (a file that kills a
      // thread may kill the calling thread too). The others it had not begun.
      const error = new Error(`worker thread stopped: ${reason}`);
      batches.shift()?.[1].reject(error);
      // One that died mid-run gets a fresh thread, which takes the batches it had not begun, in
      // their order; only after it answered a batch, and a bounded number of times.
      if (answered > 0 && this.restarts < MAX_RESTARTS) {
        this.restarts++;
        this.worker = this.start();
        for (const [id, batch] of batches) this.post(id, batch);
      } else {
        this.lost = { cause: 'stopped', reason };
        for (const [, batch] of batches) this.handOver(batch);
      }
    };
    worker.on('error', (error) => {
      thrown ??= errorMessage(error);
    });
    worker.on('exit', (code) => {
      fail(thrown ?? `exit code ${code}`);
    });
    return worker;
  }

  /** A batch the calling thread lints in this slot's place. */
  handOver({ tasks, resolve, reject }: Pending): void {
    this.fallback.run(tasks).then(resolve, reject);
  }

  post(id: number, batch: Pending): void {
    if (this.pending.size === 0) this.worker.ref();
    this.pending.set(id, batch);
    const { configs } = this.setup;
    const added = configs.length > this.known ? configs.slice(this.known) : undefined;
    this.known = configs.length;
    const request: TaskRequest = { id, tasks: batch.tasks, ...(added ? { configs: added } : {}) };
    this.worker.postMessage(request);
  }

  /** Once the slot's thread is ready or the slot has none; a thread that starts meanwhile, too. */
  async settled(): Promise<void> {
    while (!this.lost && !this.ready && !this.stopped) {
      // Held while waited for: an idle thread would else let the process end meanwhile.
      this.worker.ref();
      const worker = this.worker;
      await this.started;
      if (this.pending.size === 0) worker.unref();
    }
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
 * docs/decisions/0013-engine-worker-threads.md), and the calling thread as the last lane. Batch
 * number `n` goes to thread `n mod size`, whatever their speeds: which batches a thread takes is
 * then the same on every run, and so is which files fail with a thread that dies. A slot whose
 * thread could not start, or stopped and was not replaced, hands its share to `fallback` (the
 * calling thread): no file waits for a thread that will never lint it. Results come back as they
 * are done; the engine puts them in order.
 */
export class WorkerPool implements Executor {
  private readonly slots: Slot[];
  private nextId = 0;
  private closed = false;

  constructor(size: number, setup: RunSetup, fallback: Executor) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => new Slot(setup, fallback));
  }

  run(tasks: readonly Task[]): Promise<readonly ThreadResult[]> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    const id = this.nextId++;
    const slot = this.slots[id % this.slots.length]!;
    return new Promise((resolve, reject) => {
      const batch = { tasks, resolve, reject };
      if (slot.lost) slot.handOver(batch);
      else slot.post(id, batch);
    });
  }

  /**
   * Once every thread is ready or gone: a run waits for it before it ends, so that a thread that
   * could not start is told on every run, not only when it failed before the calling thread was
   * done with the files.
   */
  async settled(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.settled()));
  }

  /** Why threads were lost, one of each cause at most (start first), from the first slot that had it. */
  losses(): ThreadLoss[] {
    const lost = this.slots.map((s) => s.lost).filter((l) => l !== undefined);
    const first = (cause: ThreadLoss['cause']) => lost.find((l) => l.cause === cause);
    return [first('start'), first('stopped')].filter((l) => l !== undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.stop()));
  }
}
