/**
 * Inputs produced as the engine reads them (a directory walked as its files are linted): the
 * engine reads a bounded look-ahead of them, not all before the first result, and a config first
 * met after the threads started reaches them.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine, type EngineInput } from '../src/index.js';
import { BAD_XML, collect, onlyAliasCharset, tempDir } from './helpers.js';

const error = onlyAliasCharset('error');
const warn = onlyAliasCharset('warn');

async function badFiles(count: number): Promise<string[]> {
  const names: Record<string, string> = {};
  for (let i = 0; i < count; i++) names[`f${String(i).padStart(4, '0')}.xml`] = BAD_XML;
  const dir = await tempDir(names);
  return Object.keys(names).map((name) => path.join(dir, name));
}

/** The same bad file as an input without end, counting the inputs taken so far (`produced`). */
async function endlessInputs(): Promise<Iterable<EngineInput> & { produced: number }> {
  const [file] = await badFiles(1);
  const inputs = {
    produced: 0,
    *[Symbol.iterator](): Generator<EngineInput> {
      for (;;) {
        inputs.produced++;
        yield { filePath: file!, config: error };
      }
    },
  };
  return inputs;
}

describe('Engine with inputs produced as they are read', () => {
  it.each([[1], [2]])('jobs %i: the same results as from an array, in order', async (jobs) => {
    const files = await badFiles(60);
    const inputs: EngineInput[] = files.map((filePath, i) => ({ filePath, config: i < 30 ? error : warn }));
    async function* produced(): AsyncGenerator<EngineInput> {
      for (const input of inputs) {
        await new Promise((resolve) => setImmediate(resolve));
        yield input;
      }
    }
    const fromArray = await collect(new Engine({ jobs }).lintFiles(inputs));
    const streamed = await collect(new Engine({ jobs }).lintFiles(produced()));
    expect(streamed).toEqual(fromArray);
    // The config met only after the first results (warnings) reached the threads.
    expect(streamed.map((r) => (r.kind === 'linted' ? r.result.warningCount : -1))).toEqual(
      files.map((_, i) => (i < 30 ? 0 : 1)),
    );
  });

  it('reads a bounded look-ahead: the first result comes before the inputs end', async () => {
    const endless = await endlessInputs();
    const engine = new Engine({ jobs: 2 });
    let results = 0;
    for await (const r of engine.lintFiles(endless)) {
      expect(r.kind).toBe('linted');
      if (++results === 100) break;
    }
    expect(endless.produced).toBeLessThan(100_000);
  });

  it.each([0, Number.NaN, 1.5])(
    'batchesAhead %s: refused, as a jobs of 0 is (0 gave a run of no results)',
    (n) => {
      expect(() => new Engine({ jobs: 2, batchesAhead: n })).toThrow(RangeError);
    },
  );

  it.each([
    ['lintFiles', undefined, 2 * 8 * 2],
    ['fixFiles', undefined, 2 * 8 * 2],
    ['fixFiles', 8, 2 * 8 * 8],
  ] as const)(
    '%s with two threads, batchesAhead %s, has read %i inputs when its first result comes (batches of 8)',
    async (method, batchesAhead, window) => {
      // fix's calling thread writes each copy before it takes the next result: it asks for eight
      // batches ahead, so that the threads do not wait on it; two by default.
      const endless = await endlessInputs();
      const engine = new Engine({ jobs: 2, ...(batchesAhead === undefined ? {} : { batchesAhead }) });
      for await (const r of engine[method](endless)) {
        expect(r.kind).not.toBe('failed');
        break;
      }
      expect(endless.produced).toBe(window);
    },
  );
});
