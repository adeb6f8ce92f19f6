/**
 * What `--cache` trusts without reading a file: its metadata (device, inode, size, modification
 * and change times to the nanosecond) as it was when its content was hashed, unless the file was
 * modified no earlier than a little before the run that stamped it started ("racily clean", as
 * git says).
 */
import fs from 'node:fs';
import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CACHE_FILE, Engine, type EngineInput, type LintFileResult } from '../src/index.js';
import { startingAt, withFrozenCtime } from '@virt-alias/rules/testing';
import {
  BAD_XML,
  CLEAN_XML,
  collect,
  domainXml,
  onlyAliasCharset,
  tempDir,
  threadsStarted,
} from './helpers.js';

const config = onlyAliasCharset();
/** As long as BAD_XML, and clean: an edit that keeps the size. */
const CLEAN_SAME_SIZE = domainXml('ua-disk_0');
/** A time well before any cache file of these tests is written. */
const AN_HOUR_AGO = new Date(Date.now() - 3600_000);

async function tree(count = 4): Promise<{ dir: string; cache: string; inputs: EngineInput[] }> {
  const names: Record<string, string> = {};
  for (let i = 0; i < count; i++) names[`f${i}.xml`] = i % 2 ? BAD_XML : CLEAN_XML;
  const dir = await tempDir(names);
  const inputs = Object.keys(names).map((name) => ({ filePath: path.join(dir, name), config }));
  // Modified long before the cache is written: not "racily clean".
  for (const { filePath } of inputs) await utimes(filePath, AN_HOUR_AGO, AN_HOUR_AGO);
  return { dir, cache: path.join(dir, DEFAULT_CACHE_FILE), inputs };
}

const lint = (cache: string, inputs: readonly EngineInput[]): Promise<LintFileResult[]> =>
  collect(new Engine({ jobs: 1, cache: { location: cache, version: '1' } }).lintFiles(inputs));

const cached = (results: readonly LintFileResult[]): boolean[] =>
  results.map((r) => r.kind === 'linted' && r.cached === true);

const errors = (results: readonly LintFileResult[]): number[] =>
  results.map((r) => (r.kind === 'linted' ? r.result.errorCount : -1));

/** Counts the times `run` opens or reads whole one of `files` (spies on node:fs, in this thread). */
async function contentReads(files: readonly string[], run: () => Promise<unknown>): Promise<number> {
  const watched = new Set(files);
  let count = 0;
  /** Inside a counted call: Node's readFileSync opens with fs.openSync, one read, not two. */
  let inside = false;
  const spy = (name: 'openSync' | 'readFileSync'): void => {
    const original = fs[name] as (...args: unknown[]) => unknown;
    vi.spyOn(fs, name).mockImplementation(((...args: unknown[]) => {
      if (inside || !watched.has(String(args[0]))) return original(...args);
      count++;
      inside = true;
      try {
        return original(...args);
      } finally {
        inside = false;
      }
    }) as never);
  };
  spy('openSync');
  spy('readFileSync');
  syncBuiltinESMExports();
  try {
    await run();
  } finally {
    vi.restoreAllMocks();
    syncBuiltinESMExports();
  }
  return count;
}

/** Half a second after the files' last modification: in the same 1-second timestamp tick. */
const IN_THE_SAME_TICK = new Date(AN_HOUR_AGO.getTime() + 500);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('--cache stamps', () => {
  it('a re-run of an unchanged tree reads no file, and reports the same', async () => {
    const { cache, inputs } = await tree();
    const files = inputs.map((i) => i.filePath);
    let first: LintFileResult[] = [];
    expect(await contentReads(files, async () => (first = await lint(cache, inputs)))).toBe(files.length);
    let second: LintFileResult[] = [];
    expect(await contentReads(files, async () => (second = await lint(cache, inputs)))).toBe(0);
    expect(cached(second)).toEqual([true, true, true, true]);
    expect(errors(second)).toEqual(errors(first));
  });

  it('reads the cache file back in a few reads in the last order, and line by line in another', async () => {
    const { cache, inputs } = await tree(300);
    await lint(cache, inputs);
    const size = (await stat(cache)).size;
    const reads = async (order: readonly EngineInput[]): Promise<{ calls: number; bytes: number }> => {
      const original = fs.readSync;
      let calls = 0;
      let bytes = 0;
      vi.spyOn(fs, 'readSync').mockImplementation((...args: Parameters<typeof fs.readSync>) => {
        const n = (original as (...a: unknown[]) => number)(...args);
        calls++;
        bytes += n;
        return n;
      });
      syncBuiltinESMExports();
      try {
        expect(cached(await lint(cache, order))).toEqual(order.map(() => true));
      } finally {
        vi.restoreAllMocks();
        syncBuiltinESMExports();
      }
      return { calls, bytes };
    };
    // The scan reads the whole file once; then a window of lines at a time.
    expect((await reads(inputs)).calls).toBeLessThan(10);
    // Out of order: the scan, then each line twice (its stamp, then its result), each alone;
    // never a window per line (which read 1 MiB for each).
    expect((await reads([...inputs].reverse())).bytes).toBeLessThanOrEqual(3 * size);
  });

  it('a re-run that the cache answers whole starts no worker thread', async () => {
    const { cache, inputs } = await tree();
    const run = (): Promise<LintFileResult[]> =>
      collect(new Engine({ jobs: 2, cache: { location: cache, version: '1' } }).lintFiles(inputs));
    expect(await threadsStarted(run)).toBe(2);
    let again: LintFileResult[] = [];
    expect(await threadsStarted(async () => (again = await run()))).toBe(0);
    expect(cached(again)).toEqual([true, true, true, true]);
  });

  it("tells each input's stamp once (onStamp): the stat that found it fresh, or the one before its read", async () => {
    const { cache, inputs } = await tree();
    const stampsOf = async (): Promise<Map<number, string>> => {
      const told = new Map<number, string>();
      const engine = new Engine({
        jobs: 1,
        cache: { location: cache, version: '1' },
        onStamp: (index, filePath, stamp) => {
          expect(told.has(index)).toBe(false);
          expect(filePath).toBe(inputs[index]!.filePath);
          told.set(
            index,
            stamp
              ? `${stamp.dev} ${stamp.ino} ${stamp.mode} ${stamp.size} ${stamp.mtimeNs} ${stamp.ctimeNs}`
              : '-',
          );
        },
      });
      await collect(engine.lintFiles(inputs));
      return told;
    };
    const now = async (): Promise<string[]> =>
      Promise.all(
        inputs.map(async ({ filePath }) => {
          const s = await stat(filePath, { bigint: true });
          return `${s.dev} ${s.ino} ${s.mode} ${s.size} ${s.mtimeNs} ${s.ctimeNs}`;
        }),
      );
    // Every file read (no cache yet), then every file from the cache, then one edited.
    expect([...(await stampsOf()).entries()].sort()).toEqual((await now()).map((s, i) => [i, s]));
    expect([...(await stampsOf()).entries()].sort()).toEqual((await now()).map((s, i) => [i, s]));
    await writeFile(inputs[2]!.filePath, BAD_XML);
    await utimes(inputs[2]!.filePath, AN_HOUR_AGO, AN_HOUR_AGO);
    expect([...(await stampsOf()).entries()].sort()).toEqual((await now()).map((s, i) => [i, s]));
  });

  it('a file edited with its modification time put back (touch -d) is linted again', async () => {
    const { cache, inputs } = await tree();
    expect(errors(await lint(cache, inputs))).toEqual([0, 1, 0, 1]);
    const edited = inputs[1]!.filePath;
    const before = await stat(edited);
    // Another size (and a new change time, which nothing can set back).
    await writeFile(edited, CLEAN_XML);
    await utimes(edited, before.atime, before.mtime);
    expect((await stat(edited)).mtimeMs).toBe(before.mtimeMs);
    const again = await lint(cache, inputs);
    expect(cached(again)).toEqual([true, false, true, true]);
    expect(errors(again)).toEqual([0, 0, 0, 1]);
  });

  it('the same size and times but another change time: linted again', async () => {
    const { cache, inputs } = await tree();
    await lint(cache, inputs);
    const edited = inputs[1]!.filePath;
    const before = await stat(edited);
    await writeFile(edited, CLEAN_SAME_SIZE);
    await utimes(edited, before.atime, before.mtime);
    const after = await stat(edited, { bigint: true });
    expect(after.size).toBe(BigInt(before.size));
    expect(after.mtimeMs).toBe(BigInt(Math.trunc(before.mtimeMs)));
    const again = await lint(cache, inputs);
    expect(cached(again)).toEqual([true, false, true, true]);
    expect(errors(again)).toEqual([0, 0, 0, 1]);
  });

  it('racily clean: a file modified a little before the run started is hashed again', async () => {
    const { cache, inputs } = await tree();
    const files = inputs.map((i) => i.filePath);
    // A run that started in the tick the files were last modified: every entry is racy, read
    // again by the next runs (the cache, unchanged, is not rewritten), and still a hit while
    // its content hash matches.
    const first = await startingAt(IN_THE_SAME_TICK, () => lint(cache, inputs));
    for (let i = 0; i < 2; i++) {
      let again: LintFileResult[] = [];
      expect(await contentReads(files, async () => (again = await lint(cache, inputs)))).toBe(files.length);
      expect(cached(again)).toEqual([true, true, true, true]);
      expect(errors(again)).toEqual(errors(first));
    }
    // Written by a run that started long after: trusted without a read.
    await writeFile(files[0]!, CLEAN_XML);
    await utimes(files[0]!, AN_HOUR_AGO, AN_HOUR_AGO);
    await lint(cache, inputs);
    expect(await contentReads(files, () => lint(cache, inputs))).toBe(0);
  });

  it('a coarse clock: an edit after the read, in the tick of the last one, is not taken for the old content', async () => {
    const { cache, inputs } = await tree();
    const edited = inputs[1]!.filePath;
    await withFrozenCtime(edited, async () => {
      // Read by a run that started in the tick of the file's last modification...
      expect(errors(await startingAt(IN_THE_SAME_TICK, () => lint(cache, inputs)))).toEqual([0, 1, 0, 1]);
      // ...then edited in that tick (the same size, times and change time), and the cache file
      // written later: its modification time is older than the cache file's, not than the run.
      await writeFile(edited, CLEAN_SAME_SIZE);
      await utimes(edited, AN_HOUR_AGO, AN_HOUR_AGO);
      const again = await lint(cache, inputs);
      expect(cached(again)).toEqual([true, false, true, true]);
      expect(errors(again)).toEqual([0, 0, 0, 1]);
    });
  });

  it('a cache of the format before (no start in its header) is a miss, not an error', async () => {
    const { cache, inputs } = await tree();
    await lint(cache, inputs);
    const text = await readFile(cache, 'utf8');
    const [header, ...rest] = text.split('\n');
    const [, , checksum] = header!.split(' ').slice(1);
    await writeFile(cache, [`virt-alias-cache 3 ${checksum}`, ...rest].join('\n'));
    const again = await lint(cache, inputs);
    expect(cached(again)).toEqual([false, false, false, false]);
    expect(errors(again)).toEqual([0, 1, 0, 1]);
    expect((await readFile(cache, 'utf8')).startsWith('virt-alias-cache 4 ')).toBe(true);
  });
});
