import type { Command } from './args.js';
import { debugLine } from './debug-log.js';
import { EXIT_ERROR, EXIT_OK } from './exit-codes.js';
import { helpWidth, wrapHelp } from './help-wrap.js';
import { completeIo, PROGRAM, type CliIo } from './io.js';
import { UsageError } from './usage-error.js';
import { packageVersion } from './version.js';

// Every command's module, and the argument parser, is imported when the command runs: a `lint`
// loads neither the audit's report formats nor `apply`'s libvirt stage, and `--version` loads
// nothing (docs/decisions/0016-startup-and-cache-rerun.md).

/** The commands whose --help a usage error may name. */
const COMMANDS = new Set(['lint', 'fix', 'apply', 'rules', 'audit', 'init']);

/**
 * A usage error's hint names its command's --help; one found by code every command shares
 * (`--rule`) names none itself, and gets the command the line gave.
 */
function reportUsageError(error: UsageError, io: CliIo, argv: readonly string[]): number {
  const command = error.command ?? (COMMANDS.has(argv[0] ?? '') ? argv[0] : undefined);
  const help = command ? `${PROGRAM} ${command} --help` : `${PROGRAM} --help`;
  io.stderr.write(`${PROGRAM}: ${error.message}\nRun '${help}' for usage.\n`);
  return EXIT_ERROR;
}

async function reportInternalError(error: unknown, io: CliIo, debug: boolean): Promise<number> {
  try {
    const { errorMessage } = await import('./errors.js');
    io.stderr.write(`${PROGRAM}: internal error: ${errorMessage(error)}\n`);
    if (debug && error instanceof Error && error.stack) {
      io.stderr.write(`${error.stack}\n`);
    }
  } catch {
    // stderr itself failed: nothing left to tell anyone.
  }
  return EXIT_ERROR;
}

/** `virt-alias --version` alone, answered as yargs would, without loading it. */
const VERSION_ONLY = new Set(['--version', '-V']);

/**
 * Runs the command line `argv` (without `node` and the script) and returns the exit code: 0 clean,
 * 1 findings, 2 usage, config, file or internal error. Never exits the process, never throws.
 */
export async function main(argv: readonly string[], io?: Partial<CliIo>): Promise<number> {
  const streams = completeIo(io);
  try {
    if (argv.length === 1 && VERSION_ONLY.has(argv[0]!)) {
      streams.stdout.write(`${packageVersion()}\n`);
      return EXIT_OK;
    }
    /** The run record the command line's check found stale (`replayCommandLine`). */
    let staleRecord: string | undefined;
    if (argv[0] === 'lint' && argv.includes('--cache')) {
      // The last run of this very command line, replayed when nothing it read has changed.
      const { replayCommandLine } = await import('./fast-replay.js');
      const replayed = replayCommandLine(argv, streams, (record) => {
        staleRecord = record;
      });
      if (replayed !== undefined) return replayed;
    }
    const { parseArgs } = await import('./args.js');
    const command = parseArgs(argv);
    if ('args' in command && 'printConfig' in command.args && command.args.printConfig !== undefined) {
      const { runPrintConfig } = await import('./print-config.js');
      return await runPrintConfig({ ...command.args, printConfig: command.args.printConfig }, streams);
    }
    const debug = 'args' in command && 'debug' in command.args && command.args.debug;
    if (debug)
      debugLine(streams, true, `${command.kind}: virt-alias ${packageVersion()}, cwd ${streams.cwd}`);
    const code = await runCommand(command, streams, argv, staleRecord);
    if (debug) debugLine(streams, true, `${command.kind}: exit ${code}`);
    return code;
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError(error, streams, argv);
    // `--debug` shows the stack too, as VIRT_ALIAS_DEBUG=1 does.
    return await reportInternalError(
      error,
      streams,
      streams.env.VIRT_ALIAS_DEBUG === '1' || argv.includes('--debug'),
    );
  }
}

async function runCommand(
  command: Command,
  streams: CliIo,
  argv: readonly string[],
  staleRecord: string | undefined,
): Promise<number> {
  switch (command.kind) {
    case 'output': {
      const text = wrapHelp(command.text, helpWidth(streams.columns, streams.env));
      streams.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      return EXIT_OK;
    }
    case 'rules': {
      const { formatRules } = await import('./rules-command.js');
      streams.stdout.write(formatRules(command.format));
      return EXIT_OK;
    }
    case 'lint':
      return await (await import('./lint-command.js')).runLint(command.args, streams, argv, staleRecord);
    case 'fix':
      return await (await import('./fix-command.js')).runFix(command.args, streams);
    case 'audit':
      return await (await import('./audit-command.js')).runAudit(command.args, streams);
    case 'audit-merge':
      return await (await import('./audit-command.js')).runAuditMerge(command.args, streams);
    case 'apply':
      return await (await import('./apply-command.js')).runApply(command.args, streams);
    case 'init':
      return await (await import('./init-command.js')).runInit(command.args, streams);
  }
}
