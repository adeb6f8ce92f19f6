import os from 'node:os';
import type { MappingData } from '@virt-alias/rewriter';
import {
  loadRuleSupport,
  usesLibvirtSchema,
  type ResolvedConfig,
  type UnusedDirectiveSeverity,
} from '@virt-alias/rules';
import { ResultCache, type CacheOptions, type CacheSaveOutcome } from './cache.js';
import { withCaller, type CallerLane, type Executor } from './caller-lane.js';
import { ConfigTable } from './config-table.js';
import { errorMessage } from './fs-errors.js';
import { readDomainStream } from './read-file.js';
import type { FixFileResult, Indexed, LintFileResult } from './results.js';
import { received } from './sent-result.js';
import {
  fatalResult,
  inputStamp,
  TaskRunner,
  type InputStamp,
  type RunSetup,
  type Task,
  type TaskResult,
} from './task.js';
import { WorkerPool, type ThreadLoss } from './worker-pool.js';

export interface EngineOptions {
  /**
   * Worker threads to lint with; 1 runs everything in the calling thread (the results are the
   * same). Default `auto`: up to `os.availableParallelism() - 1`, one per `FILES_PER_AUTO_WORKER`
   * files, none for fewer than two times that (a thread costs more to start than a few files),
   * and none to lint where that would be a single one (`MIN_AUTO_WORKERS`).
   * With `libvirt-schema` on, one per `FILES_PER_AUTO_SCHEMA_WORKER` files, and the calling
   * thread lints beside them (`callerLints`).
   */
  readonly jobs?: number | 'auto';
  /** Report directive comments that suppress nothing, at this severity. Default `off`. */
  readonly reportUnusedDisableDirectives?: UnusedDirectiveSeverity;
  /** `--mapping` data: volume and port uuids by instance, for devices the XML does not name. */
  readonly mapping?: MappingData;
  /** Keep lint results in a cache file, keyed by content, config and version (`lintFiles` only). */
  readonly cache?: CacheOptions;
  /**
   * Told how many worker threads a run lints with once it has chosen, before any starts (0: none,
   * everything in the calling thread). The CLI sizes the calling thread's heap by it: V8's heap
   * flags are the process's, so they must be back to V8's defaults before a thread starts.
   */
  readonly onThreads?: (threads: number) => void;
  /**
   * With a cache: told, once per input, the metadata the engine took of that file before it read
   * it or found its cached result fresh (the caller need not stat it again: the CLI's run record
   * keeps it); undefined when it took none (a text, standard input, a file it could not read
   * whole). Not in input order: a file the cache answers is told when the cache finds it fresh,
   * which may be well ahead of a file still being read; any other as its result is yielded.
   */
  readonly onStamp?: (index: number, filePath: string, stamp: InputStamp | undefined) => void;
  /**
   * Whether fix results list the findings whose fixes were applied (`FixedFile.fixed`: what
   * `fix --changes` logs). Default true. false: an empty list, and a result crosses from a worker
   * thread with fewer objects to clone (10,000 files: 64 to 30 ms of the worker's serializing,
   * with the source facts a fix result no longer carries).
   */
  readonly fixedFindings?: boolean;
  /**
   * Batches in flight per worker thread (default 2: one being worked on, one waiting). A caller
   * that stalls between results asks for more, so that the threads do not wait on it: `fix`
   * writing copies (docs/decisions/0020-fix-streams-inputs.md, round 5). A result waiting its
   * turn holds what it holds (a fix result: its two texts). A whole number, 1 or more.
   */
  readonly batchesAhead?: number;
}

/** One document to lint or fix, with the config that judges it. */
export type EngineInput =
  | {
      /** The file, read by the engine (by a worker thread). */
      readonly filePath: string;
      readonly config: ResolvedConfig;
    }
  | {
      /** How results name the document. */
      readonly filePath: string;
      readonly config: ResolvedConfig;
      /** Its text, already read. */
      readonly text: string;
    }
  | {
      readonly filePath: string;
      readonly config: ResolvedConfig;
      /** A stream to read it from (standard input), at most 10 MiB. */
      readonly stream: AsyncIterable<Uint8Array | string>;
    };

/**
 * What `lintFiles` and `fixFiles` take: an array, or inputs produced as they are consumed (a
 * directory walked as its files are linted), which the engine reads a bounded look-ahead of.
 */
export type EngineInputs = Iterable<EngineInput> | AsyncIterable<EngineInput>;

/**
 * How many times `auto`'s look-ahead a run with a cache reads, at most, to count the files the
 * cache misses (whatever `jobs`: an explicit number of threads is for the files it misses too).
 */
const CACHED_LOOK_AHEAD = 4;

/** Reads inputs on demand from an array, a generator or an async generator. */
class InputReader {
  private readonly iterator: Iterator<EngineInput> | AsyncIterator<EngineInput>;
  done = false;

  constructor(source: EngineInputs) {
    this.iterator =
      Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  }

  /** Up to `n` more inputs; fewer only at the end. */
  async take(n: number): Promise<EngineInput[]> {
    const taken: EngineInput[] = [];
    while (!this.done && taken.length < n) {
      const next = await this.iterator.next();
      if (next.done) this.done = true;
      else taken.push(next.value);
    }
    return taken;
  }
}

/**
 * Files past which `workerCount` gives no more threads: how far the engine looks ahead in its
 * inputs before it chooses them.
 */
function workerSaturation(jobs: number | 'auto'): number {
  if (jobs !== 'auto') return jobs;
  return (os.availableParallelism() + 1) * FILES_PER_AUTO_WORKER;
}

/**
 * With `jobs: 'auto'`, one worker thread per this many files: a thread takes about as long to
 * start (loading the parser and the rules, 0.2-0.4 s) as linting this many files (about 0.5 ms
 * each, read included, with the scanner).
 */
export const FILES_PER_AUTO_WORKER = 500;

/**
 * The same with `libvirt-schema` on: a thread also loads libxml2-wasm and compiles the schema
 * (about 0.1 s of CPU), and a file costs about 0.85 ms more (docs/decisions/0018).
 */
export const FILES_PER_AUTO_SCHEMA_WORKER = 200;

/**
 * Files per message to a worker thread: one message each way per batch, not per file (a message's
 * round trip cost a thread about as much as linting the file). Measured on 10,000 files with 2
 * threads (docs/decisions/0013-engine-worker-threads.md): 8 has the CPU time of 32 and the peak
 * RSS of 1 (about 250 MiB; 32: 261 to 457 MiB).
 */
const BATCH_PER_WORKER = 8;

/** Batches in flight per worker thread: one being worked on, one waiting, so that none idles. */
const BATCHES_IN_FLIGHT = 2;

/**
 * Batches read ahead per lane when the calling thread lints beside the threads: results are
 * yielded in input order, so a lane can get ahead of the one holding the oldest batch only by
 * what is read ahead. With two batches per lane, the calling thread waited whenever the worker
 * thread was late (a collection, V8 compiling, a busy machine): 30-100 ms at a time, again and
 * again over a run. A result waiting its turn holds its findings and a few source lines, not
 * the text.
 */
const CALLER_LANE_AHEAD = 8;

/** Files per batch without workers: the results of a batch are written before the next is read. */
const BATCH_IN_PROCESS = 8;

function inProcess(setup: RunSetup): CallerLane {
  const runner = new TaskRunner(setup);
  return {
    run: (tasks) => runner.runBatch(tasks),
    finish: (tasks, results) => runner.finish(tasks, results),
  };
}

/**
 * The fewest worker threads `auto` starts to lint without libvirt's schema: a single thread
 * beside an idle calling thread (a 2-core machine) cost more than it saved. On 10,000 files it
 * took 17-20 % more CPU than the calling thread alone, and more memory, for no wall time (its
 * start, a second copy of the compiled code and its collector, and the results' round trips);
 * the calling thread linting beside it, its start overlapped, or results sent as JSON text did
 * not help (docs/decisions/0013-engine-worker-threads.md, "One thread on two cores, measured
 * again").
 */
export const MIN_AUTO_WORKERS = 2;

/**
 * How many worker threads a run of `files` inputs uses; 0: none, all in the calling thread.
 * `auto` leaves a core to the calling thread, which formats and writes every result, and lints
 * with no thread where that leaves only one (`MIN_AUTO_WORKERS`; `fix`, whose calling thread
 * waits on its writes, still takes the one). A run that validates against
 * libvirt's schema (`heavy`) costs three to five times more CPU per file: it starts threads from
 * fewer files, one even on two cores, and the calling thread lints too (`callerLints`).
 */
export function workerCount(
  jobs: number | 'auto',
  files: number,
  heavy = false,
  mode: Task['mode'] = 'lint',
): number {
  if (jobs === 'auto') {
    const perWorker = heavy ? FILES_PER_AUTO_SCHEMA_WORKER : FILES_PER_AUTO_WORKER;
    if (files < 2 * perWorker) return 0;
    const most = os.availableParallelism() - 1;
    if (mode === 'lint' && !heavy && most < MIN_AUTO_WORKERS) return 0;
    return Math.max(0, Math.min(most, Math.floor(files / perWorker)));
  }
  const threads = Math.min(jobs, files);
  // One thread asked for is the calling thread: `--jobs 1` runs without threads.
  return threads >= 2 ? threads : 0;
}

/**
 * Whether the calling thread lints batches beside its worker threads: with `auto` and libvirt's
 * schema on. There the calling thread has already loaded libxml2-wasm and compiled the schema
 * (to check it before any file is read), and has little else to do: linting there saves a
 * worker thread's start (its modules, libxml2-wasm and a compile, about 0.35 s of CPU) and
 * starts linting while the worker threads start (docs/decisions/0018-schema-runs-lint-in-the-calling-thread-too.md).
 */
export function callerLints(jobs: number | 'auto', heavy: boolean): boolean {
  return jobs === 'auto' && heavy;
}

/**
/**
 * A result with its input's index, set on the result itself: each result is a new object of the
 * engine's (read from a file, received from a thread or the cache), yielded once. A copy
 * (`{ ...result, index }`) was what the old generation received most of from a long run without
 * threads: 100,000 files, 14 of 35 MiB promoted and 6 of 21 MiB allocated there directly
 * (docs/decisions/0013-engine-worker-threads.md, "The old generation from the start").
 */
function numbered(result: TaskResult, index: number): Indexed<TaskResult> {
  return Object.assign(result, { index });
}

/** A count the engine is given: a whole number, 1 or more, else a RangeError that names it. */
function requireCount(name: string, value: number, alternatives = ''): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a whole number, 1 or more${alternatives}, not ${value}`);
  }
}

/**
 * Lints and fixes domain XML, in the spirit of ESLint's `ESLint` class. `lintFiles` and
 * `fixFiles` read, lint and fix files on worker threads and yield one result per input, in input
 * order, as soon as it and those before it are done: a consumer that writes each result as it
 * comes keeps memory flat, since no file's text outlives its result (what formats need of the
 * text is in the result's `facts`). `lintText` and `fixText` do one document in this thread.
 *
 * Config files, patterns and ignores are resolved by the caller: each input comes with its
 * resolved config (the CLI's config cascade gives it).
 */
export class Engine {
  private readonly jobs: number | 'auto';
  private cacheOutcome: CacheSaveOutcome | undefined;
  private cacheRefusal: string | undefined;
  private threads = 0;
  /** Threads started by `startThreads` for the next run, with the config table they were given. */
  private early:
    | { table: ConfigTable; setup: RunSetup; pool: WorkerPool; caller: CallerLane; workers: number }
    | undefined;
  private losses: readonly ThreadLoss[] = [];

  constructor(private readonly options: EngineOptions = {}) {
    const jobs = options.jobs ?? 'auto';
    if (jobs !== 'auto') requireCount('jobs', jobs, ", or 'auto'");
    this.jobs = jobs;
    // 0 or NaN left the run a window of no files: it yielded no result at all.
    if (options.batchesAhead !== undefined) requireCount('batchesAhead', options.batchesAhead);
  }

  /**
   * Lints every input; results in input order, each as soon as it and those before it are done.
   * A worker thread that dies while linting fails the files of the batch it was linting (`kind:
   * 'failed'`); the calling thread lints the batches of a thread that could not start, or that
   * stopped and was not replaced (`threadLosses` says so after the run).
   */
  lintFiles(inputs: EngineInputs): AsyncGenerator<Indexed<LintFileResult>> {
    return this.run('lint', inputs) as AsyncGenerator<Indexed<LintFileResult>>;
  }

  /**
   * Fixes every input: each result holds the fixed text and the text as read, for the caller to
   * write (or show as a diff). Nothing is written here.
   */
  fixFiles(inputs: EngineInputs): AsyncGenerator<Indexed<FixFileResult>> {
    return this.run('fix', inputs) as AsyncGenerator<Indexed<FixFileResult>>;
  }

  /**
   * Lints one document in this thread.
   * Synchronous: when `config` turns `libvirt-schema` on, await `loadRuleSupport([config])`
   * (exported here and by `@virt-alias/rules`) once before, as `lintFiles` does by itself;
   * without it the rule reports that libxml2-wasm is not loaded.
   */
  lintText(text: string, config: ResolvedConfig, filePath = '<text>'): LintFileResult {
    return this.runner(config).onText('lint', filePath, 0, text) as LintFileResult;
  }

  /**
   * Fixes one document in this thread.
   * Synchronous: when `config` turns `libvirt-schema` on, await `loadRuleSupport([config])`
   * (exported here and by `@virt-alias/rules`) once before, as `lintFiles` does by itself;
   * without it the rule reports that libxml2-wasm is not loaded.
   */
  fixText(text: string, config: ResolvedConfig, filePath = '<text>'): FixFileResult {
    return this.runner(config).onText('fix', filePath, 0, text) as FixFileResult;
  }

  /**
   * Starts the worker threads of the next `lintFiles` or `fixFiles` run now, for about `files`
   * inputs judged by `configs` (the threads `jobs` gives that many), so that they load their
   * modules and compile libvirt's schema while the caller does its own preparing: the CLI
   * calls it before it compiles the schema in this thread, about 0.15 s on the critical path
   * (docs/decisions/0018-schema-runs-lint-in-the-calling-thread-too.md). The run takes these
   * threads whatever its inputs turn out to be. Nothing with a cache: the cache decides which
   * files need a thread. Threads that no run takes never keep the process alive.
   */
  startThreads(configs: readonly ResolvedConfig[], files: number, mode: Task['mode'] = 'lint'): void {
    if (this.early || this.options.cache) return;
    const workers = workerCount(this.jobs, files, usesLibvirtSchema(configs), mode);
    if (workers === 0) return;
    // Told before the threads start, as a run tells it (the caller may hold process-wide flags).
    this.options.onThreads?.(workers);
    const table = new ConfigTable();
    for (const config of configs) table.id(config);
    const setup = this.setup(table.configs);
    const caller = inProcess(setup);
    this.early = { table, setup, pool: new WorkerPool(workers, setup, caller), caller, workers };
  }

  /** Stops the threads `startThreads` started when no run is to take them (the run was refused). */
  async stopThreads(): Promise<void> {
    const { early } = this;
    this.early = undefined;
    await early?.pool.close();
  }

  /**
   * How many worker threads the current (or last) run lints with, once it has chosen (0 before,
   * and when everything runs in the calling thread).
   */
  get workerThreads(): number {
    return this.threads;
  }

  /**
   * Worker threads the last run lost, one of each cause at most (a thread that could not start
   * first), whose batches the calling thread linted instead: known once the run has yielded its
   * last result, and the same on every run of the same inputs (the run waits for each thread it
   * started to be ready or gone before it ends). Empty when none was lost.
   */
  get threadLosses(): readonly ThreadLoss[] {
    return this.losses;
  }

  /** What happened to the cache file at the end of the last `lintFiles` run (undefined: no cache). */
  get cacheSaved(): CacheSaveOutcome | undefined {
    return this.cacheOutcome;
  }

  /**
   * Keeps the running `lintFiles` from writing its cache file, which `cacheSaved` then gives as
   * failed for `reason`: the caller found that file among the inputs, which the cache would
   * replace.
   */
  refuseCacheSave(reason: string): void {
    this.cacheRefusal = reason;
  }

  private runner(config: ResolvedConfig): TaskRunner {
    return new TaskRunner(this.setup([config]));
  }

  private setup(configs: readonly ResolvedConfig[]): RunSetup {
    return {
      configs,
      reportUnusedDisableDirectives: this.options.reportUnusedDisableDirectives ?? 'off',
      fixedFindings: this.options.fixedFindings ?? true,
      ...(this.options.mapping ? { mapping: this.options.mapping } : {}),
    };
  }

  private async *run(mode: Task['mode'], source: EngineInputs): AsyncGenerator<Indexed<TaskResult>> {
    this.threads = 0;
    this.losses = [];
    const { early } = this;
    this.early = undefined;
    let cache: ResultCache | undefined;
    let started: Executor | undefined;
    /** The worker threads, once started: the run waits for each to be ready or gone at its end. */
    let threads: WorkerPool | undefined = early?.pool;
    // An input that throws before the first batch stops the threads started early too.
    try {
      const table = early?.table ?? new ConfigTable();
      const setup = early?.setup ?? this.setup(table.configs);
      const reader = new InputReader(source);
      // The look-ahead that decides the threads: enough files to know how many are worth starting.
      const lookAhead = workerSaturation(this.jobs);
      const first = await reader.take(lookAhead);
      for (const input of first) table.id(input.config);
      /** Configs whose rule support is loaded in this thread (worker threads load their own). */
      let supported = 0;
      const support = async (): Promise<void> => {
        if (table.configs.length === supported) return;
        const added = table.configs.slice(supported);
        supported = table.configs.length;
        await loadRuleSupport(added);
      };
      await support();
      cache =
        mode === 'lint' && this.options.cache
          ? await ResultCache.open(this.options.cache, table, setup.reportUnusedDisableDirectives)
          : undefined;
      // Which files the cache answers, known before the threads are chosen: a re-run of an
      // unchanged tree starts none (a thread costs 0.2-0.4 s to start), and a few changed files
      // are linted here. One stat per file, here or later.
      const { onStamp } = this.options;
      /** Inputs pulled so far: the next one's index (they are taken in the order they are pulled). */
      let pulls = 0;
      const isFresh = (input: EngineInput, configId: number, index: number): boolean => {
        if (cache === undefined || 'text' in input || 'stream' in input) return false;
        const stats = cache.fresh(input.filePath, configId);
        // Told now, not held until the result is yielded: thousands of files may be pulled ahead.
        if (stats) onStamp?.(index, input.filePath, stats);
        return stats !== undefined;
      };
      type Pulled = { input: EngineInput; configId: number; fresh: boolean };
      const pulled: Pulled[] = [];
      let toLint = 0;
      const pull = (input: EngineInput): Pulled => {
        const configId = table.id(input.config);
        const fresh = isFresh(input, configId, pulls++);
        if (!fresh) toLint++;
        return { input, configId, fresh };
      };
      for (const input of first) pulled.push(pull(input));
      // A cached run looks further, past the files the cache answers (a bounded way: a tree
      // changed past that point lints its changes with the threads chosen from what was seen).
      const cachedLookAhead = CACHED_LOOK_AHEAD * workerSaturation('auto');
      while (cache && !reader.done && toLint < lookAhead && pulled.length < cachedLookAhead) {
        const more = await reader.take(1);
        for (const input of more) pulled.push(pull(input));
      }
      // Past the look-ahead, the files to lint are at least as many as it saw; with a cache, a tree
      // whose look-ahead the cache answered is taken as mostly unchanged.
      const heavy = usesLibvirtSchema(table.configs);
      const workers = early?.workers ?? workerCount(this.jobs, toLint, heavy, mode);
      this.threads = workers;
      this.options.onThreads?.(workers);
      const lanes = workers > 0 && callerLints(this.jobs, heavy) ? workers + 1 : workers;
      await support();
      const nextInput = async (): Promise<Pulled | undefined> => {
        const next = pulled.shift();
        if (next) return next;
        const [input] = await reader.take(1);
        if (!input) return undefined;
        const taken = pull(input);
        await support();
        return taken;
      };
      /**
       * The calling thread's lane: all of a run without threads, a lane beside them with the
       * schema, and the lane that takes the batches of a thread that could not start or is gone.
       */
      const caller = early?.caller ?? inProcess(setup);
      /** Started when a first batch is sent: a run whose files the cache answers starts no thread. */
      const pool = (): WorkerPool => (threads ??= new WorkerPool(workers, setup, caller));
      const executor = (): Executor =>
        (started ??=
          workers === 0
            ? caller
            : lanes > workers
              ? withCaller(pool(), caller, {
                  threads: workers,
                  batchesPerThread: BATCHES_IN_FLIGHT,
                })
              : pool());
      const batchSize = workers > 0 ? BATCH_PER_WORKER : BATCH_IN_PROCESS;
      const ahead = lanes > workers ? CALLER_LANE_AHEAD : (this.options.batchesAhead ?? BATCHES_IN_FLIGHT);
      const window = workers > 0 ? lanes * BATCH_PER_WORKER * ahead : BATCH_IN_PROCESS;
      /** A file's result when its executor failed: a thread died while linting its batch. */
      const lost = (filePath: string, error: unknown): TaskResult => ({
        kind: 'failed',
        filePath,
        message: `internal error while ${mode}ing: ${errorMessage(error)}`,
      });
      /** Files to read on the executor, gathered into one batch. */
      let batch: { task: Task; settle: (result: TaskResult) => void }[] = [];
      const send = (): void => {
        if (batch.length === 0) return;
        const sent = batch;
        batch = [];
        executor()
          .run(sent.map((b) => b.task))
          .then(
            (results) => {
              sent.forEach((b, i) => {
                b.settle(received(results[i]!));
              });
            },
            (error: unknown) => {
              // A thread that died while linting them: these files fail (exit 2), not the run.
              for (const { task, settle } of sent) settle(lost(task.filePath, error));
            },
          );
      };
      const enqueue = (task: Task): Promise<TaskResult> =>
        new Promise((settle) => {
          batch.push({ task, settle });
          if (batch.length >= batchSize) send();
        });
      const start = async ({ input, configId, fresh }: Pulled): Promise<TaskResult> => {
        const { filePath } = input;
        if ('text' in input) return enqueue({ mode, filePath, configId, text: input.text });
        if ('stream' in input) {
          const read = await readDomainStream(input.stream);
          if ('error' in read) return { kind: 'failed', filePath, message: read.error };
          if ('fatal' in read) return fatalResult(mode, filePath, read.fatal);
          const task: Task = { mode, filePath, configId, text: read.text };
          // Standard input is read before its batch is full: it goes alone.
          return executor()
            .run([task])
            .then(
              (results) => received(results[0]!),
              (error: unknown) => lost(filePath, error),
            );
        }
        const hit = fresh ? cache?.lookup(filePath) : undefined;
        if (hit) return hit;
        return enqueue({ mode, filePath, configId, ...(cache ? { stamp: true } : {}) });
      };
      const queue: { index: number; configId: number; fresh: boolean; done: Promise<TaskResult> }[] = [];
      let next = 0;
      let ended = false;
      while (!ended || queue.length > 0) {
        // Refilled a batch at a time, so that batches go out full.
        if (queue.length + batchSize <= window || queue.length === 0) {
          while (queue.length < window && !ended) {
            const taken = await nextInput();
            if (!taken) {
              ended = true;
              break;
            }
            queue.push({ index: next, configId: taken.configId, fresh: taken.fresh, done: start(taken) });
            next++;
          }
          send();
        }
        const head = queue.shift();
        if (!head) break;
        const done = await head.done;
        // A file the cache did not answer: its stamp before its read. (One the cache found fresh
        // was told then; if its entry turned out damaged and it was read, that earlier stamp
        // stands: taken before the read too.)
        if (onStamp && cache && !head.fresh)
          onStamp(head.index, done.filePath, done.stamp ? inputStamp(done.stamp) : undefined);
        if (done.stamp === undefined) {
          yield numbered(done, head.index);
          continue;
        }
        // Only a run with a cache stamps what it lints; the stamp is the cache's, not the caller's.
        const { stamp, ...result } = done;
        if (cache && result.kind === 'linted') cache.remember(result, head.configId, stamp);
        yield { ...result, index: head.index };
      }
      // Taken for this run only: the next one starts without it.
      const refusal = this.cacheRefusal;
      this.cacheRefusal = undefined;
      if (cache)
        this.cacheOutcome =
          refusal === undefined ? await cache.save() : { kind: 'failed', file: cache.file, reason: refusal };
      if (threads) {
        // A thread still starting when the calling thread is done may yet fail: told all the same.
        await threads.settled();
        this.losses = threads.losses();
      }
    } finally {
      // A run ended early (its caller stopped reading) leaves none for the next.
      this.cacheRefusal = undefined;
      cache?.dispose();
      // Threads started early for a run that sent them nothing stop too (not waited for then).
      await threads?.close();
    }
  }
}
