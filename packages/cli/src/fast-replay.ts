import { constants, fstatSync, statSync } from 'node:fs';
import path from 'node:path';
import { racilyClean } from '@virt-alias/rules/racy-clean';
import type { CliIo } from './io.js';
import {
  ABSENT,
  bodyHolds,
  cacheFileOf,
  CACHE_FILE_NAME,
  commandLineKey,
  HEADER_BYTES,
  LISTED,
  listingDigest,
  readHeader,
  readAt,
  recordIdentity,
  RECORD_SUFFIX,
  replayOutput,
  withRecord,
  type Replay,
  sameStamp,
  STAMP_BYTES,
  STAMP_FIELDS,
} from './record-file.js';

/**
 * `--cache-location` as the argument parser will read it, or undefined for the default: the
 * forms it reads, `--cache-location x` and `--cache-location=x`, the last one given, none after
 * `--`. No other spelling: the parser expands no camel case (`--cacheLocation` is an unknown
 * option, exit 2). A wrong guess can only miss: a record is replayed only under the key of the
 * very command line that wrote it, and that run kept it where the parser put it.
 */
export function cacheLocation(argv: readonly string[]): string | undefined {
  let location: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--cache-location') location = argv[++i];
    else if (arg.startsWith('--cache-location=')) location = arg.slice('--cache-location='.length);
  }
  return location;
}

/** The record beside the cache file; undefined without a cache file (removing it starts afresh). */
function recordFile(argv: readonly string[], cwd: string): string | undefined {
  const file = cacheFileOf(path.resolve(cwd, cacheLocation(argv) ?? CACHE_FILE_NAME));
  try {
    return statSync(file, { bigint: true }).isFile() ? `${file}${RECORD_SUFFIX}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `lint --cache` of a command line whose record lists what its run read (docs/decisions/0019):
 * when every one of those files and directories has the stamp it had before that run read it,
 * and none was modified a little before that run started or later, the record's output is
 * written to `io` and its exit code returned, before the options are parsed, the tree walked or
 * a config resolved. Undefined, with nothing written, otherwise: the run goes on as usual.
 *
 * `onStale` is told the record's `recordIdentity` when a file it lists (an input or a config
 * file) has changed since: the run's own check of that record, after parsing, could only miss,
 * and need not stat every input to know it (`RunRecord.open`).
 */
export function replayCommandLine(
  argv: readonly string[],
  io: CliIo,
  onStale?: (record: string) => void,
): number | undefined {
  const file = recordFile(argv, io.cwd);
  if (file === undefined) return undefined;
  return withRecord(file, (fd) => holds(fd, argv, io, onStale)?.());
}

const isRegular = (mode: bigint): boolean => (Number(mode) & constants.S_IFMT) === constants.S_IFREG;

/** The replay of the open record, when it answers `argv`; undefined, with nothing written, if not. */
function holds(
  fd: number,
  argv: readonly string[],
  io: CliIo,
  onStale: ((record: string) => void) | undefined,
): Replay | undefined {
  try {
    const h = readHeader(fd);
    if (!h || h.depCount === 0 || h.lineKey !== commandLineKey(argv, io)) return undefined;
    const written = fstatSync(fd, { bigint: true });
    const depsAt = HEADER_BYTES + h.stdoutBytes + h.stderrBytes;
    if (written.size !== BigInt(depsAt + h.pathBytes + h.depCount * STAMP_BYTES)) return undefined;
    const names = Buffer.allocUnsafe(h.pathBytes);
    const stamps = new BigUint64Array(h.depCount * STAMP_FIELDS);
    if (readAt(fd, names, h.pathBytes, depsAt) !== h.pathBytes) return undefined;
    // Read into the typed array's own memory: aligned, and in this machine's byte order (the
    // record's: a record is not carried to another machine; if it were, a miss).
    const bytes = Buffer.from(stamps.buffer);
    if (readAt(fd, bytes, bytes.length, depsAt + h.pathBytes) !== bytes.length) return undefined;
    const paths = names.toString('utf8').split('\0');
    if (paths.length !== h.depCount) return undefined;
    for (let i = 0; i < paths.length; i++) {
      if (paths[i]!.startsWith(LISTED)) {
        const digest = listingDigest(paths[i]!.slice(1));
        if (!digest || !digest.equals(Buffer.from(stamps.buffer, i * STAMP_BYTES, STAMP_BYTES)))
          return undefined;
        continue;
      }
      let stats;
      try {
        stats = statSync(paths[i]!, { bigint: true, throwIfNoEntry: false });
      } catch {
        return undefined;
      }
      if (!sameStamp(stamps, i, stats)) {
        // A file, not a directory (whose change may not change the run's inputs): an input or a
        // config file, whose stamp or result key is in the record's fingerprint too.
        const recorded = stamps[i * STAMP_FIELDS + 2]!;
        if ((stats && isRegular(stats.mode)) || (recorded !== ABSENT && isRegular(recorded)))
          onStale?.(recordIdentity(written));
        return undefined;
      }
      // Racily clean (decision 16): changed in the tick of its stamp, it may differ unseen.
      if (stats && racilyClean(stats.mtimeNs, h.startNs)) return undefined;
    }
    // The checksum (8 MB for 10,000 files) last: a file edited since is told without it. Nothing
    // is written unless it holds.
    if (!bodyHolds(fd, h)) return undefined;
    return replayOutput(fd, h, io);
  } catch {
    return undefined;
  }
}
