/** A mistake in the command line: exit 2, with a hint to run --help. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** The command whose --help the hint names, if any. */
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

export { describeFsError, errorMessage, isFsError } from '@virt-alias/engine';
