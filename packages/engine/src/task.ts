import { createHash } from 'node:crypto';
import { fixText, lookupOf, type MappingData } from '@virt-alias/rewriter';
import {
  lintText,
  summarize,
  type LintMessage,
  type LintSettings,
  type ResolvedConfig,
  type UnusedDirectiveSeverity,
  type SchemaVerdictAhead,
  validateAhead,
} from '@virt-alias/rules';
import { errorMessage } from './fs-errors.js';
import { readDomainFileSync } from './read-file.js';
import type { FileFailure, FixedFile, LintedFile } from './results.js';
import { forSending } from './sent-result.js';
import { sourceFacts } from './source-facts.js';

/**
 * One file's work, as sent to a worker thread: only data that can be cloned. The config is named
 * by its number in the run's config table, which every worker received when it started.
 */
export interface Task {
  readonly mode: 'lint' | 'fix';
  readonly filePath: string;
  readonly configId: number;
  /** The text, when it is not to be read from `filePath` (standard input). */
  readonly text?: string;
  /** Record the file's stamp (metadata and content hash) for the cache. */
  readonly stamp?: boolean;
  /**
   * A lint task whose thread only reads the file and validates it against libvirt's schema: its
   * result is a `ValidatedFile`, which the calling thread lints (`TaskRunner.finish`).
   */
  readonly validateOnly?: true;
}

/** What a run's tasks share: cloneable, sent once to each worker. */
export interface RunSetup {
  readonly configs: readonly ResolvedConfig[];
  readonly reportUnusedDisableDirectives: UnusedDirectiveSeverity;
  /** The `--mapping` data, for the rules that name devices by their volume or port. */
  readonly mapping?: MappingData;
  /** false: fix results list no findings fixed (`EngineOptions.fixedFindings`). */
  readonly fixedFindings?: boolean;
}

/**
 * What identifies a file's content for the cache: its SHA-256, and the metadata it had just
 * before it was read (an unchanged file keeps it, so a later run need not read it to know).
 */
export interface FileStamp {
  readonly hash: string;
  readonly dev: string;
  readonly ino: string;
  /** Not in the cache's entries; for the caller's stamps (`EngineOptions.onStamp`). */
  readonly mode: string;
  readonly size: string;
  readonly mtimeNs: string;
  readonly ctimeNs: string;
}

export type TaskResult = (LintedFile | FixedFile | FileFailure) & { readonly stamp?: FileStamp };

/**
 * A file read and validated, not linted yet (a `validateOnly` task's result): its text, and
 * libvirt's schema's verdict on it when there was one to make ahead.
 */
export interface ValidatedFile {
  readonly kind: 'validated';
  readonly filePath: string;
  readonly text: string;
  readonly ahead?: SchemaVerdictAhead;
  readonly stamp?: FileStamp;
}

/** What a batch's run gives, in any thread: results, and files validated for the calling thread. */
export type ThreadResult = TaskResult | ValidatedFile;

/** A file's metadata as `stat` (bigint) gives it: what `EngineOptions.onStamp` is told. */
export interface InputStamp {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly mode: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
}

/** The metadata of a stamp sent between threads (as text), as numbers again. */
export const inputStamp = (s: FileStamp): InputStamp => ({
  dev: BigInt(s.dev),
  ino: BigInt(s.ino),
  mode: BigInt(s.mode),
  size: BigInt(s.size),
  mtimeNs: BigInt(s.mtimeNs),
  ctimeNs: BigInt(s.ctimeNs),
});

export function metadataStamp(s: InputStamp): Omit<FileStamp, 'hash'> {
  return {
    dev: String(s.dev),
    ino: String(s.ino),
    mode: String(s.mode),
    size: String(s.size),
    mtimeNs: String(s.mtimeNs),
    ctimeNs: String(s.ctimeNs),
  };
}

export const contentHash = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The permission bits of a mode (`stat`'s, as a bigint): setuid, setgid, sticky, rwx. */
const PERMISSION_BITS = 0o7777n;

/** A worker's (or the main thread's) state for a run: the setup, and the mapping as a lookup. */
export class TaskRunner {
  private readonly settings: LintSettings;
  /** Where files are read: one buffer for all (domain files are a few KiB; larger ones get their own). */
  private readonly scratch = Buffer.allocUnsafe(64 * 1024);

  constructor(private readonly setup: RunSetup) {
    this.settings = setup.mapping ? { mappingFor: lookupOf(setup.mapping) } : {};
  }

  private config(id: number): ResolvedConfig {
    const config = this.setup.configs[id];
    if (!config) throw new Error(`no config ${id} in this run`);
    return config;
  }

  /**
   * Lints or fixes one text; never throws (a rule's bug is a failure of this file only).
   * `permissions`: the file's, as read (a fix result carries them). `ahead`: libvirt's schema's
   * verdict on this text, made by a worker thread (`validateOnly`).
   */
  onText(
    mode: Task['mode'],
    filePath: string,
    configId: number,
    text: string,
    permissions?: number,
    ahead?: SchemaVerdictAhead,
  ): TaskResult {
    const settings: LintSettings = ahead
      ? { ...this.settings, schemaVerdict: (file) => (file === ahead.file ? ahead.verdict : undefined) }
      : this.settings;
    const options = {
      filePath,
      settings,
      reportUnusedDisableDirectives: this.setup.reportUnusedDisableDirectives,
    };
    if (mode === 'lint') {
      try {
        const result = lintText(text, this.config(configId), options);
        return { kind: 'linted', filePath, result, facts: sourceFacts(text, result.messages) };
      } catch (error) {
        return { kind: 'failed', filePath, message: `internal error while linting: ${errorMessage(error)}` };
      }
    }
    try {
      const outcome = fixText(text, this.config(configId), options);
      return {
        kind: 'fixed',
        filePath,
        before: text,
        ...outcome,
        fixed: this.setup.fixedFindings === false ? [] : outcome.fixed,
        ...(permissions === undefined ? {} : { permissions }),
      };
    } catch (error) {
      return {
        kind: 'failed',
        filePath,
        message: `internal error while fixing, nothing written: ${errorMessage(error)}`,
      };
    }
  }

  /**
   * Runs a batch of tasks, one after the other, letting the event loop turn between them. The
   * results are as sent between threads (`forSending`): take each through `received`. The calling
   * thread may run several batches at once on one runner (its own lane's and those a worker
   * thread could not take): each file's work is synchronous, so the read buffer and the rules'
   * per-document state serve one file at a time (test/task-runner.test.ts).
   */
  async runBatch(tasks: readonly Task[]): Promise<ThreadResult[]> {
    const results: ThreadResult[] = [];
    for (const task of tasks) {
      if (results.length > 0) await turn();
      results.push(task.validateOnly ? this.validate(task) : forSending(this.run(task)));
    }
    return results;
  }

  /**
   * Lints, in this thread, the files of a batch that a thread read and validated (`validateOnly`
   * tasks, in the same order as their results), letting the event loop turn between them; any
   * other result is passed on as it is. The result of each is what `run` gives for its task.
   */
  async finish(tasks: readonly Task[], results: readonly ThreadResult[]): Promise<TaskResult[]> {
    const finished: TaskResult[] = [];
    for (let i = 0; i < results.length; i++) {
      const result = results[i]!;
      if (result.kind !== 'validated') {
        finished.push(result);
        continue;
      }
      if (finished.length > 0) await turn();
      const done = this.onText(
        'lint',
        result.filePath,
        tasks[i]!.configId,
        result.text,
        undefined,
        result.ahead,
      );
      finished.push(result.stamp && done.kind !== 'failed' ? { ...done, stamp: result.stamp } : done);
    }
    return finished;
  }

  /**
   * Reads (unless the task has the text), then lints or fixes; never throws. Synchronous: a
   * worker thread has nothing else to do while it reads, and an asynchronous read costs more in
   * promises and thread hops than the system calls themselves.
   */
  run(task: Task): TaskResult {
    const { mode, filePath, configId } = task;
    const read = this.read(task);
    if (!('text' in read)) return read;
    const done = this.onText(mode, filePath, configId, read.text, read.permissions);
    if (!read.stamp || done.kind === 'failed') return done;
    return { ...done, stamp: read.stamp };
  }

  /**
   * Reads, then validates against libvirt's schema what the calling thread is to lint
   * (`validateOnly`); never throws. A validation that throws leaves the verdict to the lint,
   * where the rule reports what it threw.
   */
  private validate(task: Task): ThreadResult {
    const { filePath, configId } = task;
    const read = this.read(task);
    if (!('text' in read)) return read;
    let ahead: SchemaVerdictAhead | undefined;
    try {
      ahead = validateAhead(this.config(configId), read.text);
    } catch {
      ahead = undefined;
    }
    return {
      kind: 'validated',
      filePath,
      text: read.text,
      ...(ahead ? { ahead } : {}),
      ...(read.stamp ? { stamp: read.stamp } : {}),
    };
  }

  /**
   * A task's text: as given, or read from its file with what the task asks of the read (a stamp,
   * the permissions for a fix); or the file's result when it cannot be read whole.
   */
  private read(
    task: Task,
  ): { text: string; stamp?: FileStamp; permissions?: number } | FileFailure | LintedFile | FixedFile {
    const { mode, filePath } = task;
    if (task.text !== undefined) return { text: task.text };
    try {
      // Taken before reading (the reader's own check that it is a regular file): a change made
      // meanwhile leaves the stamp older than the file.
      let metadata: Omit<FileStamp, 'hash'> | undefined;
      // A fix result carries the permissions of the file it read: its copy under --out-dir takes
      // them, and the calling thread need not stat the file again. From the open file's fstat,
      // not the stat before it: a file renamed over the path meanwhile is the one read.
      let permissions: number | undefined;
      const read = readDomainFileSync(
        filePath,
        this.scratch,
        task.stamp
          ? (stats) => {
              metadata = metadataStamp(stats);
            }
          : undefined,
        mode === 'fix'
          ? (stats) => {
              permissions = Number(stats.mode & PERMISSION_BITS);
            }
          : undefined,
      );
      if ('error' in read) return { kind: 'failed', filePath, message: read.error };
      if ('fatal' in read) return fatalResult(mode, filePath, read.fatal);
      return {
        text: read.text,
        ...(metadata ? { stamp: { ...metadata, hash: contentHash(read.bytes) } } : {}),
        ...(permissions === undefined ? {} : { permissions }),
      };
    } catch (error) {
      return { kind: 'failed', filePath, message: `internal error while reading: ${errorMessage(error)}` };
    }
  }
}

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

/** A document never read whole (too large): its one fatal finding; never written by fix. */
export function fatalResult(
  mode: Task['mode'],
  filePath: string,
  fatal: LintMessage,
): LintedFile | FixedFile {
  const result = summarize(filePath, [fatal]);
  if (mode === 'lint') return { kind: 'linted', filePath, result, facts: { bom: false, lines: new Map() } };
  return {
    kind: 'fixed',
    filePath,
    result,
    before: '',
    output: '',
    changed: false,
    changes: [],
    passes: 0,
    added: 0,
    renamed: 0,
    removed: 0,
    directivesRemoved: 0,
    fixed: [],
  };
}
