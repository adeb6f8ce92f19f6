import type { CliIo } from './io.js';

/** Shown only for runs longer than this: a quick run stays quiet. */
const SHOW_AFTER_MS = 1000;
/** Redrawn at most this often. */
const REDRAW_MS = 100;

const count = (n: number): string => n.toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.ceil(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/**
 * A progress line on stderr, `virt-alias: 1,234/10,000 files, 950 files/s, about 9 s left`,
 * redrawn in place (carriage return, erase line) while files are done, once the run has lasted
 * more than a second; erased before anything else is written to the terminal and at the end.
 * Only for a terminal: `enabled` is false when stderr is not one, or with `--quiet`.
 */
export class Progress {
  private done = 0;
  private shown = false;
  private lastDraw = -Infinity;
  private readonly started: number;

  constructor(
    /** Files to do; may be set again before the first file is done. */
    public total: number,
    private readonly stderr: CliIo['stderr'],
    private readonly enabled: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** The line as it would be drawn now. */
  line(): string {
    const elapsed = (this.now() - this.started) / 1000;
    const rate = elapsed > 0 ? this.done / elapsed : 0;
    const left = rate > 0 ? (this.total - this.done) / rate : Infinity;
    return `virt-alias: ${count(this.done)}/${count(this.total)} files, ${count(Math.round(rate))} files/s, about ${duration(left)} left`;
  }

  /** One more file done. */
  tick(): void {
    this.done++;
    if (!this.enabled || this.done >= this.total) return;
    const now = this.now();
    if (now - this.started < SHOW_AFTER_MS || now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.stderr.write(`\r${this.line()}\u001b[K`);
    this.shown = true;
  }

  /** Erases the line, if drawn (it comes back at the next tick). */
  clear(): void {
    if (!this.shown) return;
    this.stderr.write('\r\u001b[K');
    this.shown = false;
  }

  /** The same streams, erasing the line before each write. */
  around(io: CliIo): CliIo {
    if (!this.enabled) return io;
    const through = (stream: CliIo['stdout']): CliIo['stdout'] => ({
      write: (chunk: string) => {
        this.clear();
        return stream.write(chunk);
      },
    });
    return { ...io, stdout: through(io.stdout), stderr: through(io.stderr) };
  }
}
