import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '@virt-alias/rewriter';
import {
  LIBVIRT_SCHEMA_RULE_ID,
  type LintResult,
  type ResolvedConfig,
  type UnusedDirectiveSeverity,
} from '@virt-alias/rules';
import type { ConfigTable } from './config-table.js';
import { describeFsError } from './fs-errors.js';
import type { LintedFile } from './results.js';
import { metadataStamp, type FileStamp } from './task.js';

/** The cache file's name, in the working directory unless `--cache-location` says otherwise. */
export const DEFAULT_CACHE_FILE = '.virt-alias-cache';

/** Bumped whenever what an entry holds changes: an older file is then a cache miss, not an error. */
const FORMAT = 'virt-alias-cache 3';

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

/** An entry as a line holds it: `key \t stamp \t JSON`, so that a lookup compares before it parses. */
interface Line {
  readonly key: string;
  readonly stamp: string;
  readonly json: string;
}

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

async function cacheFile(location: string): Promise<string> {
  const isDirectory =
    location.endsWith(path.sep) ||
    (await stat(location).then(
      (s) => s.isDirectory(),
      () => false,
    ));
  return isDirectory ? path.join(location, DEFAULT_CACHE_FILE) : location;
}

/**
 * The entries of a cache file, each still as text (its result is parsed when looked up, so that
 * a run holds the text of the cache, not a tree of objects for every file); none when the file
 * is missing, damaged, or of another format. After the header, each line is a file's path (as
 * JSON), the key, the stamp and the entry (as JSON), separated by tabs (JSON strings hold none).
 */
function parse(bytes: Buffer): Map<string, Line> {
  const entries = new Map<string, Line>();
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) return entries;
  const header = bytes.toString('utf8', 0, newline);
  // The bytes are hashed as read: hashing the decoded text would encode it all again.
  const checksum = createHash('sha256')
    .update(bytes.subarray(newline + 1))
    .digest('hex');
  if (header !== `${FORMAT} ${checksum}`) return entries;
  for (const line of bytes.toString('utf8', newline + 1).split('\n')) {
    const fields = line.split('\t');
    if (fields.length !== 4) continue;
    const [name, key, stamp, json] = fields as [string, string, string, string];
    try {
      const file: unknown = JSON.parse(name);
      if (typeof file === 'string') entries.set(file, { key, stamp, json });
    } catch {
      // A line that is not an entry: a miss for its file.
    }
  }
  return entries;
}

/**
 * Lint results from an earlier run, by file (ESLint's `--cache`). An entry is used when the file
 * is unchanged and was linted with the same config, options and tool version. Unchanged means
 * the same content hash; the hash is trusted without reading the file again while the file's
 * metadata (device, inode, size, and modification and change times to the nanosecond) is what it
 * was just before that content was read, as git trusts its index. A damaged or unreadable cache
 * file counts as empty: the run lints everything and writes a new one.
 */
export class ResultCache {
  private readonly keys = new Map<number, string>();
  private readonly visited = new Set<string>();
  private changed = false;

  private constructor(
    readonly file: string,
    private readonly entries: Map<string, Line>,
    private readonly version: string,
    private readonly table: ConfigTable,
    private readonly reportUnusedDisableDirectives: UnusedDirectiveSeverity,
  ) {}

  static async open(
    options: CacheOptions,
    table: ConfigTable,
    reportUnusedDisableDirectives: UnusedDirectiveSeverity,
  ): Promise<ResultCache> {
    const file = await cacheFile(options.location);
    const bytes = await readFile(file).catch(() => Buffer.alloc(0));
    return new ResultCache(file, parse(bytes), options.version, table, reportUnusedDisableDirectives);
  }

  private key(configId: number): string {
    let key = this.keys.get(configId);
    if (key === undefined) {
      const config: ResolvedConfig | undefined = this.table.configs[configId];
      const schemaDirs = [config, config?.novaManaged].flatMap((c) => {
        const dir = c?.rules.get(LIBVIRT_SCHEMA_RULE_ID)?.options.schemaDir;
        return typeof dir === 'string' ? [schemaDigest(path.resolve(dir))] : [];
      });
      key = createHash('sha256')
        .update(
          JSON.stringify([
            FORMAT,
            this.version,
            this.table.keys[configId],
            this.reportUnusedDisableDirectives,
            schemaDirs,
          ]),
        )
        .digest('hex');
      this.keys.set(configId, key);
    }
    return key;
  }

  /**
   * Whether the file is unchanged since its entry was made, and was linted with this config: its
   * metadata is what it was just before the recorded content was read (no byte is read).
   */
  fresh(filePath: string, configId: number): boolean {
    this.visited.add(filePath);
    const line = this.entries.get(filePath);
    if (line === undefined || line.key !== this.key(configId)) return false;
    let stats;
    try {
      stats = statSync(filePath, { bigint: true, throwIfNoEntry: false });
    } catch {
      return false;
    }
    if (!stats?.isFile()) return false;
    const now = metadataStamp(stats);
    return line.stamp.endsWith(` ${now.dev} ${now.ino} ${now.size} ${now.mtimeNs} ${now.ctimeNs}`);
  }

  /** The cached result of a file that `fresh` found unchanged; undefined if its entry is damaged. */
  lookup(filePath: string): LintedFile | undefined {
    const line = this.entries.get(filePath);
    if (line === undefined) return undefined;
    let entry: unknown;
    try {
      entry = JSON.parse(line.json);
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

  /** Keeps a fresh result, with the stamp its file had when it was read. */
  remember(linted: LintedFile, configId: number, stamp: FileStamp): void {
    const entry: Entry = { result: linted.result, bom: linted.facts.bom, lines: [...linted.facts.lines] };
    this.entries.set(linted.filePath, {
      key: this.key(configId),
      stamp: stampText(stamp),
      json: JSON.stringify(entry),
    });
    this.visited.add(linted.filePath);
    this.changed = true;
  }

  /**
   * Writes the cache, atomically, when it changed: entries of this run's files only (a file no
   * longer linted leaves it, as in ESLint).
   */
  async save(): Promise<CacheSaveOutcome> {
    for (const file of this.entries.keys()) {
      if (this.visited.has(file)) continue;
      this.entries.delete(file);
      this.changed = true;
    }
    if (!this.changed) return { kind: 'unchanged', file: this.file };
    const body = [...this.entries]
      .map(([file, line]) => `${JSON.stringify(file)}\t${line.key}\t${line.stamp}\t${line.json}`)
      .join('\n');
    const checksum = createHash('sha256').update(body).digest('hex');
    try {
      await writeFileAtomic(this.file, `${FORMAT} ${checksum}\n${body}`);
      return { kind: 'written', file: this.file };
    } catch (error) {
      return { kind: 'failed', file: this.file, reason: describeFsError(error) };
    }
  }
}
