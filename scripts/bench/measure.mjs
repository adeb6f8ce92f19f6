// Runs one command and measures its wall time, CPU time and the peak resident memory of its whole
// process tree (Linux /proc).
//
// The command runs under GNU time (`/usr/bin/time -f '%U %S %M'`), which reports the user and
// system CPU time of the command and every descendant it waited for, and the largest peak RSS of
// any single process of the tree (ru_maxrss, exact, short-lived processes included). Peak memory
// of the tree as a whole is sampled: every SAMPLE_MS the tree below the wrapper is walked through
// /proc/<pid>/task/<tid>/children (every thread's children, so processes started by worker threads
// count too; worker threads themselves share their process's memory) and VmRSS and VmHWM are read
// from each process's /proc/<pid>/status. The peak reported is the largest of
// - the largest sum of VmRSS over the tree in one sample (what the tree held at once),
// - the largest VmHWM seen of one process, and GNU time's ru_maxrss (exact, per process).
// Limits: the sum may miss a peak that lasts less than SAMPLE_MS when several processes run at
// once (a single process's peak is never missed); memory shared between processes (a shared
// library, a forked child's copy-on-write pages) counts once per process; the sampling itself
// costs the bench process a little CPU that the measured command competes with.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';

export const SAMPLE_MS = 20;
export const GNU_TIME = '/usr/bin/time';

function readOr(file, fallback) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback; // the process or thread ended meanwhile
  }
}

/** The pids of `root` and of every descendant still running. */
function processTree(root) {
  const pids = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop();
    pids.push(pid);
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      for (const child of readOr(`/proc/${pid}/task/${tid}/children`, '').split(' ')) {
        if (child !== '') queue.push(Number(child));
      }
    }
  }
  return pids;
}

/** VmRSS and VmHWM of `pid` in KiB (0 once it has exited). */
function memoryOf(pid) {
  const status = readOr(`/proc/${pid}/status`, '');
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
}

/** GNU time's last line (it prints "Command exited with non-zero status N" before it). */
function readTimeReport(file) {
  const last = readOr(file, '').trim().split('\n').pop() ?? '';
  const [user, system, maxKiB] = last.split(' ').map(Number);
  if (![user, system, maxKiB].every(Number.isFinite)) return { cpuMs: NaN, maxKiB: 0 };
  return { cpuMs: (user + system) * 1000, maxKiB };
}

let measured = 0;

/**
 * Runs `command args` in `cwd` with stdin and stdout on /dev/null, and resolves with
 * `{ code, signal, ms, cpuMs, peakKiB, samples, stderr }` (stderr: its last 64 KiB, for error
 * messages). `scratch` is a directory for GNU time's report.
 */
export function measure(command, args, { cwd, scratch }) {
  const report = join(scratch, `time-${process.pid}-${++measured}.txt`);
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(GNU_TIME, ['-f', '%U %S %M', '-o', report, command, ...args], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let ms = 0;
    let stderr = '';
    let treePeak = 0;
    let samples = 0;
    const hwm = new Map();
    const sample = () => {
      if (child.pid === undefined) return;
      let sum = 0;
      // The first pid is GNU time itself: not part of what is measured.
      for (const pid of processTree(child.pid).slice(1)) {
        const memory = memoryOf(pid);
        sum += memory.rss;
        hwm.set(pid, Math.max(hwm.get(pid) ?? 0, memory.hwm));
      }
      treePeak = Math.max(treePeak, sum);
      samples++;
    };
    const timer = setInterval(sample, SAMPLE_MS);
    sample();
    child.stderr.setEncoding('utf8').on('data', (text) => {
      stderr = (stderr + text).slice(-65536);
    });
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('exit', () => {
      ms = performance.now() - start;
      clearInterval(timer);
    });
    child.on('close', (code, signal) => {
      const time = readTimeReport(report);
      rmSync(report, { force: true });
      const peakKiB = Math.max(treePeak, time.maxKiB, ...hwm.values());
      resolve({ code, signal, ms, cpuMs: time.cpuMs, peakKiB, samples, stderr });
    });
  });
}
