import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const built = new URL('../dist/jit-budget.js', import.meta.url).href;
const builtMain = new URL('../dist/main.js', import.meta.url).href;

/** What runs before the count: nothing, the function itself, or the CLI (`--version`). */
type Before = 'nothing' | 'raise' | 'main';

const before: Record<Before, string> = {
  nothing: '',
  raise: `(await import(${JSON.stringify(built)})).raiseInterruptBudget();`,
  main: `await (await import(${JSON.stringify(builtMain)})).main(['--version'], { stdout: { write() {} } });`,
};

/**
 * How many calls of a small function V8 makes before it has optimized it, in a fresh process,
 * in the calling thread and then in a worker thread started after `first` ran. Synchronous
 * optimization (`--no-concurrent-recompilation`) makes the count exact: no timing is involved.
 */
const script = (first: Before): string => `
import { Worker } from 'node:worker_threads';
${before[first]}
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

async function callsBeforeOptimized(first: Before): Promise<{ main: number; worker: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--allow-natives-syntax',
    '--no-concurrent-recompilation',
    '--input-type=module',
    '-e',
    script(first),
  ]);
  return JSON.parse(stdout) as { main: number; worker: number };
}

describe('raiseInterruptBudget', () => {
  it('makes V8 wait about four times as long before optimizing, in worker threads started later too', async () => {
    const v8s = await callsBeforeOptimized('nothing');
    const raised = await callsBeforeOptimized('raise');
    // V8 optimized within the loop both times: the counts mean something.
    expect(v8s.main).toBeGreaterThan(10);
    expect(raised.main).toBeLessThan(100000);
    expect(raised.main).toBeGreaterThanOrEqual(3 * v8s.main);
    expect(raised.worker).toBeGreaterThanOrEqual(3 * v8s.worker);
  });

  it('is raised by the CLI before any command runs', async () => {
    const v8s = await callsBeforeOptimized('nothing');
    const cli = await callsBeforeOptimized('main');
    expect(cli.main).toBeGreaterThanOrEqual(3 * v8s.main);
  });
});
