/**
 * A mistake in the command line: exit 2, with a hint to run --help. A module of its own, without
 * the engine that errors.ts re-exports from: `main` and the argument parser load it at startup.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** The command whose --help the hint names, if any. */
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}
