import { execFile } from 'node:child_process';
import { describe, it } from 'vitest';
export { mapLimit } from '../map-limit.js';

/**
 * Running the real tools the tests check virt-alias against (virsh, virt-xml-validate): shared
 * by the test suites of every package, never shipped.
 */

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** A hang guard, never a measure of speed: the program is killed after this long. */
  readonly timeoutMs?: number;
}

/**
 * Runs a program without a shell. Resolves with the exit status whatever it is; rejects only when
 * the program cannot run at all (missing) or was killed (timeout).
 */
export function runProgram(file: string, args: readonly string[], options: RunOptions = {}): Promise<Run> {
  const { timeoutMs = 30_000, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const settings = { ...spawnOptions, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 };
    execFile(file, args, settings, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`${file} ${args.join(' ')}: ${error.message}`, { cause: error }));
        return;
      }
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

/** The program's output when it runs and exits 0, else null. */
export async function probeProgram(file: string, args: readonly string[]): Promise<string | null> {
  try {
    const r = await runProgram(file, args);
    return r.code === 0 ? r.stdout.trim() || 'ok' : null;
  } catch {
    return null;
  }
}

/** Under `CI=true` a missing tool fails the run; it never turns into a silent skip. */
export const IN_CI = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());

/**
 * One test that says whether the tools a suite checks virt-alias against are there: it passes
 * when they are, fails under `CI=true` when one is missing (CI never skips them), and is skipped
 * with a warning elsewhere. `suite` names the tests that need them.
 */
export function requireTools(suite: string, tools: Readonly<Record<string, unknown>>, hint: string): void {
  const missing = Object.entries(tools)
    .filter(([, found]) => !found)
    .map(([name]) => name);
  describe('the tools it needs are installed', () => {
    it(`${Object.keys(tools).join(' and ')} on PATH`, (ctx) => {
      if (missing.length === 0) return;
      const message = `${missing.join(' and ')} not found on PATH: ${hint}`;
      if (IN_CI) throw new Error(`CI: ${suite} must run, not be skipped. ${message}`);
      // Shown by the default reporter, which does not print skip notes.
      console.warn(`${suite} SKIPPED: ${message} (with CI=true it fails instead)`);
      ctx.skip(message);
    });
  });
}
