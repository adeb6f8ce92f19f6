// The "racily clean" rule shared by the engine's per-file cache and the CLI's run record
// (docs/decisions/0016 and 0019): here, apart from the rules, so that the CLI's command-line
// replay (which loads neither the engine nor the rules) uses the same rule.

/**
 * How much older than a run's start a file's modification time must be for its stamp to be
 * trusted: file systems with 1-second timestamps (2 seconds on FAT), and the kernel's coarse
 * clock, which stamps files up to a tick behind the wall clock a run reads.
 */
export const RACY_MARGIN_NS = 2_000_000_000n;

/**
 * The wall clock, in nanoseconds (to the millisecond): a run's start, taken before it stamps
 * its first input. Kept with what the run wrote: what a later run trusts is measured from it.
 */
export const clockNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

/**
 * Whether a file with this modification time, stamped by a run that started at `startNs`, may
 * have been changed after that run read it without its stamp changing: an edit in the same
 * timestamp tick as its last one keeps its size and times (git's "racily clean" entries). Its
 * stamp then proves nothing: its content must be read again. The bound is the run's start, not
 * the time its cache or record was written: a file read at 10.1 s with timestamp 10.0 (1-second
 * timestamps), edited at 10.5 s (still 10.0), is older than a cache written at 11.2 s.
 */
export const racilyClean = (mtimeNs: bigint, startNs: bigint): boolean => mtimeNs >= startNs - RACY_MARGIN_NS;
