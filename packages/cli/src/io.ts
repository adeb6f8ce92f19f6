/** Where the CLI reads and writes: the process's streams, or fakes in tests. */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  readonly stdin: AsyncIterable<Uint8Array | string>;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal: the default for colour. */
  readonly isTTY: boolean;
  /** Whether stderr is a terminal: the progress line is drawn only there. Default: false. */
  readonly stderrIsTTY?: boolean;
  /** The terminal's width when stdout is one: help wraps to it. */
  readonly columns?: number;
}

/** Fills what the caller left out with the process's own. */
export function completeIo(io: Partial<CliIo> = {}): CliIo {
  return {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    stdin: io.stdin ?? process.stdin,
    cwd: io.cwd ?? process.cwd(),
    env: io.env ?? process.env,
    isTTY: io.isTTY ?? process.stdout.isTTY,
    stderrIsTTY: io.stderrIsTTY ?? (io.stderr === undefined && process.stderr.isTTY),
    ...(io.columns !== undefined || io.stdout === undefined
      ? { columns: io.columns ?? (process.stdout.isTTY ? process.stdout.columns : undefined) }
      : {}),
  };
}

export const PROGRAM = 'virt-alias';
