import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  type BigIntStats,
} from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AtomicFileWriter } from '@virt-alias/rewriter';
import {
  LIBVIRT_SCHEMA_RULE_ID,
  MAX_INPUT_BYTES,
  openRegularFileSync,
  readRegularFileSync,
  type LintResult,
  type ResolvedConfig,
  type UnusedDirectiveSeverity,
} from '@virt-alias/rules';
import { clockNs, racilyClean } from '@virt-alias/rules/racy-clean';
import { configKey, type ConfigTable } from './config-table.js';
import { describeFsError } from './fs-errors.js';
import type { LintedFile } from './results.js';
import { contentHash, metadataStamp, type FileStamp } from './task.js';

/** The cache file's name, in the working directory unless `--cache-location` says otherwise. */
export const DEFAULT_CACHE_FILE = '.virt-alias-cache';

/**
 * Bumped whenever what the file holds changes: an older file is then a cache miss, not an error.
 * 4: the header holds the start of the run that wrote the file (the racy rule's bound).
 */
const FORMAT = 'virt-alias-cache 4';

export interface CacheOptions {
  /** The cache file, or a directory to keep `.virt-alias-cache` in. */
  readonly location: string;
  /** The tool's version: a new version lints everything again. */
  readonly version: string;
}

/** What `save` did: nothing to write, written, or not written (why): never an error of the run. */
export type CacheSaveOutcome =
  | { readonly kind: 'unchanged'; readonly file: string }
  | { readonly kind: 'written'; readonly file: string }
  | { readonly kind: 'failed'; readonly file: string; readonly reason: string };

/** What a line keeps of a result, as JSON; the key and the stamp are fields of the line of their own. */
interface Entry {
  readonly result: LintResult;
  readonly bom: boolean;
  readonly lines: readonly (readonly [number, string])[];
}

const STAMP_FIELDS = ['hash', 'dev', 'ino', 'size', 'mtimeNs', 'ctimeNs'] as const;

/** A stamp as a line holds it: its fields in `STAMP_FIELDS` order, separated by spaces. */
const stampText = (stamp: FileStamp): string => STAMP_FIELDS.map((f) => stamp[f]).join(' ');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

const isMessage = (m: unknown): boolean =>
  isObject(m) &&
  (typeof m.ruleId === 'string' || m.ruleId === null) &&
  (m.severity === 1 || m.severity === 2) &&
  typeof m.message === 'string' &&
  Number.isInteger(m.line) &&
  Number.isInteger(m.column);

/** Enough of an entry's shape that a damaged one is a miss, never a crash of a formatter. */
function isEntry(filePath: string, e: unknown): e is Entry {
  if (!isObject(e) || typeof e.bom !== 'boolean') return false;
  if (
    !Array.isArray(e.lines) ||
    !e.lines.every((l) => Array.isArray(l) && Number.isInteger(l[0]) && typeof l[1] === 'string')
  )
    return false;
  const r = e.result;
  return (
    isObject(r) &&
    r.filePath === filePath &&
    Array.isArray(r.messages) &&
    r.messages.every(isMessage) &&
    Array.isArray(r.suppressedMessages) &&
    r.suppressedMessages.every(isMessage) &&
    ['errorCount', 'warningCount', 'fatalErrorCount', 'fixableErrorCount', 'fixableWarningCount'].every((k) =>
      Number.isInteger(r[k]),
    )
  );
}

/** libvirt's schema files of a directory, hashed: results of the libvirt-schema rule depend on them. */
function schemaDigest(dir: string): string {
  const hash = createHash('sha256');
  try {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.rng'))
      .sort();
    for (const f of files)
      hash
        .update(f)
        .update('\0')
        .update(readFileSync(path.join(dir, f)))
        .update('\0');
  } catch (error) {
    hash.update(`unreadable: ${describeFsError(error)}`);
  }
  return hash.digest('hex');
}

/**
 * The content hash of a file, read again through the project's safe reader (a regular file, no
 * more than a domain file may hold); undefined when it cannot be read.
 */
function rehash(filePath: string): string | undefined {
  try {
    return contentHash(readRegularFileSync(filePath, MAX_INPUT_BYTES));
  } catch {
    return undefined;
  }
}

/**
 * What a file's result depends on besides its content: the resolved config (with the libvirt
 * schema files it names), the run's options that change results, and the tool's version. The
 * key of a cache entry; the run record (the CLI's) keys each input with it too.
 */
export function resultKey(
  config: ResolvedConfig | undefined,
  version: string,
  reportUnusedDisableDirectives: UnusedDirectiveSeverity,
): string {
  const schemaDirs = [config, config?.novaManaged].flatMap((c) => {
    const dir = c?.rules.get(LIBVIRT_SCHEMA_RULE_ID)?.options.schemaDir;
    return typeof dir === 'string' ? [schemaDigest(path.resolve(dir))] : [];
  });
  return createHash('sha256')
    .update(
      JSON.stringify([
        FORMAT,
        version,
        config === undefined ? undefined : configKey(config),
        reportUnusedDisableDirectives,
        schemaDirs,
      ]),
    )
    .digest('hex');
}

/** The cache file of a `--cache-location`: the file itself, or `.virt-alias-cache` in a directory. */
export async function cacheFilePath(location: string): Promise<string> {
  const isDirectory =
    location.endsWith(path.sep) ||
    (await stat(location).then(
      (s) => s.isDirectory(),
      () => false,
    ));
  return isDirectory ? path.join(location, DEFAULT_CACHE_FILE) : location;
}

/**
 * The header line: the format, the start of the run that wrote the file (nanoseconds, 20
 * digits), then the SHA-256, in hex, of the rest of the file followed by the header with a
 * checksum of zeros (a damaged start is a miss, as a damaged entry is).
 */
const headerLine = (startNs: bigint, checksum: string): string =>
  `${FORMAT} ${String(startNs).padStart(20, '0')} ${checksum}\n`;
const NO_CHECKSUM = '0'.repeat(64);
const HEADER_BYTES = headerLine(0n, NO_CHECKSUM).length;
const HEADER_PATTERN = new RegExp(`^${FORMAT} (\\d{20}) [0-9a-f]{64}\n$`);

/** Bytes read from the old cache file at a time, and written to the new one. */
const CHUNK_BYTES = 1 << 20;
const TAB = 0x09;
const NEWLINE = 0x0a;

/**
 * The entries of the old cache file, by file: where each line is in the file (still open) and
 * its key. Nothing else of an entry is held; its stamp and result are read back from the file
 * when asked for, so that a run of 100,000 files holds 100,000 small records, not the 137 MB of
 * the file (which it did, as text, and then as lines).
 */
class OldEntries {
  readonly slots = new Map<string, number>();
  readonly offsets: number[] = [];
  readonly lengths: number[] = [];
  readonly keys: string[] = [];
  private readonly keyNames = new Map<string, string>();
  private scratch = Buffer.alloc(0);
  /** Where in the file the bytes of `scratch` are from, and how many it holds. */
  private windowStart = 0;
  private windowLength = 0;
  /** Where the line asked for last ends (its newline follows). */
  private lastEnd = -2;

  /**
   * `fd`: the file, open; `startNs`: when the run that wrote it started, before it stamped any
   * file. A file modified then or a little before (`racilyClean`) may have changed after its
   * entry's stamp without changing its metadata: its content is hashed again.
   */
  constructor(
    readonly fd: number,
    readonly startNs: bigint,
  ) {}

  /** Records the line of `buf` from `start` to `end` (no newline), `base` the file offset of `buf`. */
  add(buf: Buffer, start: number, end: number, base: number): void {
    const tabs = tabsOf(buf, start, end);
    if (!tabs) return;
    const file = pathOf(buf, start, tabs[0]);
    // A line that is not an entry: a miss for its file.
    if (file === undefined) return;
    const key = buf.toString('latin1', tabs[0] + 1, tabs[1]);
    let interned = this.keyNames.get(key);
    if (interned === undefined) this.keyNames.set(key, (interned = key));
    this.slots.set(file, this.offsets.length);
    this.offsets.push(base + start);
    this.lengths.push(end - start);
    this.keys.push(interned);
  }

  /**
   * The bytes of a slot's line, valid until the next call. A run asks for the lines in about the
   * order the last run wrote them: a line that follows the one asked for before is read with the
   * `CHUNK_BYTES` after it, so an unchanged tree of 10,000 files costs a dozen reads of the cache
   * file, not two per file; a line asked for out of order is read alone.
   */
  line(slot: number): Buffer {
    const length = this.lengths[slot]!;
    const offset = this.offsets[slot]!;
    if (offset < this.windowStart || offset + length > this.windowStart + this.windowLength) {
      const size = offset === this.lastEnd + 1 ? Math.max(length, CHUNK_BYTES) : length;
      if (this.scratch.length < size) this.scratch = Buffer.allocUnsafe(size);
      let done = 0;
      while (done < size) {
        const n = readSync(this.fd, this.scratch, done, size - done, offset + done);
        if (n === 0) break;
        done += n;
      }
      this.windowStart = offset;
      this.windowLength = done;
      if (done < length) {
        this.windowLength = 0;
        throw new Error('the cache file was cut short');
      }
    }
    this.lastEnd = offset + length;
    return this.scratch.subarray(offset - this.windowStart, offset - this.windowStart + length);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The path of an entry's line, a JSON string from `start` to `end`; undefined if it is none. A
 * path without escapes (nearly all) is sliced, not parsed: 10,000 `JSON.parse` calls were a
 * fifth of reading the cache.
 */
function pathOf(buf: Buffer, start: number, end: number): string | undefined {
  if (end - start >= 2 && buf[start] === QUOTE && buf[end - 1] === QUOTE) {
    const inner = buf.subarray(start + 1, end - 1);
    // JSON.stringify escapes quotes and control characters with a backslash.
    if (!inner.includes(BACKSLASH) && !inner.includes(QUOTE)) return inner.toString('utf8');
  }
  try {
    const file: unknown = JSON.parse(buf.toString('utf8', start, end));
    return typeof file === 'string' ? file : undefined;
  } catch {
    return undefined;
  }
}

/** The three tabs of an entry's line (path, key, stamp, JSON); undefined unless exactly three. */
function tabsOf(buf: Buffer, start: number, end: number): [number, number, number] | undefined {
  const tabs: number[] = [];
  for (let at = buf.indexOf(TAB, start); at >= 0 && at < end; at = buf.indexOf(TAB, at + 1)) {
    tabs.push(at);
    if (tabs.length > 3) return undefined;
  }
  return tabs.length === 3 ? (tabs as [number, number, number]) : undefined;
}

/**
 * Reads a cache file line by line, hashing as it goes: its entries when the file is whole and
 * of this format, undefined when it is missing, damaged, or of another format (a miss for
 * every file). The file stays open for `OldEntries.line`.
 */
function scan(file: string): OldEntries | undefined {
  const fd = openRegularFileSync(file);
  if (fd === undefined) return undefined;
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    if (readSync(fd, header, 0, HEADER_BYTES, 0) !== HEADER_BYTES) throw new Error('short');
    const text = header.toString('latin1');
    const start = HEADER_PATTERN.exec(text)?.[1];
    if (start === undefined) throw new Error('foreign');
    const entries = new OldEntries(fd, BigInt(start));
    const hash = createHash('sha256');
    // Each read goes after the unfinished line of the one before (moved to the front), so that
    // no chunk is copied whole to join it (12 MB of copies for 10,000 files).
    let buf = Buffer.allocUnsafe(2 * CHUNK_BYTES);
    let carry = 0;
    let position = HEADER_BYTES;
    for (;;) {
      if (buf.length - carry < CHUNK_BYTES) {
        const bigger = Buffer.allocUnsafe(carry + CHUNK_BYTES);
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      const n = readSync(fd, buf, carry, CHUNK_BYTES, position);
      if (n === 0) break;
      hash.update(buf.subarray(carry, carry + n));
      const filled = buf.subarray(0, carry + n);
      const base = position - carry;
      let start = 0;
      for (let nl = filled.indexOf(NEWLINE); nl >= 0; nl = filled.indexOf(NEWLINE, start)) {
        entries.add(filled, start, nl, base);
        start = nl + 1;
      }
      buf.copy(buf, 0, start, filled.length);
      carry = filled.length - start;
      position += n;
    }
    entries.add(buf.subarray(0, carry), 0, carry, position - carry);
    const checksum = hash.update(headerLine(entries.startNs, NO_CHECKSUM)).digest('hex');
    if (text !== headerLine(entries.startNs, checksum)) throw new Error('checksum');
    return entries;
  } catch {
    closeSync(fd);
    return undefined;
  }
}

/**
 * What happens to an old entry: not found fresh in this run (dropped), found fresh (kept), or
 * replaced. Only an entry this run found fresh is kept: the new file's racy bound is this run's
 * start, which holds for an entry only if this run checked it (an entry whose file could not be
 * read again this run is dropped, not carried under a later bound).
 */
const SEEN = 1;
const REPLACED = 2;

/**
 * The new cache file, written as the run goes: new entries as they come, then the old entries
 * still good, and last the header with the checksum of all that. Created at the first change.
 */
class NewCacheFile {
  private readonly writer: AtomicFileWriter;
  private readonly hash = createHash('sha256');
  private pending: (string | Buffer)[] = [];
  private pendingBytes = 0;

  constructor(
    file: string,
    private readonly startNs: bigint,
  ) {
    this.writer = new AtomicFileWriter(file);
    this.writer.write(headerLine(startNs, NO_CHECKSUM));
  }

  private lines = 0;

  /** Lines are separated, not ended, by newlines: the format of the files written before. */
  append(line: string | Buffer): void {
    if (this.lines++ > 0) this.pending.push('\n');
    this.pending.push(line);
    this.pendingBytes += line.length + 1;
    if (this.pendingBytes >= CHUNK_BYTES) this.flush();
  }

  private flush(): void {
    const bytes = Buffer.concat(
      this.pending.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)),
    );
    this.pending = [];
    this.pendingBytes = 0;
    this.hash.update(bytes);
    this.writer.write(bytes);
  }

  async commit(): Promise<void> {
    this.flush();
    const checksum = this.hash.update(headerLine(this.startNs, NO_CHECKSUM)).digest('hex');
    this.writer.writeAt(0, headerLine(this.startNs, checksum));
    await this.writer.commit();
  }

  abort(): void {
    this.writer.abort();
  }
}

/**
 * Lint results from an earlier run, by file (ESLint's `--cache`). An entry is used when the file
 * is unchanged and was linted with the same config, options and tool version. Unchanged means
 * the same content hash; the hash is trusted without reading the file again while the file's
 * metadata (device, inode, size, and modification and change times to the nanosecond) is what it
 * was just before that content was read, as git trusts its index; and, as git does with its
 * "racily clean" entries, a file modified no earlier than a little before the run that stamped
 * it started (`racilyClean`) is hashed again (a change in the tick of the read leaves the
 * metadata as it was). A damaged or
 * unreadable cache file counts as empty: the run lints everything and writes a new one.
 *
 * Memory stays flat in the number of files: the old file is read line by line and only where
 * each line is, and its key, are kept; new entries are written to the new file as they come.
 */
export class ResultCache {
  private readonly keys = new Map<number, string>();
  private readonly state: Uint8Array;
  private changed = false;
  private next: NewCacheFile | undefined;
  private failure: string | undefined;
  private done = false;

  private constructor(
    readonly file: string,
    /** When this run started, before any file was stamped: the new file's racy bound. */
    private readonly startNs: bigint,
    private readonly old: OldEntries | undefined,
    private readonly version: string,
    private readonly table: ConfigTable,
    private readonly reportUnusedDisableDirectives: UnusedDirectiveSeverity,
  ) {
    this.state = new Uint8Array(old?.offsets.length ?? 0);
  }

  static async open(
    options: CacheOptions,
    table: ConfigTable,
    reportUnusedDisableDirectives: UnusedDirectiveSeverity,
  ): Promise<ResultCache> {
    const startNs = clockNs();
    const file = await cacheFilePath(options.location);
    return new ResultCache(file, startNs, scan(file), options.version, table, reportUnusedDisableDirectives);
  }

  private key(configId: number): string {
    let key = this.keys.get(configId);
    if (key === undefined) {
      key = resultKey(this.table.configs[configId], this.version, this.reportUnusedDisableDirectives);
      this.keys.set(configId, key);
    }
    return key;
  }

  /** One field of an old entry's line, read back from the old file; undefined if unreadable. */
  private field(slot: number, which: 'stamp' | 'json'): string | undefined {
    try {
      const line = this.old!.line(slot);
      const tabs = tabsOf(line, 0, line.length);
      if (!tabs) return undefined;
      return which === 'stamp'
        ? line.toString('latin1', tabs[1] + 1, tabs[2])
        : line.toString('utf8', tabs[2] + 1);
    } catch {
      return undefined;
    }
  }

  /**
   * Whether the file is unchanged since its entry was made, and was linted with this config: its
   * metadata is what it was just before the recorded content was read, and then no byte is read;
   * unless the file is racily clean, modified no earlier than a little before the run that
   * stamped it started (the stamp cannot tell a change made in the same tick after the read):
   * then its content is hashed again. The file's metadata when it is fresh (taken before its
   * content was hashed again, if it was); undefined when it is not.
   */
  fresh(filePath: string, configId: number): BigIntStats | undefined {
    const slot = this.old?.slots.get(filePath);
    const stats = slot === undefined ? undefined : this.check(slot, filePath, configId);
    if (stats && this.state[slot!] !== REPLACED) this.state[slot!] = SEEN;
    return stats;
  }

  private check(slot: number, filePath: string, configId: number): BigIntStats | undefined {
    if (this.old!.keys[slot] !== this.key(configId)) return undefined;
    let stats;
    try {
      stats = statSync(filePath, { bigint: true, throwIfNoEntry: false });
    } catch {
      return undefined;
    }
    // `isFile()` of bigint stats converts its constants to BigInt on every call: the mode's
    // file type is compared as a number instead.
    if (stats === undefined || (Number(stats.mode) & constants.S_IFMT) !== constants.S_IFREG)
      return undefined;
    const now = metadataStamp(stats);
    const stamp = this.field(slot, 'stamp');
    const hash = stamp?.slice(0, stamp.indexOf(' '));
    if (stamp !== `${hash} ${now.dev} ${now.ino} ${now.size} ${now.mtimeNs} ${now.ctimeNs}`) return undefined;
    return !racilyClean(stats.mtimeNs, this.old!.startNs) || rehash(filePath) === hash ? stats : undefined;
  }

  /** The cached result of a file that `fresh` found unchanged; undefined if its entry is damaged. */
  lookup(filePath: string): LintedFile | undefined {
    const slot = this.old?.slots.get(filePath);
    if (slot === undefined) return undefined;
    const json = this.field(slot, 'json');
    if (json === undefined) return undefined;
    let entry: unknown;
    try {
      entry = JSON.parse(json);
    } catch {
      return undefined;
    }
    if (!isEntry(filePath, entry)) return undefined;
    return {
      kind: 'linted',
      filePath,
      result: entry.result,
      facts: { bom: entry.bom, lines: new Map(entry.lines) },
      cached: true,
    };
  }

  /** Keeps a fresh result, with the stamp its file had when it was read: written to the new file now. */
  remember(linted: LintedFile, configId: number, stamp: FileStamp): void {
    const entry: Entry = { result: linted.result, bom: linted.facts.bom, lines: [...linted.facts.lines] };
    const slot = this.old?.slots.get(linted.filePath);
    if (slot !== undefined) this.state[slot] = REPLACED;
    this.changed = true;
    this.append(
      `${JSON.stringify(linted.filePath)}\t${this.key(configId)}\t${stampText(stamp)}\t${JSON.stringify(entry)}`,
    );
  }

  private append(line: string | Buffer): void {
    if (this.failure !== undefined) return;
    try {
      this.next ??= new NewCacheFile(this.file, this.startNs);
      this.next.append(line);
    } catch (error) {
      this.failure = describeFsError(error);
      this.dispose();
    }
  }

  /**
   * Writes the cache, atomically, when it changed: entries of this run's files only (a file no
   * longer linted leaves it, as in ESLint).
   */
  async save(): Promise<CacheSaveOutcome> {
    try {
      if (this.state.some((s) => s === 0)) this.changed = true;
      if (!this.changed) return { kind: 'unchanged', file: this.file };
      this.state.forEach((s, slot) => {
        // A copy of the old line's bytes: `line` reuses its buffer.
        if (s === SEEN) this.append(Buffer.from(this.old!.line(slot)));
      });
      // A change that dropped entries only: the new file is made here.
      if (this.failure !== undefined) return { kind: 'failed', file: this.file, reason: this.failure };
      const next = this.next ?? new NewCacheFile(this.file, this.startNs);
      this.next = undefined;
      await next.commit();
      return { kind: 'written', file: this.file };
    } catch (error) {
      return { kind: 'failed', file: this.file, reason: describeFsError(error) };
    } finally {
      this.dispose();
    }
  }

  /** Closes the old file and removes a new one not committed (a run that ends early). */
  dispose(): void {
    this.next?.abort();
    this.next = undefined;
    if (this.old && !this.done) closeSync(this.old.fd);
    this.done = true;
  }
}
