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
 * When the old generation starts being marked, in per cent of the room V8 left it at the last
 * full collection (its limit less what survived): 25 %, about 4 MiB here. V8's own trigger is
 * near the limit, which is at least 16 MiB above what survives (8 MiB of minimum step plus the
 * new space's capacity, whatever `--heap-growing-percent`): a run of 10,000 files ends before it,
 * one of 100,000 filled it (old generation 27-35 MiB against 11-14 MiB, peak RSS +14-20 %). At
 * 25 %: 100,000 files within a few per cent of 10,000 (docs/decisions/0013-engine-worker-threads.md,
 * "The old generation from the start").
 */
export const MARKING_TRIGGER_PERCENT = 25;

/**
 * How much the old generation may grow past what a full collection left, in per cent. V8
 * chooses 10 to 300 % from the collector's and the program's speeds; the trigger above is a share
 * of that room, so it is bounded too.
 */
const OLD_GROWING_PERCENT = 50;

/** V8's defaults in Node 20 (V8 11.3): a semi-space doubles; 0: V8 chooses. */
const DEFAULT_FLAGS = [
  '--semi-space-growth-factor=2',
  '--heap-growing-percent=0',
  '--incremental-marking-hard-trigger=0',
] as const;

/** How often the young generation's size is looked at: it grows by doubling, a few times a run. */
const POLL_MS = 20;

/** The calling thread's heap settings for one run; see `limitHeap`. */
export interface HeapLimits {
  /**
   * The run has chosen its worker threads (`EngineOptions.onThreads`). With any, V8's defaults
   * are back at once, before they start (unless `oldWithThreads`): the flags are the process's,
   * and threads have their own young generation and run their own collections.
   */
  readonly threads: (count: number) => void;
  /** The run is over: V8's defaults again. */
  readonly release: () => void;
}

/** What `limitHeap` keeps once the run has worker threads. */
export interface WithThreads {
  /**
   * The old generation's flags stay set for the whole run, threads and all (`fix`: its calling
   * thread receives every fixed text and writes it while one worker fixes, and both old
   * generations grew with the number of files: 10,000 files 120 MiB, 100,000 files 144 MiB).
   * The young generation is left to V8 from then on: `--semi-space-growth-factor=1`, set when
   * this thread's new space is full grown, would also pin a worker's new space at whatever size a
   * full collection had shrunk it to (100,000 files: four times the scavenges, and the worker's
   * CPU up by half).
   */
  readonly oldWithThreads?: boolean;
}

/**
 * Holds the calling thread's heap flat over a long run with no worker thread. With `holdOld`, the
 * old generation is held from now on (marking starts at `MARKING_TRIGGER_PERCENT` of its room,
 * and that room grows by `OLD_GROWING_PERCENT`), so that the room left by the first full
 * collection, during the directory's survey, is already the small one; until `threads` says
 * there are threads, then V8's defaults (the old generation's flags stay with `oldWithThreads`). Without it (a run with a cache, whose index of entries
 * is live and grows with the files: marked early, it is only marked again and again), the
 * growth alone is bounded, from when the young generation is capped. The young generation stops
 * growing once it has reached `MAX_NEW_SPACE_BYTES` in a run with no thread
 * (`--semi-space-growth-factor=1`: its maximum is fixed when the isolate is made, and
 * `--max-semi-space-size` is refused by worker threads). All are flags V8 reads at each
 * collection or allocation step, which `v8.setFlagsFromString` may set while running.
 */
export function limitHeap(holdOld: boolean, { oldWithThreads = false }: WithThreads = {}): HeapLimits {
  let held = false;
  const set = (flag: string): void => {
    v8.setFlagsFromString(flag);
    held = true;
  };
  if (holdOld) {
    set(`--incremental-marking-hard-trigger=${MARKING_TRIGGER_PERCENT}`);
    set(`--heap-growing-percent=${OLD_GROWING_PERCENT}`);
  }
  let chosen: number | undefined;
  const timer = setInterval(() => {
    if (chosen === undefined) return;
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (!space || space.space_size < MAX_NEW_SPACE_BYTES) return;
    clearInterval(timer);
    set('--semi-space-growth-factor=1');
    if (!holdOld) set(`--heap-growing-percent=${OLD_GROWING_PERCENT}`);
  }, POLL_MS);
  // Never what keeps the process alive.
  timer.unref();
  const release = (): void => {
    clearInterval(timer);
    if (!held) return;
    held = false;
    for (const flag of DEFAULT_FLAGS) v8.setFlagsFromString(flag);
  };
  return {
    threads: (count) => {
      chosen = count;
      if (count === 0) return;
      if (oldWithThreads && holdOld) clearInterval(timer);
      else release();
    },
    release,
  };
}
