import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CACHE_FILE, Engine, type EngineInput, type LintFileResult } from '../src/index.js';
import { BAD_XML, CLEAN_XML, collect, onlyAliasCharset, tempDir } from './helpers.js';

const config = onlyAliasCharset();

async function tree(count = 6): Promise<{ dir: string; inputs: EngineInput[] }> {
  const names: Record<string, string> = {};
  for (let i = 0; i < count; i++) names[`f${i}.xml`] = i % 2 ? BAD_XML : CLEAN_XML;
  const dir = await tempDir(names);
  return { dir, inputs: Object.keys(names).map((name) => ({ filePath: path.join(dir, name), config })) };
}

const lint = (
  dir: string,
  inputs: readonly EngineInput[],
  { version = '1.0.0', jobs = 1 }: { version?: string; jobs?: number } = {},
): Promise<LintFileResult[]> =>
  collect(
    new Engine({ jobs, cache: { location: path.join(dir, DEFAULT_CACHE_FILE), version } }).lintFiles(inputs),
  );

const cached = (results: readonly LintFileResult[]): boolean[] =>
  results.map((r) => r.kind === 'linted' && r.cached === true);

/** The results as a run without a cache reports them. */
const plain = (results: readonly LintFileResult[]): unknown[] =>
  results.map((r) => (r.kind === 'linted' ? { ...r, cached: undefined, facts: [...r.facts.lines] } : r));

describe('--cache', () => {
  it.each([[1], [2]])('jobs %i: a miss, then hits that give the same results', async (jobs) => {
    const { dir, inputs } = await tree();
    const first = await lint(dir, inputs, { jobs });
    expect(cached(first)).toEqual(inputs.map(() => false));
    const second = await lint(dir, inputs, { jobs });
    expect(cached(second)).toEqual(inputs.map(() => true));
    expect(plain(second)).toEqual(plain(first));
    expect(plain(second)).toEqual(plain(await collect(new Engine({ jobs: 1 }).lintFiles(inputs))));
  });

  it('a changed file, config or version is linted again', async () => {
    const { dir, inputs } = await tree();
    await lint(dir, inputs);
    await writeFile(inputs[0]!.filePath, BAD_XML);
    const changed = await lint(dir, inputs);
    expect(cached(changed)).toEqual([false, true, true, true, true, true]);
    expect(changed[0]).toMatchObject({ result: { errorCount: 1 } });

    const warn = inputs.map((input) => ({ ...input, config: onlyAliasCharset('warn') }));
    const reconfigured = await lint(dir, warn);
    expect(cached(reconfigured)).toEqual(inputs.map(() => false));
    expect(reconfigured[1]).toMatchObject({ result: { errorCount: 0, warningCount: 1 } });

    expect(cached(await lint(dir, warn, { version: '1.0.1' }))).toEqual(inputs.map(() => false));
    expect(cached(await lint(dir, warn, { version: '1.0.1' }))).toEqual(inputs.map(() => true));
  });

  it.each([
    ['garbage', () => 'not a cache at all'],
    ['truncated', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['a changed byte', (text: string) => text.replace('"errorCount":1', '"errorCount":0')],
    ['empty', () => ''],
    ['binary', () => '\u0000\u0001\uFFFD'],
  ])('a damaged cache (%s) is ignored and written anew, never an error', async (_, damage) => {
    const { dir, inputs } = await tree();
    const expected = plain(await lint(dir, inputs));
    const file = path.join(dir, DEFAULT_CACHE_FILE);
    await writeFile(file, damage(await readFile(file, 'utf8')));
    const again = await lint(dir, inputs);
    expect(cached(again)).toEqual(inputs.map(() => false));
    expect(plain(again)).toEqual(expected);
    expect(cached(await lint(dir, inputs))).toEqual(inputs.map(() => true));
  });

  it('an entry of the wrong shape is a miss, not a crash', async () => {
    const { dir, inputs } = await tree(2);
    await lint(dir, inputs);
    const file = path.join(dir, DEFAULT_CACHE_FILE);
    const text = await readFile(file, 'utf8');
    const [header, first, second] = text.split('\n') as [string, string, string];
    const [name, key, stamp, entry] = second.split('\t') as [string, string, string, string];
    const broken = JSON.parse(entry) as { result: unknown };
    broken.result = { filePath: inputs[1]!.filePath, messages: 'oops' };
    const body = `${first}\n${name}\t${key}\t${stamp}\t${JSON.stringify(broken)}`;
    const { createHash } = await import('node:crypto');
    // The checksum covers the body, then the header with a checksum of zeros.
    const start = header.split(' ').slice(0, 3).join(' ');
    const checksum = createHash('sha256')
      .update(body)
      .update(`${start} ${'0'.repeat(64)}\n`)
      .digest('hex');
    await writeFile(file, `${start} ${checksum}\n${body}`);
    expect(cached(await lint(dir, inputs))).toEqual([true, false]);
  });

  it('is written atomically, only when it changed, and keeps only the files of the run', async () => {
    const { dir, inputs } = await tree();
    const engine = new Engine({ jobs: 1, cache: { location: dir, version: '1' } });
    await collect(engine.lintFiles(inputs));
    expect(engine.cacheSaved).toEqual({ kind: 'written', file: path.join(dir, DEFAULT_CACHE_FILE) });
    await collect(engine.lintFiles(inputs));
    expect(engine.cacheSaved?.kind).toBe('unchanged');
    await collect(engine.lintFiles(inputs.slice(0, 2)));
    expect(engine.cacheSaved?.kind).toBe('written');
    const text = await readFile(path.join(dir, DEFAULT_CACHE_FILE), 'utf8');
    expect(text.split('\n').slice(1)).toHaveLength(2);
    expect((await readdir(dir)).filter((f) => f.startsWith('.') && f !== DEFAULT_CACHE_FILE)).toEqual([]);
  });

  it('a cache that cannot be written is said, not an error of the run', async () => {
    const { dir, inputs } = await tree(2);
    const engine = new Engine({
      jobs: 1,
      cache: { location: path.join(dir, 'f0.xml', 'cache'), version: '1' },
    });
    const results = await collect(engine.lintFiles(inputs));
    expect(results.map((r) => r.kind)).toEqual(['linted', 'linted']);
    expect(engine.cacheSaved).toMatchObject({
      kind: 'failed',
      reason: expect.stringContaining('ENOTDIR') as unknown,
    });
  });
});
