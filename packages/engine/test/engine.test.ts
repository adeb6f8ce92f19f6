import { existsSync } from 'node:fs';
import os from 'node:os';
import { chmod, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { mappingData, type MappingData } from '@virt-alias/rewriter';
import { resolveConfig } from '@virt-alias/rules';
import { IN_CI } from '@virt-alias/rules/testing';
import { describe, expect, it, vi } from 'vitest';
import {
  callerLints,
  Engine,
  FILES_PER_AUTO_SCHEMA_WORKER,
  FILES_PER_AUTO_WORKER,
  MIN_AUTO_WORKERS,
  workerCount,
  type EngineInput,
  type Indexed,
  type LintFileResult,
} from '../src/index.js';
import { WorkerPool } from '../src/worker-pool.js';
import {
  alternatingFiles,
  BAD_XML,
  CLEAN_XML,
  collect,
  FIXTURES,
  onlyAliasCharset,
  schemaConfig,
  schemaInputs,
  tempDir,
} from './helpers.js';

const config = onlyAliasCharset();

describe('Engine', () => {
  it.each([[1], [2]])('lintFiles (jobs %i): one result per input, in input order', async (jobs) => {
    const inputs = await alternatingFiles(40, config);
    const results = await collect(new Engine({ jobs }).lintFiles(inputs));
    expect(results.map((r) => [r.index, r.filePath])).toEqual(inputs.map((input, i) => [i, input.filePath]));
    expect(results.map((r) => (r.kind === 'linted' ? r.result.errorCount : -1))).toEqual(
      inputs.map((_, i) => i % 2),
    );
  });

  it('the facts formats need of the text come with the result, not the text', async () => {
    const [input] = await alternatingFiles(2, config).then((all) => all.slice(1));
    const [result] = await collect(new Engine({ jobs: 1 }).lintFiles([input!]));
    expect(result).toMatchObject({ kind: 'linted', facts: { bom: false } });
    expect(result?.kind === 'linted' && [...result.facts.lines]).toEqual([[7, "<alias name='ua-disk.0'/>"]]);
    expect(Object.keys(result!)).not.toContain('text');
  });

  it('an unreadable file is a failure of that file only; standard input and text inputs', async () => {
    const [first] = await alternatingFiles(1, config);
    const dir = path.dirname(first!.filePath);
    const inputs: EngineInput[] = [
      { filePath: path.join(dir, 'missing.xml'), config },
      { filePath: '<stdin>', config, stream: Readable.from([Buffer.from(BAD_XML)]) },
      { filePath: '<text>', config, text: CLEAN_XML },
      { filePath: '<bytes>', config, stream: Readable.from([Buffer.from([0x3c, 0xff, 0x3e])]) },
      first!,
    ];
    const engine = new Engine({ jobs: 2 });
    expect(engine.workerThreads).toBe(0);
    const results = await collect(engine.lintFiles(inputs));
    // What the CLI asks before it caps the young generation (threads have their own).
    expect(engine.workerThreads).toBe(2);
    expect(results.map((r) => r.kind)).toEqual(['failed', 'linted', 'linted', 'failed', 'linted']);
    expect(results[0]).toMatchObject({ message: 'cannot read: no such file or directory (ENOENT)' });
    expect(results[1]).toMatchObject({ filePath: '<stdin>', result: { errorCount: 1 } });
    expect(results[3]).toMatchObject({ message: expect.stringContaining('not valid UTF-8') as unknown });
  });

  it('tells how many threads a run lints with once chosen, before its first result', async () => {
    const inputs = await alternatingFiles(4, config);
    for (const jobs of [1, 2]) {
      const told: (number | string)[] = [];
      const engine = new Engine({ jobs, onThreads: (threads) => told.push(threads) });
      for await (const result of engine.lintFiles(inputs)) told.push(result.kind);
      expect(told).toEqual([jobs === 1 ? 0 : 2, 'linted', 'linted', 'linted', 'linted']);
    }
  });

  it('each result carries its index, and nothing of the cache (its stamp) when one is kept', async () => {
    const inputs = await alternatingFiles(3, config);
    const location = path.join(path.dirname(inputs[0]!.filePath), 'cache');
    for (const cache of [undefined, { location, version: '1' }, { location, version: '1' }]) {
      const results = await collect(new Engine({ jobs: 1, ...(cache ? { cache } : {}) }).lintFiles(inputs));
      expect(results.map((r) => r.index)).toEqual([0, 1, 2]);
      for (const r of results) expect(Object.keys(r)).not.toContain('stamp');
    }
  });

  it('fixFiles gives the text as read and the fixed text; nothing is written', async () => {
    const inputs = await alternatingFiles(10, config);
    const results = await collect(new Engine({ jobs: 2 }).fixFiles(inputs));
    for (const [i, r] of results.entries()) {
      if (r.kind !== 'fixed') throw new Error(`not fixed: ${JSON.stringify(r)}`);
      expect(r.before).toBe(i % 2 ? BAD_XML : CLEAN_XML);
      expect(r.changed).toBe(i % 2 === 1);
      expect(r.output).toBe(CLEAN_XML.replace('ua-disk0', i % 2 ? 'ua-disk-0' : 'ua-disk0'));
      expect(await readFile(inputs[i]!.filePath, 'utf8')).toBe(r.before);
    }
  });

  it('fixFiles lists the findings fixed unless told not to (fixedFindings: false): the rest is the same', async () => {
    const inputs = await alternatingFiles(10, config);
    const listed = await collect(new Engine({ jobs: 2 }).fixFiles(inputs));
    const unlisted = await collect(new Engine({ jobs: 2, fixedFindings: false }).fixFiles(inputs));
    expect(listed.map((r) => r.kind === 'fixed' && r.fixed.length)).toEqual(inputs.map((_, i) => i % 2));
    expect(unlisted).toEqual(listed.map((r) => ({ ...r, fixed: [] })));
    // A fix result carries both texts: no source facts.
    expect(Object.keys(listed[1]!)).not.toContain('facts');
  });

  it.each([[1], [2]])(
    'jobs %i: a fix result carries the permissions of the file as read; a text input none',
    async (jobs) => {
      const inputs = await alternatingFiles(4, config);
      const modes = [0o600, 0o640, 0o2751, 0o644];
      for (const [i, mode] of modes.entries()) await chmod(inputs[i]!.filePath, mode);
      const results = await collect(
        new Engine({ jobs }).fixFiles([...inputs, { filePath: '<text>', config, text: BAD_XML }]),
      );
      expect(results.map((r) => r.kind === 'fixed' && r.permissions)).toEqual([...modes, undefined]);
    },
  );

  it('the mapping reaches the worker threads as data', async () => {
    const dir = path.join(FIXTURES, 'fix/lun-mapping');
    const mapping: MappingData = mappingData(
      JSON.parse(await readFile(path.join(dir, 'mapping.json'), 'utf8')) as Parameters<typeof mappingData>[0],
    );
    const expected = await readFile(path.join(dir, 'expected.xml'), 'utf8');
    const inputs = Array.from({ length: 4 }, () => ({
      filePath: path.join(dir, 'input.xml'),
      config: resolveConfig({ preset: 'recommended' }),
    }));
    for (const jobs of [1, 2]) {
      const results = await collect(new Engine({ jobs, mapping }).fixFiles(inputs));
      expect(results.map((r) => (r.kind === 'fixed' ? r.output : r.message))).toEqual(
        inputs.map(() => expected),
      );
    }
  });

  it('lintText and fixText: one document, in this thread', () => {
    const engine = new Engine();
    expect(engine.lintText(BAD_XML, config, 'a.xml')).toMatchObject({
      kind: 'linted',
      filePath: 'a.xml',
      result: { errorCount: 1, messages: [{ line: 7, column: 14 }] },
    });
    expect(engine.fixText(BAD_XML, config)).toMatchObject({ kind: 'fixed', changed: true, before: BAD_XML });
  });

  it('a consumer that stops early stops the run', async () => {
    const inputs = await alternatingFiles(64, config);
    const seen: number[] = [];
    for await (const r of new Engine({ jobs: 2 }).lintFiles(inputs)) {
      seen.push(r.index);
      if (r.index === 2) break;
    }
    expect(seen).toEqual([0, 1, 2]);
  });

  // Needs libvirt's schemas (Debian: libvirt0), as the rule's own tests; in CI they must be there.
  it.skipIf(
    os.availableParallelism() < 2 || (!IN_CI && !existsSync('/usr/share/libvirt/schemas/domain.rng')),
  )(
    'libvirt-schema on, jobs auto: worker threads and the calling thread give what one thread gives',
    async () => {
      const withSchema = schemaConfig();
      expect(workerCount('auto', 2 * FILES_PER_AUTO_SCHEMA_WORKER, true)).toBeGreaterThan(0);
      // Every fifth file has an element libvirt's schema does not know.
      const inputs = await schemaInputs(withSchema, true);
      // A text input goes to whichever lane is free, as the files do.
      inputs.splice(3, 0, { filePath: '<text>', config: withSchema, text: BAD_XML });
      const strip = (results: readonly Indexed<LintFileResult>[]) =>
        results.map((r) => ({
          index: r.index,
          filePath: r.filePath,
          found: r.kind === 'linted' ? r.result.messages : r.message,
        }));
      const alone = strip(await collect(new Engine({ jobs: 1 }).lintFiles(inputs)));
      const shared = strip(await collect(new Engine({ jobs: 'auto' }).lintFiles(inputs)));
      expect(shared).toEqual(alone);
      // Both rules have findings: the schema did validate.
      const ruleIds = alone.flatMap((r) => (typeof r.found === 'string' ? [] : r.found.map((m) => m.ruleId)));
      expect(new Set(ruleIds)).toEqual(new Set(['alias-charset', 'libvirt-schema']));
    },
  );

  it.skipIf(os.availableParallelism() < 2)(
    'startThreads: the next run takes the threads started for it, whatever its inputs; stopThreads stops them',
    async () => {
      // Threads as for a large fix (one at least, two cores too); no libvirt schema needed.
      const many = 2 * FILES_PER_AUTO_WORKER;
      expect(workerCount('auto', many, false, 'fix')).toBeGreaterThan(0);
      const inputs = await alternatingFiles(20, config);
      const engine = new Engine();
      engine.startThreads([config], many, 'fix');
      const results = await collect(engine.lintFiles(inputs));
      expect(engine.workerThreads).toBe(workerCount('auto', many, false, 'fix'));
      expect(results.map((r) => (r.kind === 'linted' ? r.result.errorCount : -1))).toEqual(
        inputs.map((_, i) => i % 2),
      );
      // Taken once: the run after starts its own, none for 20 files.
      await collect(engine.lintFiles(inputs));
      expect(engine.workerThreads).toBe(0);
      engine.startThreads([config], many, 'fix');
      await engine.stopThreads();
      await collect(engine.lintFiles(inputs));
      expect(engine.workerThreads).toBe(0);
      // A cache decides which files need a thread: nothing starts early.
      const cached = new Engine({ cache: { location: path.join(await tempDir({}), 'cache'), version: 't' } });
      cached.startThreads([config], many, 'fix');
      await collect(cached.lintFiles(inputs));
      expect(cached.workerThreads).toBe(0);
    },
  );

  it.skipIf(os.availableParallelism() < 2)(
    'startThreads: inputs that throw before the first batch stop the threads started early',
    async () => {
      const many = 2 * FILES_PER_AUTO_WORKER;
      const close = vi.spyOn(WorkerPool.prototype, 'close');
      try {
        const engine = new Engine();
        engine.startThreads([config], many, 'fix');
        const failing: AsyncIterable<EngineInput> = {
          [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('the walk failed')) }),
        };
        await expect(collect(engine.lintFiles(failing))).rejects.toThrow('the walk failed');
        expect(close).toHaveBeenCalledTimes(1);
      } finally {
        close.mockRestore();
      }
    },
  );

  it('jobs: explicit numbers are kept (one file: this thread); auto uses threads for large runs only', () => {
    expect(workerCount(1, 1000)).toBe(0);
    expect(workerCount(3, 1000)).toBe(3);
    expect(workerCount(4, 2)).toBe(2);
    expect(workerCount(4, 1)).toBe(0);
    expect(workerCount('auto', 10)).toBe(0);
    expect(workerCount('auto', 999)).toBe(0);
    // A core is left to the calling thread, which formats and writes the results; a single
    // thread beside it costs more than it saves (two cores): none then.
    const most = os.availableParallelism() - 1;
    expect(workerCount('auto', 1_000_000)).toBe(most >= MIN_AUTO_WORKERS ? most : 0);
    expect(workerCount('auto', 1_000_000, false, 'fix')).toBe(Math.max(0, most));
    // With libvirt's schema, a file costs more: threads from fewer files, and the calling
    // thread lints beside them, so that every core lints.
    expect(workerCount('auto', 399, true)).toBe(0);
    expect(workerCount('auto', 1_000_000, true)).toBe(Math.max(0, os.availableParallelism() - 1));
    expect(workerCount(3, 1000, true)).toBe(3);
    expect(callerLints('auto', true)).toBe(true);
    expect(callerLints('auto', false)).toBe(false);
    expect(callerLints(3, true)).toBe(false);
    expect(() => new Engine({ jobs: 0 })).toThrow(RangeError);
  });
});
