import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { vi } from 'vitest';

// A coarse clock, made deterministic for the tests of the racy rule (racy-clean.ts): no sleep,
// no timing. An edit in the same timestamp tick as a file's last one keeps its size, times and
// change time; a test makes the same size and modification time with `fs.utimes`, and keeps the
// change time (which nothing can set) with `withFrozenCtime`.

/**
 * Runs `run` on a file system whose change time does not move for `file` (in this thread): it
 * keeps the one it had before, as it does on a coarse clock when an edit falls in the tick of the
 * last one (1-second timestamps; two writes in one kernel tick on ext4).
 */
export async function withFrozenCtime<T>(file: string, run: () => Promise<T>): Promise<T> {
  const frozen = fs.statSync(file, { bigint: true }).ctimeNs;
  const original = fs.statSync;
  vi.spyOn(fs, 'statSync').mockImplementation(((...args: Parameters<typeof fs.statSync>) => {
    const stats = (original as (...a: unknown[]) => unknown)(...args);
    if (args[0] !== file || !(stats instanceof Object) || !('ctimeNs' in stats)) return stats;
    return Object.assign(Object.create(Object.getPrototypeOf(stats) as object) as object, stats, {
      ctimeNs: frozen,
    });
  }) as never);
  syncBuiltinESMExports();
  try {
    return await run();
  } finally {
    vi.mocked(fs.statSync).mockRestore();
    syncBuiltinESMExports();
  }
}

/** Runs `run` with the wall clock at `when`: a run's start (the racy rule's bound) is read from it. */
export async function startingAt<T>(when: Date, run: () => Promise<T>): Promise<T> {
  const spy = vi.spyOn(Date, 'now').mockReturnValue(when.getTime());
  try {
    return await run();
  } finally {
    spy.mockRestore();
  }
}
