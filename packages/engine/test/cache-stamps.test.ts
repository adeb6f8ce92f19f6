/**
 * What `--cache` trusts without reading a file: its metadata (device, inode, size, modification
 * and change times to the nanosecond) as it was when its content was hashed, unless the file was
 * modified no earlier than the cache file was written ("racily clean", as git says).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CACHE_FILE, Engine, type EngineInput, type LintFileResult } from '../src/index.js';
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

/** Rewrites the lines of a cache file (its header's checksum with them), as a run would have. */
async function editCache(file: string, edit: (fields: string[][]) => void): Promise<void> {
  const [header, ...lines] = (await readFile(file, 'utf8')).split('\n');
  const fields = lines.map((line) => line.split('\t'));
  edit(fields);
  const body = fields.map((f) => f.join('\t')).join('\n');
  const format = header!.split(' ').slice(0, 2).join(' ');
  await writeFile(file, `${format} ${createHash('sha256').update(body).digest('hex')}\n${body}`);
}

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

  it('racily clean: a file modified no earlier than the cache was written is hashed again', async () => {
    const { cache, inputs } = await tree();
    const files = inputs.map((i) => i.filePath);
    const first = await lint(cache, inputs);
    // A cache written in the tick the files were last modified: every entry is racy, read again,
    // and still a hit while its content hash matches.
    await utimes(cache, AN_HOUR_AGO, AN_HOUR_AGO);
    let again: LintFileResult[] = [];
    expect(await contentReads(files, async () => (again = await lint(cache, inputs)))).toBe(files.length);
    expect(cached(again)).toEqual([true, true, true, true]);
    expect(errors(again)).toEqual(errors(first));

    // An edit made in that tick after the file was read: its metadata is what the entry
    // recorded (made so here by writing the new change time into the entry), its content is not.
    const edited = files[1]!;
    await writeFile(edited, CLEAN_SAME_SIZE);
    await utimes(edited, AN_HOUR_AGO, AN_HOUR_AGO);
    const now = await stat(edited, { bigint: true });
    await editCache(cache, (lines) => {
      const line = lines.find((l) => JSON.parse(l[0]!) === edited)!;
      const stamp = line[2]!.split(' ');
      expect(stamp[5]).not.toBe(String(now.ctimeNs));
      stamp[5] = String(now.ctimeNs);
      line[2] = stamp.join(' ');
    });
    await utimes(cache, AN_HOUR_AGO, AN_HOUR_AGO);
    const racy = await lint(cache, inputs);
    expect(cached(racy)).toEqual([true, false, true, true]);
    expect(errors(racy)).toEqual([0, 0, 0, 1]);
  });
});
