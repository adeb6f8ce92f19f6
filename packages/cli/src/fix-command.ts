import path from 'node:path';
import { Engine, type EngineInput, type FixedFile } from '@virt-alias/engine';
import {
  formatMappingProblem,
  inInputPositions,
  isTempPath,
  loadMappingData,
  MAX_PASSES,
  MappingError,
  unifiedDiff,
  type MappingData,
} from '@virt-alias/rewriter';
import { LIVE_DUMP_NOT_FIXED, ruleById, type LintMessage } from '@virt-alias/rules';
import type { FixArgs } from './args.js';
import { ChangeLog } from './change-log.js';
import { paintDiff, resolveColor } from './color.js';
import { displayPath } from './display-path.js';
import { describeFsError, errorMessage, UsageError } from './errors.js';
import { PROGRAM, type CliIo } from './io.js';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from './exit-codes.js';
import { reportThreadLosses } from './thread-losses.js';
import { COPIES_PER_BATCH, planOutDir, type OutDirPlan } from './out-dir-plan.js';
import { OutputsOverInputs } from './output-over-input.js';
import { Progress } from './progress.js';
import { StaleTempSweeper } from './stale-temps.js';
import { prepareStream, type StreamedRun } from './stream-run.js';
import { STDIN_ARG } from './targets.js';
import { inPlaceWriter, type InPlaceWrite } from './write-in-place.js';
import { limitHeap, type HeapLimits } from './heap-limits.js';

function checkArgs(args: FixArgs): void {
  if (args.paths.length === 0) {
    throw new UsageError('no path given: name files, directories, globs, or - for standard input', 'fix');
  }
  const modes = [args.write && '--write', args.outDir !== undefined && '--out-dir', args.check && '--check'];
  const chosen = modes.filter((m): m is string => typeof m === 'string');
  if (chosen.length > 1) throw new UsageError(`${chosen.join(' and ')} cannot be used together`, 'fix');
  if (args.backup && !args.write) throw new UsageError('--backup goes with --write', 'fix');
  if (args.breakHardLinks && !args.write) throw new UsageError('--break-hard-links goes with --write', 'fix');
  if (args.paths.includes(STDIN_ARG)) {
    if (args.paths.length > 1) {
      throw new UsageError(
        '- (standard input) cannot be mixed with files: its fixed XML goes to stdout',
        'fix',
      );
    }
    if (args.write || args.outDir !== undefined) {
      throw new UsageError(
        '- (standard input) is written to stdout: --write and --out-dir do not apply',
        'fix',
      );
    }
  }
  if (args.stdinFilename !== undefined && !args.paths.includes(STDIN_ARG)) {
    throw new UsageError('--stdin-filename names standard input: give - among the paths', 'fix');
  }
}

interface Tally {
  files: number;
  changed: number;
  added: number;
  renamed: number;
  removed: number;
  /** Live dumps refused: never written anywhere. */
  refused: number;
  /** Error findings left after fixing, parse failures included. */
  errorsLeft: number;
  unfixable: number;
  directivesRemoved: number;
  failed: boolean;
}

/**
 * Why a file was not written. A temporary file that cannot be created is the directory's
 * refusal, not the file's: a file of mode 0666 in a directory its user may not write is
 * still not replaced (a new file is renamed over it), and "permission denied" alone points at
 * the file.
 */
function notWrittenReason(error: unknown, cwd: string): string {
  if (!(error instanceof Error && 'code' in error)) return errorMessage(error);
  const { syscall, path: at } = error as NodeJS.ErrnoException;
  if (syscall === 'open' && at !== undefined && isTempPath(at)) {
    return `cannot create a temporary file in ${displayPath(cwd, path.dirname(at))}: ${describeFsError(error)}`;
  }
  return describeFsError(error);
}

/** Why a finding is still there after fix: every finding left says it. */
export function whyLeft(m: LintMessage): string {
  if (m.unfixable !== undefined) return m.unfixable;
  if (m.fatal) return 'the file is not read as a domain, so nothing in it is fixed: correct it by hand first';
  if (m.fix !== undefined) {
    return `its fix overlapped another one in each of ${MAX_PASSES} passes and was not applied (please report it)`;
  }
  const rule = m.ruleId === null ? undefined : ruleById(m.ruleId);
  if (!rule) return 'no automatic fix: change the XML by hand';
  const docs = rule.meta.docs.url;
  return rule.meta.fixable
    ? `${rule.id} has no fix for this case: change the XML by hand (${docs})`
    : `${rule.id} has no automatic fix: change the XML by hand (${docs})`;
}

/** One finding left, at its place in the input file, and why it is left (unless `brief`). */
function describeLeft(shown: string, m: LintMessage, why: string | undefined): string {
  const where = `${shown}:${m.line}:${m.column}`;
  const severity = m.fatal ? 'error' : m.severity === 2 ? 'error' : 'warning';
  const rule = m.ruleId ? ` [${m.ruleId}]` : '';
  return `${where}: ${severity}: ${m.message}${rule}${why === undefined ? '' : `\n    cannot fix: ${why}`}\n`;
}

/**
 * Batches of files (8 each) in flight per worker thread when this thread writes files. With
 * `--out-dir` it writes each copy (and, every 128 copies, a batch's fsyncs and renames) before it
 * takes the next result: with the engine's two batches (16 files, about 2.5 ms of a thread's
 * work) the one worker thread of a two-core machine waited on it 0.24-0.46 s of a 1.9 s run
 * (10,000 files, out-dir on tmpfs), 0.03-0.07 s with eight. `--write`, since it replaces files
 * with synchronous calls (decision 17, round 6), stalls the same way: 10,000 files on tmpfs,
 * 1.77-1.92 s with two, 1.70-1.78 s with eight. Peak RSS +3-12 MiB (results waiting their turn
 * hold their texts). A diff or `--check` does not stall: the engine's default there.
 */
const WRITER_BATCHES_AHEAD = 8;

/** Copies in flight at most: two batches, one being fsynced while the next fills. */
const COPIES_IN_FLIGHT = 2 * COPIES_PER_BATCH;

/** What one file adds to the summary's counts. */
interface Counts {
  readonly changed: boolean;
  readonly added: number;
  readonly renamed: number;
  readonly removed: number;
  readonly directivesRemoved: number;
}

const countsOf = (outcome: FixedFile): Counts => ({
  changed: outcome.changed,
  added: outcome.added,
  renamed: outcome.renamed,
  removed: outcome.removed,
  directivesRemoved: outcome.directivesRemoved,
});

function addCounts(tally: Tally, counts: Counts): void {
  if (counts.changed) tally.changed++;
  tally.added += counts.added;
  tally.renamed += counts.renamed;
  tally.removed += counts.removed;
  tally.directivesRemoved += counts.directivesRemoved;
}

/** Adds a written file's changes to the log: a closure of its own, so only it holds the texts. */
function changeLogEntry(changeLog: ChangeLog, shown: string, outcome: FixedFile): () => void {
  return () => {
    changeLog.add(shown, outcome.before, outcome);
  };
}

/** Where fixed files go: under --out-dir, in place (--write), or nowhere (a diff on stdout). */
type Sink =
  | { readonly kind: 'out-dir'; readonly plan: OutDirPlan }
  | { readonly kind: 'in-place'; readonly write: InPlaceWrite }
  | { readonly kind: 'diff' };

/**
 * Writes one fixed file as the mode asks; rejects on a file-system error or a refused write. Not
 * `async`: the promise of a copy waiting for its batch's fsyncs must not hold the file's texts.
 */
function emit(
  sink: Sink,
  io: CliIo,
  color: boolean,
  file: string,
  shown: string,
  before: string,
  outcome: FixedFile,
): Promise<void> {
  try {
    // The input's permissions as the engine read it: every file it reads whole carries them (only
    // such files come here, never standard input or a file too large to read).
    if (sink.kind === 'out-dir') return sink.plan.write(file, outcome.output, outcome.permissions);
    if (!outcome.changed) return Promise.resolve();
    if (sink.kind === 'in-place') return sink.write(file, before, outcome.output);
    io.stdout.write(paintDiff(color, unifiedDiff(shown, before, outcome.output, outcome.changes)));
    return Promise.resolve();
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** The inputs `keeps` keeps, as they come. */
async function* kept(inputs: StreamedInputs, keeps: OutDirPlan['keeps']): AsyncGenerator<EngineInput> {
  for await (const input of inputs) if (keeps(input.filePath, input.link)) yield input;
}

type StreamedInputs = Extract<StreamedRun, { configFailed: false }>['inputs'];

/** The --mapping data; undefined without one, null after reporting a bad one. */
async function openMapping(args: FixArgs, io: CliIo): Promise<MappingData | undefined | null> {
  if (args.mapping === undefined) return undefined;
  try {
    return await loadMappingData(path.resolve(io.cwd, args.mapping));
  } catch (error) {
    if (!(error instanceof MappingError)) throw error;
    for (const problem of error.problems) {
      const text =
        problem.cause !== undefined
          ? `${args.mapping}: cannot read: ${describeFsError(problem.cause)}`
          : formatMappingProblem(args.mapping, problem);
      io.stderr.write(`${PROGRAM}: ${text}\n`);
    }
    return null;
  }
}

/**
 * `virt-alias fix`: gives devices their planned aliases with minimal edits. Dry run by default
 * (a diff on stdout); `--write`, `--out-dir` and `--check` as documented in docs/fix.md.
 */
export async function runFix(args: FixArgs, rawIo: CliIo): Promise<number> {
  checkArgs(args);
  const mapping = await openMapping(args, rawIo);
  if (mapping === null) return EXIT_ERROR;
  // Flat memory over long runs, from the directory's survey on; the old generation stays held
  // with a worker thread too, which fixes while this thread writes (heap-limits.ts).
  const heap = limitHeap(true, { oldWithThreads: true });
  try {
    return await fixRun(args, rawIo, mapping, heap);
  } finally {
    heap.release();
  }
}

async function fixRun(
  args: FixArgs,
  rawIo: CliIo,
  mapping: MappingData | undefined,
  heap: HeapLimits,
): Promise<number> {
  // One directory is walked as its files are fixed, as lint walks it: nothing is listed up front.
  const prepared = await prepareStream(args, rawIo);
  if (prepared.configFailed) return EXIT_ERROR;
  const { tally: patterns } = prepared;
  let inputs = prepared.inputs;
  let count = prepared.count;
  const progress = new Progress(count, rawIo.stderr, rawIo.stderrIsTTY === true && !args.quiet);
  const io = progress.around(rawIo);
  const sweeper = new StaleTempSweeper(io, args.quiet);
  let sink: Sink = { kind: 'diff' };
  if (args.outDir !== undefined) {
    const plan = await planOutDir(prepared.inputs, args.outDir, io, sweeper, args.quiet);
    if ('problems' in plan) {
      for (const problem of plan.problems) io.stderr.write(`${PROGRAM}: ${problem}\n`);
      return EXIT_ERROR;
    }
    sink = { kind: 'out-dir', plan };
    // The inputs the checks went through, unless some were left out or the walk is done again.
    if (plan.leftOut > 0 || prepared.walkedAgain) inputs = kept(prepared.inputs, plan.keeps);
    count -= plan.leftOut;
  } else if (args.write) {
    sink = { kind: 'in-place', write: inPlaceWriter(args, io, sweeper) };
  }
  const tally: Tally = {
    files: 0,
    changed: 0,
    added: 0,
    renamed: 0,
    removed: 0,
    refused: 0,
    errorsLeft: 0,
    unfixable: 0,
    directivesRemoved: 0,
    failed: prepared.failed,
  };
  /** Findings left, each printed in its file's turn: a fleet's worth kept to the end grew without bound. */
  let left = 0;
  const changeLog = args.changes === undefined ? undefined : new ChangeLog(args.changes);
  const overInputs = new OutputsOverInputs(io.cwd, [args.changes]);
  /** Diffs on stdout are coloured as git colours them, when stdout takes colour. */
  const color = resolveColor(args.color, io.env, io.isTTY);

  progress.total = count;
  // Standard input is the only path when it is one (`checkArgs`).
  const fromStdin = args.paths[0] === STDIN_ARG;
  const engine = new Engine({
    ...(args.jobs !== undefined ? { jobs: args.jobs } : {}),
    onThreads: heap.threads,
    reportUnusedDisableDirectives: args.reportUnusedDisableDirectives,
    ...(mapping ? { mapping } : {}),
    // The findings fixed are the change log's: without one, results cross threads without them.
    fixedFindings: changeLog !== undefined,
    ...(sink.kind === 'diff' ? {} : { batchesAhead: WRITER_BATCHES_AHEAD }),
  });
  /**
   * Copies being written to --out-dir, oldest first, each with what to report once it is done,
   * and between them what the files read meanwhile report (`inOrder`). Many copies at once, a
   * batch fsynced together (`OutDirPlan`); what is printed keeps the order of the files.
   */
  const writing: { readonly report: Promise<() => void>; readonly copy: boolean }[] = [];
  /** Copies among them. */
  let copies = 0;
  /** Reports what is done, oldest first, until at most `keep` copies are left in flight (0: all). */
  const settle = async (keep: number): Promise<void> => {
    // The last copies wait in a batch that will not fill: start its fsyncs.
    if (keep === 0 && sink.kind === 'out-dir') sink.plan.flush();
    while (copies > keep || (keep === 0 && writing.length > 0)) {
      const next = writing.shift()!;
      if (next.copy) copies--;
      (await next.report)();
    }
  };
  /** Prints (and counts) after what the copies still being written report. */
  const inOrder = (report: () => void): void => {
    if (writing.length === 0) report();
    else writing.push({ report: Promise.resolve(report), copy: false });
  };
  try {
    for await (const outcome of engine.fixFiles(inputs)) {
      progress.tick();
      const { filePath } = outcome;
      const shown = displayPath(io.cwd, filePath);
      if (outcome.kind === 'failed') {
        // Every file fixed or reported counts for its pattern: the rest were skipped or ignored.
        patterns.account(filePath);
        if (!fromStdin) overInputs.see(filePath);
        const { message } = outcome;
        inOrder(() => {
          io.stderr.write(`${PROGRAM}: ${shown}: ${message}\n`);
          tally.failed = true;
        });
        continue;
      }
      const { result } = outcome;
      if (result.skipped) {
        const { reason } = result.skipped;
        // Nothing lost: standard input that is not a domain passes through unchanged.
        const passThrough = fromStdin && !args.check ? outcome.before : '';
        inOrder(() => {
          if (!args.quiet) io.stderr.write(`${PROGRAM}: ${shown}: skipped: ${reason}\n`);
          if (passThrough !== '') io.stdout.write(passThrough);
        });
        continue;
      }
      patterns.account(filePath);
      if (!fromStdin) overInputs.see(filePath);
      tally.files++;
      const reasons = result.messages.map(whyLeft);
      // Positions in the fixed text, reported where the named input has them.
      const inInput = inInputPositions(result.messages, outcome.before, outcome.output, outcome.changes);
      inInput.forEach((m, i) => {
        if (m.severity === 2) tally.errorsLeft++;
        tally.unfixable++;
        // --quiet keeps the errors left (they decide the exit code), one line each, as lint --quiet.
        const line = !args.quiet
          ? describeLeft(shown, m, reasons[i])
          : m.severity === 2
            ? describeLeft(shown, m, undefined)
            : undefined;
        if (line === undefined) return;
        left++;
        inOrder(() => io.stderr.write(line));
      });
      // A file that does not parse (or was too large to read) is reported and never written, not
      // even to --out-dir; standard input passes through unchanged, so that `fix - < a > b` never
      // leaves b empty.
      if (result.fatalErrorCount > 0) {
        if (fromStdin && !args.check) io.stdout.write(outcome.before);
        continue;
      }
      // A live dump is no definition: never written, not even unchanged to --out-dir; stdin passes through.
      if (result.liveDump) {
        tally.refused++;
        if (fromStdin && !args.check) io.stdout.write(outcome.before);
        else if ((args.write || args.outDir !== undefined) && !args.quiet) {
          inOrder(() => io.stderr.write(`${PROGRAM}: ${shown}: not written: ${LIVE_DUMP_NOT_FIXED}\n`));
        }
        continue;
      }
      const counts = countsOf(outcome);
      if (fromStdin) {
        addCounts(tally, counts);
        changeLog?.add(shown, outcome.before, outcome);
        if (!args.check) io.stdout.write(outcome.output);
        continue;
      }
      if (args.check) {
        addCounts(tally, counts);
        changeLog?.add(shown, outcome.before, outcome);
        if (outcome.changed)
          io.stdout.write(
            paintDiff(color, unifiedDiff(shown, outcome.before, outcome.output, outcome.changes)),
          );
        continue;
      }
      // What a copy reports once written holds no text (many copies wait for their batch's fsyncs).
      const log = changeLog && outcome.changed ? changeLogEntry(changeLog, shown, outcome) : undefined;
      const written = emit(sink, io, color, filePath, shown, outcome.before, outcome).then(
        () => () => {
          addCounts(tally, counts);
          log?.();
        },
        (error: unknown) => () => {
          io.stderr.write(`${PROGRAM}: ${shown}: not written: ${notWrittenReason(error, io.cwd)}\n`);
          tally.failed = true;
        },
      );
      writing.push({ report: written, copy: true });
      copies++;
      // --out-dir: up to two batches of copies in flight; in place, one file at a time.
      await settle(sink.kind === 'out-dir' ? COPIES_IN_FLIGHT : 0);
    }
  } finally {
    // A run that ends early still completes the copies it began: no temporary file is left.
    await settle(0);
  }
  if (sink.kind === 'out-dir') {
    try {
      await sink.plan.finish();
    } catch (error) {
      io.stderr.write(`${PROGRAM}: --out-dir ${args.outDir}: cannot sync: ${describeFsError(error)}\n`);
      tally.failed = true;
    }
  }
  progress.clear();
  // Nothing is written by --check or the dry run: their files were checked, not fixed.
  reportThreadLosses(engine.threadLosses, args.write || args.outDir !== undefined ? 'fixed' : 'checked', io);

  if (!patterns.check(args, io)) tally.failed = true;
  const refused = changeLog && overInputs.refusal(io.cwd, changeLog.file);
  if (changeLog && refused) {
    io.stderr.write(`${PROGRAM}: ${changeLog.file}: cannot write the change log: ${refused}\n`);
    tally.failed = true;
  } else if (changeLog) {
    try {
      await changeLog.write(io.cwd);
    } catch (error) {
      io.stderr.write(
        `${PROGRAM}: ${changeLog.file}: cannot write the change log: ${describeFsError(error)}\n`,
      );
      tally.failed = true;
    }
  }
  if (!args.quiet) {
    const verb = args.write || args.outDir !== undefined ? 'changed' : 'would change';
    io.stderr.write(
      `${PROGRAM} fix: ${tally.files} domain file${tally.files === 1 ? '' : 's'}, ${tally.changed} ${verb}; ` +
        `${tally.added} alias${tally.added === 1 ? '' : 'es'} added, ${tally.renamed} renamed` +
        (tally.removed > 0 ? `, ${tally.removed} removed; ` : '; ') +
        (tally.refused > 0 ? `${tally.refused} live dump${tally.refused === 1 ? '' : 's'} refused; ` : '') +
        (tally.directivesRemoved > 0 ? `${tally.directivesRemoved} unused directive(s) removed; ` : '') +
        `${left} finding${left === 1 ? '' : 's'} left, ${tally.unfixable} of them unfixable\n`,
    );
  }
  if (tally.failed) return EXIT_ERROR;
  if (tally.errorsLeft > 0 || tally.refused > 0 || (args.check && tally.changed > 0)) return EXIT_FINDINGS;
  return EXIT_OK;
}
