import { constants } from 'node:buffer';
import path from 'node:path';
import {
  AuditBuilder,
  compileHostPattern,
  globRoot,
  HostPatternError,
  hostResolver,
  MergeError,
  mergeReports,
  parseReport,
  StateFiles,
  type AuditReport,
  type NamedReport,
} from '@virt-alias/audit';
import { readRegularFile } from '@virt-alias/rules';
import type { AuditArgs, AuditMergeArgs } from './audit-args.js';
import { AUDIT_FORMAT_NAMES, getAuditFormatter, type AuditFormatter } from './audit-formats/index.js';
import { describeFsError, UsageError } from './errors.js';
import { slashPath } from './formatters/shared.js';
import { PROGRAM, type CliIo } from './io.js';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from './exit-codes.js';
import { lintStream, type StreamStatus } from './lint-stream.js';
import {
  planOutputs,
  warnFormatNamedFiles,
  withNewline,
  writeOutput,
  type PlannedOutput,
} from './output-files.js';
import { OutputsOverInputs } from './output-over-input.js';
import { prepareStream } from './stream-run.js';
import { STDIN_ARG } from './targets.js';
import { packageVersion } from './version.js';

/**
 * The largest report `merge` reads: the most bytes that may decode to one string (a fleet's JSON
 * report is no 10 MiB domain file). A FIFO or a device is refused without being read.
 */
const MAX_REPORT_BYTES = constants.MAX_STRING_LENGTH;

const AUDIT_FORMATS = { lookup: getAuditFormatter, names: AUDIT_FORMAT_NAMES, command: 'audit' };

/** The outputs of the command line; a file named like a format is warned of on stderr. */
function plan(args: { readonly outputs: AuditArgs['outputs'] }, io: CliIo): PlannedOutput<AuditFormatter>[] {
  const planned = planOutputs(args.outputs, io.cwd, AUDIT_FORMATS);
  warnFormatNamedFiles(planned, AUDIT_FORMAT_NAMES, io);
  return planned;
}

/** Writes the report in every planned format; false when a write failed (reported on stderr). */
async function writeReport(
  planned: readonly PlannedOutput<AuditFormatter>[],
  report: AuditReport,
  io: CliIo,
): Promise<boolean> {
  let ok = true;
  for (const output of planned) {
    if (!(await writeOutput(output, withNewline(await output.formatter(report)), io))) ok = false;
  }
  return ok;
}

/** As lint: 0 when every domain is ready, 1 when one is not, 2 when anything failed. */
const exitCode = (report: AuditReport, failed: boolean): number =>
  failed ? EXIT_ERROR : report.summary.notReady > 0 ? EXIT_FINDINGS : EXIT_OK;

function hostsOf(args: AuditArgs, cwd: string): (filePath: string, shown: string) => string {
  if (args.hostPattern !== undefined) {
    try {
      return hostResolver({ roots: [], pattern: compileHostPattern(args.hostPattern) });
    } catch (error) {
      if (error instanceof HostPatternError) throw new UsageError(error.message, 'audit');
      throw error;
    }
  }
  const roots = args.paths.filter((p) => p !== STDIN_ARG).map((p) => path.resolve(cwd, globRoot(p)));
  return hostResolver({ roots });
}

/**
 * `virt-alias audit`: lint's inputs, config cascade and presets; every result folded into the
 * report as it is produced (its row kept, its text dropped), the report written at the end.
 */
export async function runAudit(args: AuditArgs, io: CliIo): Promise<number> {
  if (args.paths.length === 0) {
    throw new UsageError('no path given: name files, directories, globs, or - for standard input', 'audit');
  }
  if (args.stdinFilename !== undefined && !args.paths.includes(STDIN_ARG)) {
    throw new UsageError('--stdin-filename names standard input: give - among the paths', 'audit');
  }
  const hostOf = hostsOf(args, io.cwd);
  const outputs = plan(args, io);
  const prepared = await prepareStream(args, io);
  if (prepared.configFailed) return EXIT_ERROR;
  const status: StreamStatus = { failed: prepared.failed };
  const shown = (filePath: string): string => slashPath(io.cwd, filePath);
  const builder = new AuditBuilder({
    version: packageVersion(),
    preset: args.preset ?? null,
    settings: {
      rules: args.rules,
      schema: args.schema ?? null,
      reportUnusedDisableDirectives: args.reportUnusedDisableDirectives,
    },
    fileOf: shown,
    hostOf: (filePath) => hostOf(filePath, shown(filePath)),
  });
  // Each guest's state at the dump, from the states.tsv beside it (examples/ansible writes one).
  const states = new StateFiles(
    (error) => {
      io.stderr.write(`${PROGRAM}: ${error.message}\n`);
      status.failed = true;
    },
    shown,
    describeFsError,
  );
  // Every domain file read (its path as read: no system call per file): a report written over
  // one of them would replace a domain dump. A file skipped as no domain (an earlier run's
  // report) is replaced, as by lint.
  const overInputs = new OutputsOverInputs(
    io.cwd,
    outputs.map((o) => o.file),
  );
  for await (const result of lintStream(prepared, args, io, status)) {
    if (!result.skipped) overInputs.see(result.filePath);
    builder.add(result, result.skipped ? null : await states.stateOf(result.filePath, result.domainName));
  }
  const report = builder.finish();
  const writable = outputs.filter((output) => {
    if (output.file === undefined) return true;
    if (overInputs.refusal(io.cwd, output.file) === undefined) return true;
    io.stderr.write(
      `${PROGRAM}: cannot write ${output.shown ?? output.file}: it is one of the files audited\n`,
    );
    status.failed = true;
    return false;
  });
  if (!(await writeReport(writable, report, io))) status.failed = true;
  return exitCode(report, status.failed);
}

/** `virt-alias audit merge REPORT.json...`: one fleet report from reports made per host or region. */
export async function runAuditMerge(args: AuditMergeArgs, io: CliIo): Promise<number> {
  if (args.reports.length === 0)
    throw new UsageError('no report given: name audit reports (--format json)', 'audit');
  const outputs = plan(args, io);
  const reports: NamedReport[] = [];
  try {
    for (const name of args.reports) {
      let text: string;
      try {
        text = (await readRegularFile(path.resolve(io.cwd, name), MAX_REPORT_BYTES)).toString('utf8');
      } catch (error) {
        throw new MergeError(`${name}: cannot read: ${describeFsError(error)}`);
      }
      reports.push({ name, report: parseReport(text, name) });
    }
    const report = mergeReports(reports);
    return exitCode(report, !(await writeReport(outputs, report, io)));
  } catch (error) {
    if (!(error instanceof MergeError)) throw error;
    io.stderr.write(`${PROGRAM}: audit merge: ${error.message}\n`);
    return EXIT_ERROR;
  }
}
