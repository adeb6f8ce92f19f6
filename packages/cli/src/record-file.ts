import { createHash } from 'node:crypto';
import { closeSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { CliIo } from './io.js';
import { packageVersion } from './version.js';
import { entriesOf } from './walk-entries.js';
import { openRegularFileSync } from '@virt-alias/rules/read-regular-file';
import type { InputStamp } from '@virt-alias/engine';

// The run record's file (docs/decisions/0019-cache-run-record.md): what both the command-line
// check (`fast-replay.ts`, before the argument parser is loaded) and `run-record.ts` need, with
// no import of the engine, the rules or the parser (only the rules' module that opens files).

/**
 * Bumped whenever what a record holds changes: an older record is then a miss. 2: the header
 * holds the start of the run that wrote it (the racy rule's bound).
 */
export const FORMAT = 'virt-alias-run 2';

/** The cache file's name in a directory given as `--cache-location` (the engine's `DEFAULT_CACHE_FILE`). */
export const CACHE_FILE_NAME = '.virt-alias-cache';

/** The record of a cache file: beside it, with this suffix. */
export const RECORD_SUFFIX = '.run';

/**
 * The cache file of a resolved `--cache-location`, as the engine's `cacheFilePath` finds it, but
 * synchronous: `.virt-alias-cache` in a directory, else the location itself (there or not yet).
 */
export function cacheFileOf(location: string): string {
  try {
    // Bigint stats: see SYNC_STAT in packages/rules/src/read-regular-file.ts (a FIFO here).
    if (statSync(location, { bigint: true }).isDirectory()) return path.join(location, CACHE_FILE_NAME);
  } catch {
    // Not there yet: a file.
  }
  return location;
}

/**
 * The environment variables that can change what `lint` writes: colour (`color.ts`), the
 * terminal's width, GitHub's annotations (`formatters/github.ts`), the tool's own. A test reads
 * the sources for every variable they read from `env`, and fails on one not covered here.
 */
const ENV_NAMES: ReadonlySet<string> = new Set(['FORCE_COLOR', 'NO_COLOR', 'TERM', 'COLUMNS']);
const ENV_PREFIXES = ['VIRT_ALIAS_', 'GITHUB_'];

export const envShapesOutput = (name: string): boolean =>
  ENV_NAMES.has(name) || ENV_PREFIXES.some((p) => name.startsWith(p));

/** What a run's output depends on besides its files, with `line` its command line (as given, or as parsed). */
export function runContext(line: unknown, io: CliIo): string {
  const env = Object.keys(io.env)
    .filter(envShapesOutput)
    .sort()
    .map((name) => [name, io.env[name]]);
  return JSON.stringify([
    FORMAT,
    packageVersion(),
    io.cwd,
    line,
    io.isTTY,
    io.stderrIsTTY === true,
    io.columns,
    env,
  ]);
}

/** The key of a command line as given, for `fast-replay.ts`. */
export const commandLineKey = (argv: readonly string[], io: CliIo): string =>
  createHash('sha256')
    .update(runContext(['argv', argv], io))
    .digest('hex');

export const NO_KEY = '-'.repeat(64);
const DIGITS = 15;
const pad = (n: number): string => String(n).padStart(DIGITS, '0');

export interface RecordHeader {
  /** Of the parsed options and every input's path and result key (`run-record.ts`). */
  readonly fingerprint: string;
  /** Of every input's stamp, in order (`run-record.ts`). */
  readonly stamps: string;
  /** Of the command line as given; `NO_KEY` when the record's dependencies were not listed. */
  readonly lineKey: string;
  readonly checksum: string;
  readonly code: number;
  /**
   * When the run started, before it stamped anything: a dependency modified no earlier than a
   * little before (`racilyClean`) may have changed after its stamp without changing it.
   */
  readonly startNs: bigint;
  readonly stdoutBytes: number;
  readonly stderrBytes: number;
  /** The listed dependencies: their paths (NUL-separated) and their stamps (`STAMP_BYTES` each). */
  readonly pathBytes: number;
  readonly depCount: number;
}

export const headerLine = (h: RecordHeader): string =>
  `${FORMAT} ${h.fingerprint} ${h.stamps} ${h.lineKey} ${h.checksum} ${h.code} ${String(h.startNs).padStart(20, '0')} ${pad(h.stdoutBytes)} ${pad(h.stderrBytes)} ${pad(h.pathBytes)} ${pad(h.depCount)}\n`;

export const EMPTY_HEADER: RecordHeader = {
  fingerprint: '0'.repeat(64),
  stamps: '0'.repeat(64),
  lineKey: NO_KEY,
  checksum: '0'.repeat(64),
  code: 0,
  startNs: 0n,
  stdoutBytes: 0,
  stderrBytes: 0,
  pathBytes: 0,
  depCount: 0,
};
export const HEADER_BYTES = headerLine(EMPTY_HEADER).length;

const HEX64 = /^[0-9a-f]{64}$/;

/** The header of the open record `fd`; undefined when it is none of this format. */
export function readHeader(fd: number): RecordHeader | undefined {
  const header = Buffer.alloc(HEADER_BYTES);
  return parseHeader(header.toString('latin1', 0, readAt(fd, header, HEADER_BYTES, 0)));
}

/** The header of a record; undefined when it is none of this format. */
function parseHeader(text: string): RecordHeader | undefined {
  if (text.length !== HEADER_BYTES || !text.startsWith(`${FORMAT} `) || !text.endsWith('\n'))
    return undefined;
  const [fingerprint, stamps, lineKey, checksum, code, start, ...sizes] = text
    .slice(FORMAT.length + 1, -1)
    .split(' ');
  const [stdoutBytes, stderrBytes, pathBytes, depCount] = sizes.map(Number);
  if (
    sizes.length !== 4 ||
    !HEX64.test(fingerprint!) ||
    !HEX64.test(stamps!) ||
    !(lineKey === NO_KEY || HEX64.test(lineKey!)) ||
    !HEX64.test(checksum!) ||
    (code !== '0' && code !== '1') ||
    !/^\d{20}$/.test(start!) ||
    ![stdoutBytes, stderrBytes, pathBytes, depCount].every((n) => Number.isSafeInteger(n))
  )
    return undefined;
  return {
    fingerprint: fingerprint!,
    stamps: stamps!,
    lineKey: lineKey!,
    checksum: checksum!,
    code: Number(code),
    startNs: BigInt(start!),
    stdoutBytes: stdoutBytes!,
    stderrBytes: stderrBytes!,
    pathBytes: pathBytes!,
    depCount: depCount!,
  };
}

export const bodyBytes = (h: RecordHeader): number =>
  h.stdoutBytes + h.stderrBytes + h.pathBytes + h.depCount * STAMP_BYTES;

/** A file's metadata, as bigint `stat` gives it: the engine's own stamp (a type: nothing loaded). */
export type Stamp = InputStamp;

/**
 * What tells one record file from another, for `fast-replay.ts` to say which record it found
 * stale: a record is replaced by a rename (a new inode), never written in place.
 */
export const recordIdentity = (s: Stamp): string => `${s.dev} ${s.ino} ${s.size} ${s.mtimeNs} ${s.ctimeNs}`;

/** A dependency's stamp: device, inode, mode, size, modification and change times (ns); all ones: absent. */
export const STAMP_FIELDS = 6;
export const STAMP_BYTES = STAMP_FIELDS * 8;
export const ABSENT = (1n << 64n) - 1n;

/** Sets the `i`th stamp of `into` to that of `s` (absent when undefined). */
export function writeStamp(into: BigUint64Array, i: number, s: Stamp | undefined): void {
  const at = i * STAMP_FIELDS;
  if (!s) {
    into.fill(ABSENT, at, at + STAMP_FIELDS);
    return;
  }
  into[at] = s.dev;
  into[at + 1] = s.ino;
  into[at + 2] = s.mode;
  into[at + 3] = s.size;
  into[at + 4] = s.mtimeNs;
  into[at + 5] = s.ctimeNs;
}

/**
 * Whether `s` is the `i`th stamp of `stamps` (an absent file's when `s` is undefined): the
 * fields most likely to differ first. A typed array, not `readBigUInt64LE` (a quarter of the
 * check's time for 10,000 files); stat's fields are never negative.
 */
export function sameStamp(stamps: BigUint64Array, i: number, s: Stamp | undefined): boolean {
  const at = i * STAMP_FIELDS;
  if (!s) return stamps[at] === ABSENT && stamps[at + 1] === ABSENT;
  return (
    stamps[at + 4] === s.mtimeNs &&
    stamps[at + 3] === s.size &&
    stamps[at + 1] === s.ino &&
    stamps[at + 5] === s.ctimeNs &&
    stamps[at] === s.dev &&
    stamps[at + 2] === s.mode
  );
}

/**
 * A dependency listed by what the walk takes of it, not by its stamp: the directory the record
 * and the cache are written in (writing them changes its times). Its path has this prefix, and
 * its "stamp" is `listingDigest`.
 */
export const LISTED = '\u0001';

/**
 * SHA-384 (a stamp's 48 bytes) of what the walk takes of a directory's entries: the names of its
 * `*.xml` files and of its directories, hidden ones left out (the record and the cache are
 * hidden files): the walk's own `entriesOf`; undefined when it cannot be listed.
 */
export function listingDigest(dir: string): Buffer | undefined {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const names = entriesOf(entries).map((e) => e.key);
  return createHash('sha384').update(names.join('\0')).digest();
}

/**
 * `use` of the record `file`, open while it runs; undefined when the file cannot be opened. Only
 * a regular file is opened, and without blocking: a FIFO put in its place is not waited on.
 */
export function withRecord<T>(file: string, use: (fd: number) => T): T | undefined {
  const fd = openRegularFileSync(file);
  if (fd === undefined) return undefined;
  try {
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

/** Reads `length` bytes at `position`, fewer only at the end of the file. */
export function readAt(fd: number, buffer: Buffer, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

export const CHUNK_BYTES = 1 << 20;

/**
 * The header as the checksum covers it: all of it but the checksum itself (its exit code, keys
 * and sizes are as much the record as its body).
 */
export const checkedHeader = (h: RecordHeader): string =>
  headerLine({ ...h, checksum: EMPTY_HEADER.checksum });

/** Whether the body (after the header), then `checkedHeader`, has the header's checksum: read a chunk at a time. */
export function bodyHolds(fd: number, h: RecordHeader): boolean {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  const end = HEADER_BYTES + bodyBytes(h);
  for (let at = HEADER_BYTES; at < end;) {
    const n = readAt(fd, buffer, Math.min(CHUNK_BYTES, end - at), at);
    if (n === 0) return false;
    hash.update(buffer.subarray(0, n));
    at += n;
  }
  return hash.update(checkedHeader(h)).digest('hex') === h.checksum;
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

/** A write to stderr as a record holds it: where it came in stdout, its length (8 bytes each), its bytes. */
export function stderrEntry(stdoutAt: number, chunk: string): Buffer {
  const text = Buffer.from(chunk, 'utf8');
  const entry = Buffer.allocUnsafe(16 + text.length);
  entry.writeBigUInt64LE(BigInt(stdoutAt), 0);
  entry.writeBigUInt64LE(BigInt(text.length), 8);
  text.copy(entry, 16);
  return entry;
}

/**
 * Writes the record's stdout and stderr to `io`, interleaved as the run wrote them (the same
 * bytes on a terminal, or on one file for both): its exit code. The stderr entries are read
 * whole (a line or so per file at most); stdout a chunk at a time.
 */
export type Replay = () => number;

/**
 * The replay of a record whose checksum holds: undefined when its stderr entries do not fit
 * together. Everything is checked before a byte is written: once the replay writes, it does not
 * fail back to linting (which would write the output a second time); an error then is the run's.
 */
export function replayOutput(fd: number, h: RecordHeader, io: CliIo): Replay | undefined {
  const entries = Buffer.allocUnsafe(h.stderrBytes);
  if (readAt(fd, entries, h.stderrBytes, HEADER_BYTES + h.stdoutBytes) !== h.stderrBytes) return undefined;
  const writes: { stdoutAt: number; text: Buffer }[] = [];
  for (let at = 0, last = 0; at < entries.length;) {
    if (at + 16 > entries.length) return undefined;
    const stdoutAt = Number(entries.readBigUInt64LE(at));
    const length = Number(entries.readBigUInt64LE(at + 8));
    if (stdoutAt < last || stdoutAt > h.stdoutBytes || at + 16 + length > entries.length) return undefined;
    writes.push({ stdoutAt, text: entries.subarray(at + 16, at + 16 + length) });
    last = stdoutAt;
    at += 16 + length;
  }
  return () => {
    let written = 0;
    for (const { stdoutAt, text } of writes) {
      copyOut(fd, HEADER_BYTES + written, stdoutAt - written, io.stdout);
      written = stdoutAt;
      writeText(text, io.stderr);
    }
    copyOut(fd, HEADER_BYTES + written, h.stdoutBytes - written, io.stdout);
    return h.code;
  };
}

function writeText(bytes: Buffer, stream: CliIo['stderr']): void {
  if (bytes.length === 0) return;
  const raw =
    stream === process.stderr ? process.stderr : stream === process.stdout ? process.stdout : undefined;
  if (raw) raw.write(bytes);
  else stream.write(bytes.toString('utf8'));
}
