/**
 * TEST-ONLY, not an interface for users: read by the worker thread only, it makes the thread fail
 * on purpose, so that tests see what the pool and the engine do with a thread that dies, without
 * timing anything (docs/reliability.md, "Worker threads").
 *
 * - `throw-at-start`: the thread throws before it is ready (as a module that fails to load would).
 * - `exit-after:K`: the thread answers K batches (empty ones count), then exits when it takes the
 *   next one (as a thread out of memory would).
 * - `throw-at-first-batch`: the thread throws (uncaught) as its first batch comes, just after it
 *   said it was ready (as a bug in the worker's own code would).
 * - `throw-at-start-once:PATH`: as `throw-at-start`, but only once the file PATH exists (the test
 *   makes it): a thread that fails after the calling thread has linted every file.
 */
export const WORKER_FAULT_ENV = 'VIRT_ALIAS_TEST_WORKER_FAULT';

/** The exit code of a thread that `exit-after:K` stops: told apart from Node's own. */
export const WORKER_FAULT_EXIT_CODE = 70;

export type WorkerFault =
  | { readonly kind: 'throw-at-start' | 'throw-at-first-batch' }
  | { readonly kind: 'exit-after'; readonly batches: number }
  | { readonly kind: 'throw-at-start-once'; readonly file: string };

/** The fault the environment asks for; undefined when none (or one this hook does not know). */
export function workerFault(env: NodeJS.ProcessEnv): WorkerFault | undefined {
  const value = env[WORKER_FAULT_ENV];
  if (value === 'throw-at-start' || value === 'throw-at-first-batch') return { kind: value };
  const once = /^throw-at-start-once:(.+)$/.exec(value ?? '');
  if (once) return { kind: 'throw-at-start-once', file: once[1]! };
  const exit = /^exit-after:(\d+)$/.exec(value ?? '');
  return exit ? { kind: 'exit-after', batches: Number(exit[1]) } : undefined;
}
