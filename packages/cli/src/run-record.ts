import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { cacheFilePath, resultKey, type EngineInput } from '@virt-alias/engine';
import { AtomicFileWriter } from '@virt-alias/rewriter';
import type { ResolvedConfig } from '@virt-alias/rules';
import type { LintArgs } from './args.js';
import type { CliIo } from './io.js';
import type { PlannedOutput } from './output-files.js';
import { packageVersion } from './version.js';

/** Bumped whenever what a record holds changes: an older record is then a miss. */
const FORMAT = 'virt-alias-run 1';

/**
 * The environment variables that can change what `lint` writes: colour (`color.ts`), the
 * terminal's width, GitHub's annotations (`formatters/github.ts`), the tool's own. A test reads
 * the sources for every variable they read from `env`, and fails on one not covered here.
 */
const ENV_NAMES: ReadonlySet<string> = new Set(['FORCE_COLOR', 'NO_COLOR', 'TERM', 'COLUMNS']);
const ENV_PREFIXES = ['VIRT_ALIAS_', 'GITHUB_'];

export const envShapesOutput = (name: string): boolean =>
  ENV_NAMES.has(name) || ENV_PREFIXES.some((p) => name.startsWith(p));

/** The record of a cache file: beside it, with this suffix. */
export const RECORD_SUFFIX = '.run';

const HEX64 = /^[0-9a-f]{64}$/;
const DIGITS = 15;
/** `FORMAT fingerprint checksum code stdout-bytes stderr-bytes`, fixed width, then a newline. */
const headerLine = (fingerprint: string, checksum: string, code: number, out: number, err: number): string =>
  `${FORMAT} ${fingerprint} ${checksum} ${code} ${String(out).padStart(DIGITS, '0')} ${String(err).padStart(DIGITS, '0')}\n`;
const HEADER_BYTES = headerLine('0'.repeat(64), '0'.repeat(64), 0, 0, 0).length;
const CHUNK_BYTES = 1 << 20;

interface Fingerprint {
  /** Everything the output depends on: options, environment, version, and each input's path, key and stamp. */
  readonly digest: string;
  /** The inputs' paths and keys only, in order: the engine must be given the same list. */
  readonly list: string;
  /** The newest modification time of an input. */
  readonly newestNs: bigint;
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
 * One pass over the inputs, before any is read by the engine: each one's path, result key and
 * metadata (bigint `stat`, as the cache's entries). Undefined when one is standard input or not
 * a regular file (the run reports it, and is not recorded).
 */
async function fingerprint(
  args: LintArgs,
  io: CliIo,
  inputs: AsyncIterable<EngineInput> | Iterable<EngineInput>,
  keyOf: (config: ResolvedConfig) => string,
): Promise<Fingerprint | undefined> {
  const env = Object.keys(io.env)
    .filter(envShapesOutput)
    .sort()
    .map((name) => [name, io.env[name]]);
  const digest = createHash('sha256').update(
    JSON.stringify([
      FORMAT,
      packageVersion(),
      io.cwd,
      args,
      io.isTTY,
      io.stderrIsTTY === true,
      io.columns,
      env,
    ]),
  );
  const list = createHash('sha256');
  let newestNs = -1n;
  // Hashed a few thousand characters at a time: one `update` per file costs more than the text.
  let listed = '';
  let stamped = '';
  for await (const input of inputs) {
    if ('text' in input || 'stream' in input) return undefined;
    let stats;
    try {
      stats = statSync(input.filePath, { bigint: true, throwIfNoEntry: false });
    } catch {
      return undefined;
    }
    if (stats === undefined || (Number(stats.mode) & constants.S_IFMT) !== constants.S_IFREG)
      return undefined;
    listed += `${JSON.stringify(input.filePath)}\t${keyOf(input.config)}\n`;
    stamped += `${stats.dev} ${stats.ino} ${stats.size} ${stats.mtimeNs} ${stats.ctimeNs}\n`;
    if (stats.mtimeNs > newestNs) newestNs = stats.mtimeNs;
    if (stamped.length > 65536) {
      list.update(listed);
      digest.update(stamped);
      listed = stamped = '';
    }
  }
  const listDigest = list.update(listed).digest('hex');
  // The stamps of the inputs, then the list they are of (paths and keys).
  return { digest: digest.update(stamped).update(listDigest).digest('hex'), list: listDigest, newestNs };
}

/** Reads `length` bytes at `position`, fewer only at the end of the file. */
function readAt(fd: number, buffer: Buffer, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/**
 * Writes `length` bytes of the file from `position` to `stream`, a chunk at a time: as bytes to
 * the process's own streams (decoding 7 MB and encoding it again cost 0.02 s), as text to others.
 */
function copyOut(fd: number, position: number, length: number, stream: CliIo['stdout']): void {
  const raw =
    stream === process.stdout ? process.stdout : stream === process.stderr ? process.stderr : undefined;
  const decoder = new StringDecoder('utf8');
  for (let at = 0; at < length;) {
    // A new buffer for each chunk: a stream may hold on to the bytes it was given.
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, length - at));
    const n = readAt(fd, buffer, buffer.length, position + at);
    if (n === 0) throw new Error('the run record was cut short');
    if (raw) raw.write(buffer.subarray(0, n));
    else {
      const text = decoder.write(buffer.subarray(0, n));
      if (text !== '') stream.write(text);
    }
    at += n;
  }
  const rest = decoder.end();
  if (rest !== '') stream.write(rest);
}

/**
 * The last run's output, when the record's fingerprint is this run's and its checksum holds:
 * written to `io`, and its exit code returned. Undefined (nothing written) otherwise.
 */
function replay(file: string, expected: Fingerprint, io: CliIo): number | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    if (readAt(fd, header, HEADER_BYTES, 0) !== HEADER_BYTES) return undefined;
    const text = header.toString('latin1');
    if (!text.startsWith(`${FORMAT} `) || !text.endsWith('\n')) return undefined;
    const [fingerprint, checksum, code, out, err, ...extra] = text.slice(FORMAT.length + 1, -1).split(' ');
    const stdoutBytes = Number(out);
    const stderrBytes = Number(err);
    if (
      extra.length > 0 ||
      fingerprint !== expected.digest ||
      !HEX64.test(checksum ?? '') ||
      (code !== '0' && code !== '1') ||
      !Number.isSafeInteger(stdoutBytes) ||
      !Number.isSafeInteger(stderrBytes)
    )
      return undefined;
    const stats = fstatSync(fd, { bigint: true });
    if (stats.size !== BigInt(HEADER_BYTES + stdoutBytes + stderrBytes)) return undefined;
    // Racily clean (decision 16): an input modified no earlier than the record was written may
    // have changed after its stamp without changing its metadata. The per-file cache hashes it.
    if (expected.newestNs >= stats.mtimeNs) return undefined;
    // The whole body is checked before a byte of it is written: a damaged record is a miss.
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const end = HEADER_BYTES + stdoutBytes + stderrBytes;
    for (let at = HEADER_BYTES; at < end;) {
      const n = readAt(fd, buffer, Math.min(CHUNK_BYTES, end - at), at);
      if (n === 0) return undefined;
      hash.update(buffer.subarray(0, n));
      at += n;
    }
    if (hash.digest('hex') !== checksum) return undefined;
    copyOut(fd, HEADER_BYTES, stdoutBytes, io.stdout);
    copyOut(fd, HEADER_BYTES + stdoutBytes, stderrBytes, io.stderr);
    return Number(code);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * `lint --cache`'s run record (docs/decisions/0019-cache-run-record.md): beside the cache file,
 * the last run's stdout and stderr bytes and exit code, under a fingerprint of everything they
 * depend on: the options, the environment variables a format reads, the working directory, the
 * tool's version, and every input in order with its resolved config and metadata. A run whose
 * fingerprint is the record's writes the record's bytes and reads no input and no cache entry; any
 * other runs as before (the per-file cache) and records its output as it writes it.
 */
export class RunRecord {
  private writer: AtomicFileWriter | undefined;
  private readonly sum = createHash('sha256');
  private readonly watched = createHash('sha256');
  private stdoutBytes = 0;
  private stderr: Buffer[] = [];
  private stderrBytes = 0;
  private spoiled = false;

  private constructor(
    readonly file: string,
    private readonly print: Fingerprint,
    private readonly keyOf: (config: ResolvedConfig) => string,
  ) {}

  /** The record of this run; undefined when the run is not one to record (see `unrecordable`). */
  static async open(
    args: LintArgs,
    io: CliIo,
    outputs: readonly PlannedOutput[],
    inputs: AsyncIterable<EngineInput> | Iterable<EngineInput>,
    /** `--cache-location`, resolved: the record is kept beside the cache file. */
    location: string,
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
    const print = await fingerprint(args, io, inputs, keyOf);
    if (!print) return undefined;
    const cache = await cacheFilePath(location);
    return new RunRecord(`${cache}${RECORD_SUFFIX}`, print, keyOf);
  }

  /** The last run's output, written to `io`: its exit code; undefined when the record does not hold. */
  replay(io: CliIo): number | undefined {
    return replay(this.file, this.print, io);
  }

  /** The same streams, whose writes are recorded too. */
  tee(io: CliIo): CliIo {
    try {
      this.writer = new AtomicFileWriter(this.file);
      this.writer.write(headerLine('0'.repeat(64), '0'.repeat(64), 0, 0, 0));
    } catch {
      this.forgo();
      return io;
    }
    return {
      ...io,
      stdout: {
        write: (chunk: string) => {
          this.out(chunk);
          return io.stdout.write(chunk);
        },
      },
      stderr: {
        write: (chunk: string) => {
          const bytes = Buffer.from(chunk, 'utf8');
          this.stderr.push(bytes);
          this.stderrBytes += bytes.length;
          return io.stderr.write(chunk);
        },
      },
    };
  }

  private out(chunk: string): void {
    if (this.spoiled || !this.writer) return;
    try {
      const bytes = Buffer.from(chunk, 'utf8');
      this.sum.update(bytes);
      this.writer.write(bytes);
      this.stdoutBytes += bytes.length;
    } catch {
      this.forgo();
    }
  }

  /** The engine's inputs, hashed as they go: the record is kept only when they are the fingerprinted ones. */
  async *watch(inputs: AsyncIterable<EngineInput> | Iterable<EngineInput>): AsyncGenerator<EngineInput> {
    let listed = '';
    for await (const input of inputs) {
      listed += `${JSON.stringify(input.filePath)}\t${this.keyOf(input.config)}\n`;
      if (listed.length > 65536) {
        this.watched.update(listed);
        listed = '';
      }
      yield input;
    }
    this.watched.update(listed);
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
      if (this.spoiled || (code !== 0 && code !== 1) || this.watched.digest('hex') !== this.print.list) {
        writer.abort();
        return;
      }
      for (const bytes of this.stderr) {
        this.sum.update(bytes);
        writer.write(bytes);
      }
      this.stderr = [];
      writer.writeAt(
        0,
        headerLine(this.print.digest, this.sum.digest('hex'), code, this.stdoutBytes, this.stderrBytes),
      );
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
