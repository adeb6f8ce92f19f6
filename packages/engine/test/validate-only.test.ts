/**
 * In a schema run with `jobs: 'auto'` the worker threads only read and validate the files to lint
 * (`validateOnly`), and the calling thread lints them with the verdicts they made
 * (docs/decisions/0022-schema-threads-validate-only.md): the results must be those of linting
 * in one thread.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadRuleSupport } from '@virt-alias/rules';
import { IN_CI } from '@virt-alias/rules/testing';
import { describe, expect, it } from 'vitest';
import { TaskRunner, type RunSetup, type Task } from '../src/task.js';
import { WorkerPool } from '../src/worker-pool.js';
import { schemaConfig, schemaInputs } from './helpers.js';

const schemaInstalled = existsSync('/usr/share/libvirt/schemas/domain.rng');

describe.skipIf(!IN_CI && !schemaInstalled)('validate-only tasks', () => {
  it('a worker thread reads and validates; linted in the calling thread, they give what a lint there gives, stamps and failures too', async () => {
    const config = schemaConfig();
    await loadRuleSupport([config]);
    // Clean and bad aliases by turns, every fifth file with an element the schema does not know.
    const files = (await schemaInputs(config, true)).slice(0, 40).map((i) => i.filePath);
    const dir = path.dirname(files[0]!);
    files.push(path.join(dir, 'missing.xml'), dir);
    const tasks: Task[] = files.map((filePath) => ({ mode: 'lint', filePath, configId: 0, stamp: true }));
    const setup: RunSetup = { configs: [config], reportUnusedDisableDirectives: 'warn' };
    const runner = new TaskRunner(setup);
    const linted = await runner.runBatch(tasks);
    const pool = new WorkerPool(1, setup, { run: (t) => runner.runBatch(t) });
    try {
      const validated = await pool.run(tasks.map((t) => ({ ...t, validateOnly: true })));
      await pool.settled();
      expect(pool.losses()).toEqual([]);
      expect(validated.map((r) => r.kind)).toEqual([
        ...Array<string>(40).fill('validated'),
        'failed',
        'failed',
      ]);
      const verdicts = validated.map((r) => (r.kind === 'validated' ? r.ahead?.verdict.kind : undefined));
      expect(new Set(verdicts)).toEqual(new Set(['valid', 'invalid', undefined]));
      expect(await runner.finish(tasks, validated)).toEqual(linted);
      expect(
        linted.filter(
          (r) => r.kind === 'linted' && r.result.messages.some((m) => m.ruleId === 'libvirt-schema'),
        ),
      ).not.toEqual([]);
    } finally {
      await pool.close();
    }
  });
});
