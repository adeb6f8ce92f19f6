import v8 from 'node:v8';

/** V8's own interrupt budget in Node 20 (V8 11.3), in bytes of bytecode executed. */
export const V8_DEFAULT_INTERRUPT_BUDGET = 67_584;

/**
 * How much bytecode a JavaScript function runs, in bytes, before V8 considers optimizing it, in
 * a run that turns `libvirt-schema` on: four times V8's default. There both cores are busy (the
 * calling thread lints and validates beside a worker thread, decision 18), so the CPU that V8's
 * optimizing compiler takes on its helper threads is taken from a lane: 0.58 s of a 2,000-file
 * schema run's ~3.3 s (perf), most of it lint code optimized early on thin type feedback, in
 * both isolates. With four times the budget, fewer lukewarm functions are compiled: that run
 * went from 1.68 to 1.55 s of wall time and 3.15 to 2.90 s of CPU (medians of alternated runs on
 * a quiet machine); at 10,000 files its CPU stayed the same. Not for other runs: a plain `lint`
 * of 10,000 files, on one thread with the compiler on the idle core, took 0.1 s more CPU, and
 * `fix --check` 0.2 s more (docs/decisions/0021-schema-wasm-shared-and-jit-budget.md).
 */
export const INTERRUPT_BUDGET = 4 * V8_DEFAULT_INTERRUPT_BUDGET;

let set = false;

/**
 * Sets the budget for the rest of the process: V8 reads the flag each time it resets a
 * function's budget, and flags are process-wide, so worker threads have it too. Output is the
 * same whatever V8 optimizes.
 */
export function raiseInterruptBudget(): void {
  if (set) return;
  set = true;
  v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
