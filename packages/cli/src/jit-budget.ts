import v8 from 'node:v8';

/** V8's own interrupt budget in Node 20 (V8 11.3), in bytes of bytecode executed. */
export const V8_DEFAULT_INTERRUPT_BUDGET = 67_584;

/**
 * How much bytecode a JavaScript function runs, in bytes, before V8 considers optimizing it:
 * four times V8's default. A run of virt-alias is short, and with V8's budget its optimizing
 * compiler (TurboFan, on V8's helper threads) took about half of a plain `lint`'s CPU on 2,000
 * files (perf: 0.51 of 1.10 s, most of it functions optimized early on thin type feedback and
 * optimized again after bailing out), and 0.58 s in a schema run where both cores are busy
 * linting, so every second spent compiling is taken from a lane. With four times the budget,
 * fewer lukewarm functions are compiled and the hot ones with better feedback: CPU of the
 * 2,000-file `lint` 0.81 to 0.56 s, of its schema run 3.51 to 3.18 s, of the 10,000-file `lint`
 * 1.76 to 1.61 s (medians, docs/decisions/0021-jit-interrupt-budget.md). 8 and 16 times gave no
 * more; a quarter of the default (thread3) cost more.
 */
export const INTERRUPT_BUDGET = 4 * V8_DEFAULT_INTERRUPT_BUDGET;

let set = false;

/**
 * Sets the budget for the process: V8 reads the flag each time it resets a function's budget, and
 * flags are process-wide, so the worker threads started later have it too. Called once, before
 * a command's modules load; output is the same whatever V8 optimizes.
 */
export function raiseInterruptBudget(): void {
  if (set) return;
  set = true;
  v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
