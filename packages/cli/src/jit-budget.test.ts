import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const built = new URL('../dist/jit-budget.js', import.meta.url).href;
const builtMain = new URL('../dist/main.js', import.meta.url).href;

const RNG = 'http://relaxng.org/ns/structure/1.0';

/** A schema directory whose domain.rng accepts `<domain><name>...</name></domain>`, and such a domain. */
const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function schemaTree(): Promise<{ dir: string; vm: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'virt-alias-jit-'));
  made.push(dir);
  await writeFile(
    path.join(dir, 'domain.rng'),
    `<grammar xmlns="${RNG}"><start><element name="domain"><element name="name"><text/></element></element></start></grammar>`,
  );
  const vm = path.join(dir, 'vm.xml');
  await writeFile(vm, '<domain>\n  <name>vm</name>\n</domain>\n');
  return { dir, vm };
}

/**
 * How many calls of a small function V8 makes before it has optimized it, in a fresh process,
 * in the calling thread and then in a worker thread started after `first` ran. Synchronous
 * optimization (`--no-concurrent-recompilation`) makes the count exact: no timing is involved.
 */
const script = (first: string): string => `
import { Worker } from 'node:worker_threads';
${first}
const count = \`
  function work(n) { let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s; }
  let calls = 0;
  // V8's OptimizationStatus: bit 4, optimized.
  while (calls < 100000 && !(%GetOptimizationStatus(work) & 16)) { work(20); calls++; }
  calls;
\`;
const main = (0, eval)(count);
const worker = await new Promise((resolve, reject) => {
  const w = new Worker(\`require('node:worker_threads').parentPort.postMessage((0, eval)(\${JSON.stringify(count)}))\`, { eval: true, execArgv: [] });
  w.once('message', resolve);
  w.once('error', reject);
});
console.log(JSON.stringify({ main, worker }));
`;

async function callsBeforeOptimized(first: string): Promise<{ main: number; worker: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--allow-natives-syntax',
    '--no-concurrent-recompilation',
    '--input-type=module',
    '-e',
    script(first),
  ]);
  return JSON.parse(stdout) as { main: number; worker: number };
}

/** The CLI run with `argv`, its output dropped, before the count. */
const cli = (argv: readonly string[]): string =>
  `await (await import(${JSON.stringify(builtMain)})).main(${JSON.stringify(argv)}, { stdout: { write() {} }, stderr: { write() {} } });`;

describe('raiseInterruptBudget', () => {
  it('makes V8 wait about four times as long before optimizing, in worker threads started later too', async () => {
    const v8s = await callsBeforeOptimized('');
    const raised = await callsBeforeOptimized(
      `(await import(${JSON.stringify(built)})).raiseInterruptBudget();`,
    );
    // V8 optimized within the loop both times: the counts mean something.
    expect(v8s.main).toBeGreaterThan(10);
    expect(raised.main).toBeLessThan(100000);
    expect(raised.main).toBeGreaterThanOrEqual(3 * v8s.main);
    expect(raised.worker).toBeGreaterThanOrEqual(3 * v8s.worker);
  });

  it('is raised by a run that turns libvirt-schema on, and only by such a run', async () => {
    const { dir, vm } = await schemaTree();
    const v8s = await callsBeforeOptimized('');
    const plain = await callsBeforeOptimized(cli(['lint', '--no-config', vm]));
    const schema = await callsBeforeOptimized(
      cli(['lint', '--no-config', '--rule', 'libvirt-schema=error', '--schema', dir, vm]),
    );
    expect(plain.main).toBe(v8s.main);
    expect(schema.main).toBeGreaterThanOrEqual(3 * v8s.main);
  });
});
