import path from 'node:path';
import { DEFAULT_CACHE_FILE, Engine } from '@virt-alias/engine';
import type { LintResult, ResolvedConfig } from '@virt-alias/rules';
import type { LintArgs } from './args.js';
import {
  BaselineError,
  BaselineFilter,
  buildBaseline,
  loadBaseline,
  saveBaseline,
  type BaselineFile,
} from './baseline.js';
import { resolveColor } from './color.js';
import { displayPath } from './display-path.js';
import { describeFsError, UsageError } from './errors.js';
import { PROGRAM, type CliIo } from './io.js';
import { FORMAT_NAMES } from './formatters/index.js';
import {
  planOutputs,
  prepareOutputFiles,
  runSeverities,
  warnFormatNamedFiles,
  type PlannedOutput,
} from './output-files.js';
import { Progress } from './progress.js';
import { OutputsOverInputs } from './output-over-input.js';
import { ReportWriter } from './report-writer.js';
import { cacheFileOf, type Stamp } from './record-file.js';
import { RunRecord, type RecordStart } from './run-record.js';
import { InputConfigs, prepareStream, type StreamedRun } from './stream-run.js';
import { limitHeap, type HeapLimits } from './heap-limits.js';
import { STDIN_ARG } from './targets.js';
import { packageVersion } from './version.js';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from './exit-codes.js';
import { reportThreadLosses } from './thread-losses.js';

/** --quiet: errors only, as ESLint's `getErrorResults`, but every linted file stays listed. */
export function errorsOnly(result: LintResult): LintResult {
  if (result.warningCount === 0) return result;
  return {
    ...result,
    messages: result.messages.filter((m) => m.severity === 2),
    warningCount: 0,
    fixableWarningCount: 0,
  };
}

function checkArgs(args: LintArgs): void {
  if (args.updateBaseline && args.baseline === undefined) {
    throw new UsageError('--update-baseline needs --baseline FILE: the file to write', 'lint');
  }
  if (args.paths.length === 0) {
    throw new UsageError('no path given: name files, directories, globs, or - for standard input', 'lint');
  }
  if (!Number.isInteger(args.maxWarnings) || args.maxWarnings < -1) {
    throw new UsageError('--max-warnings must be a whole number, 0 or more (or -1 for no limit)', 'lint');
  }
  if (args.stdinFilename !== undefined && !args.paths.includes(STDIN_ARG)) {
    throw new UsageError('--stdin-filename names standard input: give - among the paths', 'lint');
  }
}

/** `virt-alias lint`: the exit code; results to stdout, everything else to stderr. */
type BaselineUse =
  | { readonly kind: 'update'; readonly file: string; readonly dir: string; readonly shown: string }
  | {
      readonly kind: 'filter';
      readonly file: string;
      readonly dir: string;
      readonly shown: string;
      readonly known: BaselineFile;
    };

/** The baseline of this run, loaded before anything is linted; null after reporting a bad one. */
async function openBaseline(args: LintArgs, io: CliIo): Promise<BaselineUse | undefined | null> {
  if (args.baseline === undefined) return undefined;
  const file = path.resolve(io.cwd, args.baseline);
  const where = { file, dir: path.dirname(file), shown: args.baseline };
  if (args.updateBaseline) return { kind: 'update', ...where };
  try {
    return { kind: 'filter', ...where, known: await loadBaseline(file, args.baseline) };
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    io.stderr.write(`${PROGRAM}: ${error.message}\n`);
    return null;
  }
}

export async function runLint(
  args: LintArgs,
  givenIo: CliIo,
  /** The command line as given (`main`'s), when the run record may be replayed from it. */
  argv?: readonly string[],
  /** The run record that the command line's check found stale (`replayCommandLine`'s `onStale`). */
  staleRecord?: string,
): Promise<number> {
  checkArgs(args);
  // --cache: what a later run of this command line checks, stamped before anything is read.
  const start = args.cache ? RunRecord.begin(args, givenIo, argv, staleRecord) : undefined;
  const rawIo = start?.io ?? givenIo;
  const outputs = planOutputs(args.outputs, rawIo.cwd);
  warnFormatNamedFiles(outputs, FORMAT_NAMES, rawIo);
  if (!(await prepareOutputFiles(outputs, rawIo))) return EXIT_ERROR;
  const baseline = await openBaseline(args, rawIo);
  if (baseline === null) return EXIT_ERROR;
  // Flat memory over long runs in this thread, from the directory's survey on (heap-limits.ts).
  const heap = limitHeap(!args.cache);
  try {
    return await lintRun(args, rawIo, outputs, baseline, heap, start);
  } finally {
    heap.release();
  }
}

async function lintRun(
  args: LintArgs,
  rawIo: CliIo,
  outputs: readonly PlannedOutput[],
  baseline: BaselineUse | undefined,
  heap: HeapLimits,
  start: RecordStart | undefined,
): Promise<number> {
  const cacheLocation = path.resolve(rawIo.cwd, args.cacheLocation ?? DEFAULT_CACHE_FILE);
  /** The run's record, once opened: the engine is made before it. */
  const recording: { record?: RunRecord } = {};
  const engine = new Engine({
    ...(args.jobs !== undefined ? { jobs: args.jobs } : {}),
    onThreads: heap.threads,
    reportUnusedDisableDirectives: args.reportUnusedDisableDirectives,
    ...(args.cache
      ? {
          cache: { location: cacheLocation, version: packageVersion() },
          // The record keeps the stamps the engine takes: it stats no input of its own.
          onStamp: (index: number, filePath: string, stamp: Stamp | undefined) => {
            recording.record?.stamp(index, filePath, stamp);
          },
        }
      : {}),
  });
  let prepared: StreamedRun;
  try {
    prepared = await prepareStream(args, rawIo, (configs, files) => {
      engine.startThreads(configs, files);
    });
  } catch (error) {
    // A rule's bug in its `prepare`, say: the threads started for the run stop with it.
    await engine.stopThreads();
    throw error;
  }
  if (prepared.configFailed) {
    await engine.stopThreads();
    return EXIT_ERROR;
  }
  // --cache: the last run's output again when nothing it depends on changed (run-record.ts).
  const record = (recording.record =
    start && !prepared.failed
      ? await RunRecord.open(args, rawIo, outputs, prepared.inputs, cacheLocation, start)
      : undefined);
  const replayed = record?.replay(rawIo);
  if (replayed !== undefined) return replayed;
  try {
    const code = await lintPrepared(args, rawIo, outputs, baseline, prepared, record, engine);
    await record?.save(code);
    return code;
  } finally {
    record?.dispose();
  }
}

async function lintPrepared(
  args: LintArgs,
  rawIo: CliIo,
  outputs: readonly PlannedOutput[],
  baseline: BaselineUse | undefined,
  prepared: StreamedRun & { configFailed: false },
  record: RunRecord | undefined,
  engine: Engine,
): Promise<number> {
  const { tally } = prepared;
  let failed = prepared.failed;

  const progress = new Progress(prepared.count, rawIo.stderr, rawIo.stderrIsTTY === true && !args.quiet);
  const io = record ? record.tee(progress.around(rawIo)) : progress.around(rawIo);
  const inputs = new OutputsOverInputs(io.cwd, [
    ...outputs.map((o) => o.file),
    baseline?.kind === 'update' ? baseline.file : undefined,
  ]);
  const cacheFile = args.cache
    ? new OutputsOverInputs(io.cwd, [
        cacheFileOf(path.resolve(io.cwd, args.cacheLocation ?? DEFAULT_CACHE_FILE)),
      ])
    : undefined;
  // Standard input is named so (`--stdin-filename`), not read from that file.
  const stdinPath =
    args.stdinFilename !== undefined && args.paths.includes(STDIN_ARG)
      ? path.resolve(io.cwd, args.stdinFilename)
      : undefined;
  /** A file the run read: no output, nor the cache, may replace it. */
  const read = (filePath: string): void => {
    if (filePath === stdinPath) return;
    inputs.see(filePath);
    if (cacheFile?.see(filePath)) engine.refuseCacheSave(OutputsOverInputs.REFUSED);
  };
  const writer = new ReportWriter(
    outputs,
    { cwd: io.cwd, version: packageVersion(), env: io.env },
    io,
    resolveColor(args.color, io.env, io.isTTY),
    inputs,
  );
  const filter = baseline?.kind === 'filter' ? new BaselineFilter(baseline.known, baseline.dir) : undefined;
  /** Every result, for --update-baseline only: the baseline is built from all of them. */
  const all: LintResult[] = [];
  /** The configs of the linted files, for the run's severities (SARIF). */
  const configs = new Set<ResolvedConfig>();
  let errorCount = 0;
  let warningCount = 0;
  const inputConfigs = new InputConfigs();
  for await (const file of engine.lintFiles(
    inputConfigs.track(record ? record.watch(prepared.inputs) : prepared.inputs),
  )) {
    progress.tick();
    const shown = (): string => displayPath(io.cwd, file.filePath);
    const config = inputConfigs.take(file.index);
    if (file.kind === 'failed') {
      // Every file linted or reported counts for its pattern: the rest were skipped or ignored.
      tally.account(file.filePath);
      read(file.filePath);
      // A rule's bug or an unreadable file must not hide the other files' results.
      io.stderr.write(`${PROGRAM}: ${shown()}: ${file.message}\n`);
      failed = true;
      continue;
    }
    const { result } = file;
    if (result.skipped) {
      if (!args.quiet) io.stderr.write(`${PROGRAM}: ${shown()}: skipped: ${result.skipped.reason}\n`);
      continue;
    }
    tally.account(file.filePath);
    read(file.filePath);
    if (config) configs.add(config);
    if (baseline?.kind === 'update') {
      all.push(result);
      continue;
    }
    const reported = filter ? filter.apply(result) : result;
    errorCount += reported.errorCount;
    warningCount += reported.warningCount;
    writer.add(args.quiet ? errorsOnly(reported) : reported, file.facts);
  }
  progress.clear();
  if (engine.threadLosses.length > 0) {
    // A replay would tell of threads it never started: the next run lints again.
    record?.forgo();
    reportThreadLosses(engine.threadLosses, 'linted', io);
  }
  const cache = engine.cacheSaved;
  if (cache?.kind === 'failed') {
    record?.forgo();
    io.stderr.write(
      `${PROGRAM}: ${displayPath(io.cwd, cache.file)}: cannot write the cache: ${cache.reason}\n`,
    );
  }
  if (!tally.check(args, io)) failed = true;

  if (baseline?.kind === 'update') {
    const refused = inputs.refusal(io.cwd, baseline.file);
    if (refused !== undefined) {
      io.stderr.write(`${PROGRAM}: ${baseline.shown}: cannot write baseline: ${refused}\n`);
      return EXIT_ERROR;
    }
    const written = buildBaseline(all, baseline.dir);
    try {
      await saveBaseline(baseline.file, written);
    } catch (error) {
      io.stderr.write(`${PROGRAM}: ${baseline.shown}: cannot write baseline: ${describeFsError(error)}\n`);
      return EXIT_ERROR;
    }
    const total = written.findings.reduce((n, f) => n + f.count, 0);
    io.stderr.write(
      `${PROGRAM}: wrote ${total} finding(s) of ${all.length} file(s) to the baseline ${baseline.shown}\n`,
    );
    return failed ? EXIT_ERROR : EXIT_OK;
  }
  if (baseline?.kind === 'filter' && filter && filter.matched > 0 && !args.quiet) {
    io.stderr.write(
      `${PROGRAM}: ${filter.matched} finding(s) known to the baseline ${baseline.shown} not reported\n`,
    );
  }
  if (!(await writer.finish(runSeverities([...configs])))) failed = true;

  // As ESLint: --quiet hides warnings, but --max-warnings still counts them.
  const tooManyWarnings = args.maxWarnings >= 0 && warningCount > args.maxWarnings;
  if (tooManyWarnings) {
    io.stderr.write(
      `${PROGRAM}: too many warnings: ${warningCount} found, at most ${args.maxWarnings} allowed (--max-warnings)\n`,
    );
  }
  if (failed) return EXIT_ERROR;
  return errorCount > 0 || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK;
}
