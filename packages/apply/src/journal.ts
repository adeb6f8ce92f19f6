import { constants } from 'node:buffer';
import { open, type FileHandle } from 'node:fs/promises';
import { NotRegularFileError, readRegularFile } from '@virt-alias/rules';

/**
 * The largest journal read for `--resume`: the most bytes that may decode to one string (a
 * journal is no 10 MiB domain file: a fleet's run can write hundreds of MB).
 */
const MAX_JOURNAL_BYTES = constants.MAX_STRING_LENGTH;

/** One line of the journal: docs/apply.md, "Journal". */
export interface JournalRecord {
  readonly event: 'run' | 'step' | 'outcome' | 'end';
  readonly [field: string]: unknown;
}

/**
 * `apply --journal FILE`: one JSON object a line, appended and flushed to disk (fdatasync) before
 * the step it records is taken as done, so that a run killed at any moment leaves a journal that
 * says how far it got. Writes are serialized: domains applied in parallel never interleave
 * within a line.
 */
export class Journal {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly handle: FileHandle,
    readonly file: string,
    /** '\n' when the file ends in a line a kill cut short: this run's first line starts anew. */
    private pending: string,
  ) {}

  static async open(file: string): Promise<Journal> {
    // Read-write: opening a FIFO only for writing would wait for a reader; it is refused below.
    const handle = await open(file, 'a+', 0o600);
    try {
      const stats = await handle.stat();
      // A journal is fsynced line by line and read back by --resume: a regular file only.
      if (!stats.isFile()) throw new NotRegularFileError(stats);
      const { size } = stats;
      const last = Buffer.alloc(1);
      const cut = size > 0 && (await handle.read(last, 0, 1, size - 1)).bytesRead === 1 && last[0] !== 0x0a;
      return new Journal(handle, file, cut ? '\n' : '');
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  write(record: JournalRecord): Promise<void> {
    const line = `${this.pending}${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`;
    this.pending = '';
    const next = this.queue.then(async () => {
      await this.handle.appendFile(line, 'utf8');
      await this.handle.datasync();
    });
    // A failed write fails its caller; the queue goes on for the next one.
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.handle.close();
  }
}

/** Thrown for a journal that cannot be used to resume: where and why. */
export class JournalError extends Error {
  override readonly name = 'JournalError';
}

/** Outcomes that leave a domain done: a resumed run does not apply it again. */
export const DONE_OUTCOMES = ['defined', 'unchanged', 'already-done'] as const;
export type DoneOutcome = (typeof DONE_OUTCOMES)[number];

const isDone = (v: unknown): v is DoneOutcome => (DONE_OUTCOMES as readonly unknown[]).includes(v);

/** A domain a journal records as done: defined and verified, or found already so. */
export interface DoneDomain {
  readonly outcome: DoneOutcome;
  /** The sha256 of the file that was applied: a file changed since is applied again. */
  readonly sha256: string;
  readonly file: string;
  readonly time: string;
}

export interface ResumeState {
  /** The URI the journal's runs connected to (the last run's). */
  readonly uri: string | undefined;
  /** By `domainKey` (uuid, or `name:NAME` for a domain the file gives no uuid). */
  readonly done: ReadonlyMap<string, DoneDomain>;
  /** A last line cut short (the run was killed while writing it): ignored. */
  readonly truncatedLastLine: boolean;
}

/** How the journal names a domain: its uuid, else its name. */
export function domainKey(domain: { readonly name: string | null; readonly uuid: string | null }): string {
  return domain.uuid ?? `name:${domain.name ?? ''}`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Whether `line` is a run's first record (`"event":"run"`). */
function startsRun(line: string | undefined): boolean {
  try {
    const record: unknown = JSON.parse(line ?? '');
    return isObject(record) && record.event === 'run';
  } catch {
    return false;
  }
}

/** Reads a journal for `--resume`: which domains are done, for which URI. */
export async function readJournal(file: string, shown: string = file): Promise<ResumeState> {
  const text = (await readRegularFile(file, MAX_JOURNAL_BYTES)).toString('utf8');
  const lines = text.split('\n');
  const last = lines.pop() ?? '';
  let truncatedLastLine = false;
  let uri: string | undefined;
  const done = new Map<string, DoneDomain>();
  const all = last === '' ? lines : [...lines, last];
  all.forEach((line, i) => {
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      // Only a last line without its newline can be a write the kill cut short, or, once a
      // resumed run appended to that journal, a line followed by that run's first.
      if (i === all.length - 1 && last !== '') {
        truncatedLastLine = true;
        return;
      }
      if (startsRun(all[i + 1])) return;
      throw new JournalError(`${shown}:${i + 1}: not a journal line (not JSON)`);
    }
    if (!isObject(record) || typeof record.event !== 'string') {
      throw new JournalError(`${shown}:${i + 1}: not a journal line (no "event")`);
    }
    if (record.event === 'run' && typeof record.uri === 'string') uri = record.uri;
    if (record.event !== 'outcome') return;
    const domain = record.domain;
    if (!isObject(domain)) throw new JournalError(`${shown}:${i + 1}: outcome without a domain`);
    const key = domainKey({
      name: typeof domain.name === 'string' ? domain.name : null,
      uuid: typeof domain.uuid === 'string' ? domain.uuid : null,
    });
    const outcome = record.outcome;
    if (outcome === 'already-done') return;
    if (isDone(outcome) && typeof record.sha256 === 'string') {
      done.set(key, {
        outcome,
        sha256: record.sha256,
        file: typeof record.file === 'string' ? record.file : '',
        time: typeof record.time === 'string' ? record.time : '',
      });
    } else {
      // A later outcome that is not done (skipped, rolled back) undoes an earlier one.
      done.delete(key);
    }
  });
  return { uri, done, truncatedLastLine };
}
