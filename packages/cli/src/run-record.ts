import { createHash } from 'node:crypto';
import { constants, existsSync, fstatSync, statSync } from 'node:fs';
import path from 'node:path';
import { cacheFilePath, DEFAULT_CACHE_FILE, resultKey, type EngineInput } from '@virt-alias/engine';
import { AtomicFileWriter } from '@virt-alias/rewriter';
import { usesLibvirtSchema, type ResolvedConfig } from '@virt-alias/rules';
import { clockNs, racilyClean } from '@virt-alias/rules/racy-clean';
import type { LintArgs } from './args.js';
import type { CliIo } from './io.js';
import type { PlannedOutput } from './output-files.js';
import { Dependencies, MOST_LISTED, stampTree } from './record-deps.js';
import {
  bodyHolds,
  bodyBytes,
  cacheFileOf,
  checkedHeader,
  commandLineKey,
  EMPTY_HEADER,
  HEADER_BYTES,
  headerLine,
  NO_KEY,
  readHeader,
  RECORD_SUFFIX,
  replayOutput,
  type Replay,
  runContext,
  recordIdentity,
  stderrEntry,
  withRecord,
  type Stamp,
} from './record-file.js';
import { StampsHash, StampsInOrder, type StampsDigest } from './record-stamps.js';
import { packageVersion } from './version.js';

interface Fingerprint {
  /** Everything the output depends on but the inputs' stamps: options, environment, version, each input's path and key. */
  readonly digest: string;
  /** The inputs' paths and keys only, in order: the engine must be given the same list. */
  readonly list: string;
  /** How many inputs. */
  readonly count: number;
  /** Their stamps, when taken (a record was there to check them against; all regular files). */
  readonly stamps: StampsDigest | undefined;
  /** Every input's stamp is to go to the dependencies, and none needs libvirt's schema files (not listed). */
  readonly listed: boolean;
  /** The inputs, when no more than `MOST_LISTED`: the engine is given them, not a second walk. */
  readonly inputs: readonly EngineInput[] | undefined;
}

/** Why a run is not recorded (nor replayed): what it writes or reads besides stdout, stderr and its files. */
function unrecordable(args: LintArgs, io: CliIo, outputs: readonly PlannedOutput[]): boolean {
  const summary = io.env.GITHUB_STEP_SUMMARY;
  return (
    args.baseline !== undefined ||
    outputs.some((o) => o.file !== undefined) ||
    (summary !== undefined && summary !== '' && outputs.some((o) => o.format === 'github'))
  );
}

/**
 * One pass over the inputs, before any is read by the engine: each one's path and result key,
 * and, when `stat` (a record is there to be checked), its metadata (bigint `stat`, as the
 * cache's entries). Without `stat` no input is stat'ed here: a run that is not replayed has its
 * inputs' stamps from the engine (`RunRecord.stamp`), which stats each file once anyway.
 * Undefined when one is standard input or a text (not recorded).
 */
async function fingerprint(
  args: LintArgs,
  io: CliIo,
  inputs: AsyncIterable<EngineInput> | Iterable<EngineInput>,
  list: InputList,
  deps: Dependencies | undefined,
  stat: boolean,
): Promise<Fingerprint | undefined> {
  let count = 0;
  const configs = new Set<ResolvedConfig>();
  let stamps = stat ? new StampsHash() : undefined;
  let kept: EngineInput[] | undefined = [];
  for await (const input of inputs) {
    if ('text' in input || 'stream' in input) return undefined;
    if (kept && kept.push(input) > MOST_LISTED) kept = undefined;
    list.add(input);
    configs.add(input.config);
    count++;
    if (!stamps) continue;
    let stats;
    try {
      stats = statSync(input.filePath, { bigint: true, throwIfNoEntry: false });
    } catch {
      stats = undefined;
    }
    // Not a regular file: the engine reports it (exit 2), nothing to replay.
    if (stats === undefined || (Number(stats.mode) & constants.S_IFMT) !== constants.S_IFREG)
      stamps = undefined;
    else stamps.add(stats);
  }
  const listDigest = list.digest();
  return {
    digest: createHash('sha256').update(runContext(args, io)).update(listDigest).digest('hex'),
    list: listDigest,
    count,
    stamps: stamps?.digest(),
    // Without an input, the config of the working directory was read: not listed.
    listed:
      deps !== undefined &&
      deps.count + count <= MOST_LISTED &&
      count > 0 &&
      !usesLibvirtSchema([...configs]),
    inputs: kept,
  };
}

/**
 * A list of inputs, hashed as it goes: each one's path and the number of its config (in the
 * order configs first come), then the configs' result keys.
 */
class InputList {
  private readonly hash = createHash('sha256');
  private readonly numbers = new Map<ResolvedConfig, number>();
  private readonly keys: string[] = [];
  private text = '';

  constructor(private readonly keyOf: (config: ResolvedConfig) => string) {}

  add(input: EngineInput): void {
    let n = this.numbers.get(input.config);
    if (n === undefined) {
      this.numbers.set(input.config, (n = this.keys.length));
      this.keys.push(this.keyOf(input.config));
    }
    // No path holds a NUL.
    this.text += `${input.filePath}\0${n}\n`;
    if (this.text.length > 65536) {
      this.hash.update(this.text);
      this.text = '';
    }
  }

  digest(): string {
    return this.hash.update(this.text).update(JSON.stringify(this.keys)).digest('hex');
  }
}

/**
 * Whether a record is there to be checked, so that the inputs are worth a `stat` each before the
 * engine reads them: beside its cache file, of this format, and not the one the command line's
 * check found stale (a listed file of it changed: its stamp, or result key, is in the record's
 * fingerprint too, which can then only miss).
 */
function worthChecking(cache: string, staleRecord: string | undefined): boolean {
  if (!existsSync(cache)) return false;
  try {
    return (
      withRecord(
        `${cache}${RECORD_SUFFIX}`,
        (fd) =>
          readHeader(fd) !== undefined && recordIdentity(fstatSync(fd, { bigint: true })) !== staleRecord,
      ) ?? false
    );
  } catch {
    return false;
  }
}

/**
 * The last run's output, when the record's fingerprint is this run's and its checksum holds:
 * written to `io`, and its exit code returned. Undefined (nothing written) otherwise.
 */
function replay(file: string, expected: Fingerprint, io: CliIo): number | undefined {
  return withRecord(file, (fd) => holds(fd, expected, io)?.());
}

/** The replay of the open record, when its fingerprint is `expected`; undefined, with nothing written, if not. */
function holds(fd: number, expected: Fingerprint, io: CliIo): Replay | undefined {
  try {
    const h = readHeader(fd);
    const stamps = expected.stamps;
    if (!h || !stamps || h.fingerprint !== expected.digest || h.stamps !== stamps.digest) return undefined;
    const stats = fstatSync(fd, { bigint: true });
    if (stats.size !== BigInt(HEADER_BYTES + bodyBytes(h))) return undefined;
    // Racily clean (decision 16): an input modified no earlier than a little before the recorded
    // run started may have changed after its stamp without changing its metadata. The per-file
    // cache hashes it.
    if (racilyClean(stamps.newestNs, h.startNs)) return undefined;
    // The whole body is checked before a byte of it is written: a damaged record is a miss.
    if (!bodyHolds(fd, h)) return undefined;
    return replayOutput(fd, h, io);
  } catch {
    return undefined;
  }
}

/**
 * `lint --cache`'s run record (docs/decisions/0019-cache-run-record.md): beside the cache file,
 * the last run's stdout and stderr bytes and exit code, under a fingerprint of everything they
 * depend on: the options, the environment variables a format reads, the working directory, the
 * tool's version, and every input in order with its resolved config and metadata. A run whose
 * fingerprint is the record's writes the record's bytes and reads no input and no cache entry; any
 * other runs as before (the per-file cache) and records its output as it writes it.
 *
 * A run of one directory also lists what it read, each with its stamp taken before the read
 * (`record-deps.ts`): a later run with the same command line checks those stamps before it parses
 * its options (`fast-replay.ts`).
 */
export class RunRecord {
  private writer: AtomicFileWriter | undefined;
  private readonly sum = createHash('sha256');

  private stdoutBytes = 0;
  /** The inputs' stamps as the engine took them, hashed in input order. */
  private readonly stamps = new StampsHash();
  private readonly inOrder = new StampsInOrder((filePath, ring, slot) => {
    this.stamps.addFrom(ring, slot);
    this.listed?.deps.addFrom(filePath, ring, slot);
  });
  private stderr: Buffer[] = [];
  private stderrBytes = 0;
  private spoiled = false;

  /** The record: the cache file's name and `.run`. */
  readonly file: string;

  private constructor(
    /** The cache file: a record is replayed only beside one (removing it starts afresh). */
    private readonly cache: string,
    private readonly print: Fingerprint,
    /** The engine's inputs, as they go. */
    private readonly watched: InputList,
    /** With the key of the command line as given, when it can be replayed from that. */
    private readonly listed: { readonly deps: Dependencies; readonly lineKey: string } | undefined,
    /** When the run started, before it stamped anything. */
    private readonly startNs: bigint,
  ) {
    this.file = `${cache}${RECORD_SUFFIX}`;
  }

  /**
   * Before the run reads anything: the stamps of its directory and config files, when it is one
   * whose command line can be replayed (one directory; nothing written to stderr before).
   */
  static begin(
    args: LintArgs,
    io: CliIo,
    argv: readonly string[] | undefined,
    /** The record the command line's check found stale (`replayCommandLine`'s `onStale`). */
    staleRecord?: string,
  ): RecordStart {
    // Before the first stamp: the racy rule's bound.
    const startNs = clockNs();
    const at = { startNs, staleRecord };
    const [arg, ...others] = args.paths;
    if (argv === undefined || args.debug || arg === undefined || others.length > 0 || arg === '-')
      return new RecordStart(at, undefined, undefined, io);
    const root = path.resolve(io.cwd, arg);
    try {
      if (!statSync(root, { bigint: true }).isDirectory())
        return new RecordStart(at, undefined, undefined, io);
    } catch {
      return new RecordStart(at, undefined, undefined, io);
    }
    const config = typeof args.config === 'string' ? path.resolve(io.cwd, args.config) : args.config;
    const cacheFile = cacheFileOf(path.resolve(io.cwd, args.cacheLocation ?? DEFAULT_CACHE_FILE));
    return new RecordStart(at, stampTree(root, config, path.dirname(cacheFile)), argv, io);
  }

  /** The record of this run; undefined when the run is not one to record (see `unrecordable`). */
  static async open(
    args: LintArgs,
    io: CliIo,
    outputs: readonly PlannedOutput[],
    inputs: AsyncIterable<EngineInput> | Iterable<EngineInput>,
    /** `--cache-location`, resolved: the record is kept beside the cache file. */
    location: string,
    start: RecordStart,
  ): Promise<RunRecord | undefined> {
    if (unrecordable(args, io, outputs)) return undefined;
    const version = packageVersion();
    const keys = new Map<ResolvedConfig, string>();
    const keyOf = (config: ResolvedConfig): string => {
      let key = keys.get(config);
      if (key === undefined)
        keys.set(config, (key = resultKey(config, version, args.reportUnusedDisableDirectives)));
      return key;
    };
    // What was written to stderr before would not be replayed from the command line.
    const deps = start.stderrWrites === 0 ? start.deps : undefined;
    const cache = await cacheFilePath(location);
    const stat = worthChecking(cache, start.staleRecord);
    const print = await fingerprint(args, io, inputs, new InputList(keyOf), deps, stat);
    if (!print) return undefined;
    const line = start.argv;
    const listed = deps && print.listed && line ? { deps, lineKey: commandLineKey(line, io) } : undefined;
    return new RunRecord(cache, print, new InputList(keyOf), listed, start.startNs);
  }

  /** The last run's output, written to `io`: its exit code; undefined when the record does not hold. */
  replay(io: CliIo): number | undefined {
    return this.print.stamps && existsSync(this.cache) ? replay(this.file, this.print, io) : undefined;
  }

  /**
   * The stamp the engine took of the input `index` (`EngineOptions.onStamp`), in any order:
   * kept for the record (its fingerprint, and the dependencies a later command line checks). An
   * input without one (a file not read whole), or with two, leaves the run unrecorded.
   */
  stamp(index: number, filePath: string, stamp: Stamp | undefined): void {
    if (!stamp || !this.inOrder.put(index, filePath, stamp)) this.forgo();
  }

  /** The same streams, whose writes are recorded too. */
  tee(io: CliIo): CliIo {
    try {
      this.writer = new AtomicFileWriter(this.file);
      this.writer.write(headerLine(EMPTY_HEADER));
    } catch {
      this.forgo();
      return io;
    }
    // The process's own stdout is given the bytes recorded: encoded once, not twice.
    const raw = io.stdout === process.stdout ? process.stdout : undefined;
    return {
      ...io,
      stdout: {
        write: (chunk: string) => {
          const bytes = this.out(chunk);
          return raw && bytes ? raw.write(bytes) : io.stdout.write(chunk);
        },
      },
      stderr: {
        write: (chunk: string) => {
          // Where it came among stdout's bytes: a replay interleaves the two as the run did.
          const bytes = stderrEntry(this.stdoutBytes, chunk);
          this.stderr.push(bytes);
          this.stderrBytes += bytes.length;
          return io.stderr.write(chunk);
        },
      },
    };
  }

  /** Records a write to stdout: its bytes, or undefined when the record is given up. */
  private out(chunk: string): Buffer | undefined {
    if (this.spoiled || !this.writer) return undefined;
    const bytes = Buffer.from(chunk, 'utf8');
    try {
      this.sum.update(bytes);
      this.writer.write(bytes);
      this.stdoutBytes += bytes.length;
    } catch {
      this.forgo();
    }
    return bytes;
  }

  /** The engine's inputs, hashed as they go: the record is kept only when they are the fingerprinted ones. */
  async *watch(inputs: AsyncIterable<EngineInput> | Iterable<EngineInput>): AsyncGenerator<EngineInput> {
    // The inputs fingerprinted, when kept (walked and resolved once); else walked again.
    for await (const input of this.print.inputs ?? inputs) {
      this.watched.add(input);
      yield input;
    }
  }

  /** This run's output is not to be replayed (a file, or the cache, could not be written or read). */
  forgo(): void {
    this.spoiled = true;
  }

  /** Puts the record in place, atomically, if the run is one to replay; never an error of the run. */
  async save(code: number): Promise<void> {
    const writer = this.writer;
    this.writer = undefined;
    if (!writer) return;
    try {
      if (
        this.spoiled ||
        (code !== 0 && code !== 1) ||
        this.inOrder.taken !== this.print.count ||
        this.watched.digest() !== this.print.list
      ) {
        writer.abort();
        return;
      }
      const append = (bytes: Buffer): void => {
        this.sum.update(bytes);
        writer.write(bytes);
      };
      for (const bytes of this.stderr) append(bytes);
      this.stderr = [];
      const { paths, stamps } = this.listed?.deps.encode() ?? {
        paths: Buffer.alloc(0),
        stamps: Buffer.alloc(0),
      };
      append(paths);
      append(stamps);
      const header = {
        fingerprint: this.print.digest,
        stamps: this.stamps.digest().digest,
        lineKey: this.listed?.lineKey ?? NO_KEY,
        checksum: EMPTY_HEADER.checksum,
        code,
        startNs: this.startNs,
        stdoutBytes: this.stdoutBytes,
        stderrBytes: this.stderrBytes,
        pathBytes: paths.length,
        depCount: this.listed?.deps.count ?? 0,
      };
      const checksum = this.sum.update(checkedHeader(header)).digest('hex');
      writer.writeAt(0, headerLine({ ...header, checksum }));
      await writer.commit();
    } catch {
      writer.abort();
    }
  }

  /** Removes a record not put in place (a run that ended early). */
  dispose(): void {
    this.writer?.abort();
    this.writer = undefined;
  }
}

/** A run's start, for its record: the stamps `begin` took, and the streams, whose stderr is watched. */
export class RecordStart {
  stderrWrites = 0;
  readonly io: CliIo;

  readonly startNs: bigint;
  readonly staleRecord: string | undefined;

  constructor(
    /** When the run started, before it stamped anything; the record found stale, if one was. */
    at: { readonly startNs: bigint; readonly staleRecord: string | undefined },
    readonly deps: Dependencies | undefined,
    readonly argv: readonly string[] | undefined,
    io: CliIo,
  ) {
    this.startNs = at.startNs;
    this.staleRecord = at.staleRecord;
    this.io = {
      ...io,
      stderr: {
        write: (chunk: string) => {
          this.stderrWrites++;
          return io.stderr.write(chunk);
        },
      },
    };
  }
}
