import { parseArgs, type Command } from './args.js';
import { packageVersion } from './version.js';
import { errorMessage, UsageError } from './errors.js';
import { helpWidth, wrapHelp } from './help-wrap.js';
import { completeIo, PROGRAM, type CliIo } from './io.js';
import { EXIT_ERROR, EXIT_OK, runLint } from './lint-command.js';
import { formatRules } from './rules-command.js';
import { runFix } from './fix-command.js';
import { runAudit, runAuditMerge } from './audit-command.js';
import { runApply } from './apply-command.js';
import { debugLine } from './debug-log.js';
import { runInit } from './init-command.js';
import { runPrintConfig } from './print-config.js';

function reportUsageError(error: UsageError, io: CliIo): number {
  const help = error.command ? `${PROGRAM} ${error.command} --help` : `${PROGRAM} --help`;
  io.stderr.write(`${PROGRAM}: ${error.message}\nRun '${help}' for usage.\n`);
  return EXIT_ERROR;
}

function reportInternalError(error: unknown, io: CliIo, debug: boolean): number {
  try {
    io.stderr.write(`${PROGRAM}: internal error: ${errorMessage(error)}\n`);
    if (debug && error instanceof Error && error.stack) {
      io.stderr.write(`${error.stack}\n`);
    }
  } catch {
    // stderr itself failed: nothing left to tell anyone.
  }
  return EXIT_ERROR;
}

/**
 * Runs the command line `argv` (without `node` and the script) and returns the exit code: 0 clean,
 * 1 findings, 2 usage, config, file or internal error. Never exits the process, never throws.
 */
export async function main(argv: readonly string[], io?: Partial<CliIo>): Promise<number> {
  const streams = completeIo(io);
  try {
    const command = parseArgs(argv);
    if ('args' in command && 'printConfig' in command.args && command.args.printConfig !== undefined) {
      return await runPrintConfig({ ...command.args, printConfig: command.args.printConfig }, streams);
    }
    const debug = 'args' in command && 'debug' in command.args && command.args.debug;
    if (debug)
      debugLine(streams, true, `${command.kind}: virt-alias ${packageVersion()}, cwd ${streams.cwd}`);
    const code = await runCommand(command, streams);
    if (debug) debugLine(streams, true, `${command.kind}: exit ${code}`);
    return code;
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError(error, streams);
    // `--debug` shows the stack too, as VIRT_ALIAS_DEBUG=1 does.
    return reportInternalError(
      error,
      streams,
      streams.env.VIRT_ALIAS_DEBUG === '1' || argv.includes('--debug'),
    );
  }
}

async function runCommand(command: Command, streams: CliIo): Promise<number> {
  switch (command.kind) {
    case 'output': {
      const text = wrapHelp(command.text, helpWidth(streams.columns, streams.env));
      streams.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      return EXIT_OK;
    }
    case 'rules':
      streams.stdout.write(formatRules(command.format));
      return EXIT_OK;
    case 'lint':
      return await runLint(command.args, streams);
    case 'fix':
      return await runFix(command.args, streams);
    case 'audit':
      return await runAudit(command.args, streams);
    case 'audit-merge':
      return await runAuditMerge(command.args, streams);
    case 'apply':
      return await runApply(command.args, streams);
    case 'init':
      return await runInit(command.args, streams);
  }
}
