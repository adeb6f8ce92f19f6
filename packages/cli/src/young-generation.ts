import v8 from 'node:v8';

/**
 * The largest young generation ("new space": two semi-spaces) the calling thread's heap grows
 * to in a long lint run. V8 doubles it, up to 32 MiB on 64-bit Node 20, each time enough of it
 * survives a scavenge, so a run's heap kept growing for tens of thousands of files (`--jobs 1`:
 * 10,000 files 95 MiB peak RSS, 100,000 files 107-122 MiB). Held at 16 MiB: 83-86 MiB at 10,000
 * files, the same CPU time (docs/decisions/0013-engine-worker-threads.md, "One thread on two
 * cores, measured again"). 8 MiB promoted more to the old generation.
 */
export const MAX_NEW_SPACE_BYTES = 16 * 1024 * 1024;

/**
 * How much the old generation may grow past what a full collection left, in per cent, from then
 * on. V8 chooses 10 to 300 % from the collector's and the program's speeds, and a long run's old
 * generation settled at two to three times its live size (100,000 files: 29-42 MiB, peak RSS
 * 103-116 MiB). 50 %: 97-98 MiB (with the new space held), about 4 % more CPU time at 100,000
 * files and none measurable at 10,000.
 */
const OLD_GROWING_PERCENT = 50;

/** V8's `--semi-space-growth-factor` in Node 20 (V8 11.3): a semi-space doubles. */
const DEFAULT_GROWTH_FACTOR = 2;

/** How often the size is looked at: the new space grows by doubling, a few times a run. */
const POLL_MS = 20;

/**
 * Stops the young generation of this process's heaps growing once the calling thread's reaches
 * `MAX_NEW_SPACE_BYTES`, and bounds the old generation's growth (`OLD_GROWING_PERCENT`), if
 * `applies()` then (the flag is the process's: worker threads, which
 * have their own cap, are left alone by asking only when there are none). The size a heap's young
 * generation may reach is fixed when its isolate is made (`--max-semi-space-size`, refused by
 * worker threads and unknown to a `#!` line); how fast it grows is a flag V8 reads at each
 * scavenge, which `v8.setFlagsFromString` may set while running. Returns the undo, to call when
 * the run is over.
 */
export function capYoungGeneration(applies: () => boolean): () => void {
  let capped = false;
  const timer = setInterval(() => {
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (!space || space.space_size < MAX_NEW_SPACE_BYTES) return;
    clearInterval(timer);
    if (!applies()) return;
    v8.setFlagsFromString('--semi-space-growth-factor=1');
    v8.setFlagsFromString(`--heap-growing-percent=${OLD_GROWING_PERCENT}`);
    capped = true;
  }, POLL_MS);
  // Never what keeps the process alive.
  timer.unref();
  return () => {
    clearInterval(timer);
    if (capped) {
      v8.setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
      // 0: V8 chooses the factor again, from the collector's and the program's speeds.
      v8.setFlagsFromString('--heap-growing-percent=0');
    }
    capped = false;
  };
}
