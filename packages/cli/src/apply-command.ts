import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  applyDomain,
  BackupDir,
  Virsh,
  VirshError,
  type ApplyFile,
  type ApplySettings,
  type DomainResult,
  type ListedDomain,
} from '@virt-alias/apply';
import { mapLimit } from '@virt-alias/rules';
import type { ApplyArgs } from './args.js';
import { checkedFiles } from './apply-files.js';
import { journalAmongFiles, openJournal } from './apply-journal.js';
import { countOutcomes, domainLabel, formatResult, headline } from './apply-report.js';
import { displayPath } from './display-path.js';
import { describeFsError, errorMessage, UsageError } from './errors.js';
import { PROGRAM, type CliIo } from './io.js';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from './exit-codes.js';
import { STDIN_ARG } from './targets.js';
import { pauseAfterJournal } from './test-hooks.js';
import { packageVersion } from './version.js';

/** A Node timer longer than 2^31 - 1 ms fires at once: every virsh call would be killed. */
const MAX_TIMEOUT_SECONDS = Math.floor(0x7fffffff / 1000);

function checkArgs(args: ApplyArgs): void {
  if (args.paths.length === 0)
    throw new UsageError('no path given: name files, directories or globs', 'apply');
  if (args.paths.includes(STDIN_ARG)) {
    throw new UsageError(
      '- (standard input) cannot be applied: name the files, which the journal records',
      'apply',
    );
  }
  if (!Number.isInteger(args.jobs) || args.jobs < 1) {
    throw new UsageError('--jobs must be a whole number, 1 or more', 'apply');
  }
  if (!Number.isFinite(args.timeout) || args.timeout <= 0) {
    throw new UsageError('--timeout must be a number of seconds above 0', 'apply');
  }
  if (args.timeout > MAX_TIMEOUT_SECONDS) {
    throw new UsageError(`--timeout must be at most ${MAX_TIMEOUT_SECONDS} seconds (24 days)`, 'apply');
  }
  if (args.dryRun && args.yes) throw new UsageError('--dry-run and --yes cannot be used together', 'apply');
  if (args.stdinFilename !== undefined) {
    throw new UsageError('--stdin-filename names standard input, which apply does not read', 'apply');
  }
}

/** One line from standard input (the terminal), or null at its end. */
async function readLine(stdin: AsyncIterable<Uint8Array | string>): Promise<string | null> {
  let line = '';
  for await (const chunk of stdin) {
    line += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const end = line.indexOf('\n');
    if (end >= 0) return line.slice(0, end);
  }
  return line === '' ? null : line;
}

const isTerminal = (stdin: unknown): boolean =>
  typeof stdin === 'object' && stdin !== null && (stdin as { isTTY?: unknown }).isTTY === true;

const CHANGED_NOTHING: ReadonlySet<DomainResult['outcome']> = new Set(['unchanged', 'already-done']);
const FAILURES: ReadonlySet<DomainResult['outcome']> = new Set(['failed', 'rollback-failed']);

/** Runs every file through `applyDomain`, `jobs` at a time; a thrown error stops what has not started. */
async function runAll(
  files: readonly ApplyFile[],
  settings: ApplySettings,
  jobs: number,
  progress: (result: DomainResult, done: number) => void,
): Promise<DomainResult[]> {
  let stopped: string | undefined;
  let done = 0;
  return mapLimit(files, jobs, async (file): Promise<DomainResult> => {
    const domain = { name: file.document.name ?? null, uuid: file.document.uuid ?? null };
    let result: DomainResult;
    if (stopped !== undefined) {
      result = {
        file: file.file,
        domain,
        outcome: 'skipped',
        reason: `not attempted: the run stopped after an error (${stopped})`,
        details: [],
        changes: [],
        notes: [],
      };
    } else {
      try {
        result = await applyDomain(file, settings);
        if (result.journalError !== undefined) stopped = `cannot write the journal: ${result.journalError}`;
      } catch (error) {
        stopped = errorMessage(error);
        result = {
          file: file.file,
          domain,
          outcome: 'failed',
          reason: `internal error (the run stops here; see the journal for this domain's last step): ${stopped}`,
          details: [],
          changes: [],
          notes: [],
        };
      }
    }
    progress(result, ++done);
    return result;
  });
}

/**
 * `virt-alias apply`: defines checked files with libvirt, one domain at a time through the
 * steps of docs/apply.md. A dry run unless --yes (or a "y" on a terminal).
 */
export async function runApply(args: ApplyArgs, io: CliIo): Promise<number> {
  checkArgs(args);
  const backupParent = path.resolve(io.cwd, args.backupDir);
  const checked = await checkedFiles(args, io, backupParent);
  if (checked === null) return EXIT_ERROR;
  const { files, refused } = checked;
  let failed = checked.failed;
  const clash = journalAmongFiles(args, io, checked.read);
  if (clash !== undefined) {
    io.stderr.write(`${PROGRAM}: ${clash}: cannot be the journal: it is one of the files to apply\n`);
    return EXIT_ERROR;
  }

  const virsh = new Virsh({ uri: args.connect, timeoutMs: args.timeout * 1000, env: io.env });
  let uri: string;
  let listing: ListedDomain[];
  try {
    uri = await virsh.connectedUri();
    listing = await virsh.list();
  } catch (error) {
    if (!(error instanceof VirshError)) throw error;
    io.stderr.write(
      `${PROGRAM}: cannot talk to libvirt${args.connect ? ` at ${args.connect}` : ''}:\n${error.detail}\n`,
    );
    return EXIT_ERROR;
  }
  const terminal = isTerminal(io.stdin);
  const dryRun = args.dryRun || (!args.yes && !terminal);
  const opened = await openJournal(args, io, uri, dryRun);
  if (opened === null) return EXIT_ERROR;
  const { journal, resume } = opened;
  const settings: ApplySettings = {
    virsh,
    uri,
    listing,
    dryRun,
    force: args.force,
    allowNew: args.allowNew,
    includeNovaManaged: args.includeNovaManaged,
    backups: new BackupDir(backupParent, new Date()),
    journal,
    done: resume?.done,
    afterJournal: pauseAfterJournal(io),
  };
  const progress = (result: DomainResult, done: number): void => {
    if (args.quiet) return;
    io.stderr.write(`[${done}/${files.length}] ${domainLabel(result)}: ${headline(result.outcome)}\n`);
  };

  if (!dryRun && !args.yes) {
    // A terminal and no --yes: the plan first, then one question for the whole batch.
    const plan = await runAll(
      files,
      { ...settings, dryRun: true, journal: undefined },
      args.jobs,
      () => undefined,
    );
    for (const r of plan) io.stdout.write(formatResult(r, io.cwd));
    const todo = plan.filter((r) => r.outcome === 'would-define').length;
    if (todo === 0) {
      io.stderr.write(
        `${PROGRAM} apply: nothing to define on ${uri} (${countOutcomes(plan) || 'no domain'})\n`,
      );
      await journal?.close();
      return exitCode(plan, refused, failed);
    }
    io.stderr.write(`Define ${todo} domain(s) on ${uri}, keeping backups under ${args.backupDir}/? [y/N] `);
    const answer = (await readLine(io.stdin))?.trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes') {
      io.stderr.write(`${PROGRAM} apply: declined; nothing was changed\n`);
      await journal?.close();
      return EXIT_FINDINGS;
    }
  }

  const run = randomUUID();
  const journalFailed = (error: unknown): void => {
    io.stderr.write(
      `${PROGRAM}: ${journal ? displayPath(io.cwd, journal.file) : ''}: cannot write the journal: ${describeFsError(error)}\n`,
    );
    failed = true;
  };
  let results: DomainResult[] = [];
  try {
    await journal?.write({
      event: 'run',
      run,
      uri,
      tool: `${PROGRAM} ${packageVersion()}`,
      files: files.length,
      ...(args.resume !== undefined ? { resume: args.resume } : {}),
    });
    // A journal that cannot be written stops the run before its first domain: nothing unjournaled.
    results = await runAll(files, { ...settings, runId: run }, args.jobs, progress);
    const failures = results.filter((r) => FAILURES.has(r.outcome)).length;
    await journal?.write({ event: 'end', run, summary: countOutcomes(results), failures });
  } catch (error) {
    journalFailed(error);
  } finally {
    await journal?.close().catch(journalFailed);
  }

  for (const r of results) io.stdout.write(formatResult(r, io.cwd));
  if (!args.quiet) {
    const head = dryRun ? `${PROGRAM} apply (dry run, nothing changed)` : `${PROGRAM} apply`;
    const refusedText = refused > 0 ? `; ${refused} file(s) refused` : '';
    io.stderr.write(
      `${head}: ${files.length} domain(s) on ${uri}: ${countOutcomes(results) || 'none'}${refusedText}\n`,
    );
    if (journal && results.some((r) => !CHANGED_NOTHING.has(r.outcome))) {
      io.stderr.write(`${PROGRAM} apply: journal: ${displayPath(io.cwd, journal.file)}\n`);
    }
    if (dryRun && !args.dryRun) {
      io.stderr.write(
        `${PROGRAM} apply: a dry run, because standard input is not a terminal: --yes applies\n`,
      );
    }
  }
  if (results.some((r) => FAILURES.has(r.outcome) || r.journalError !== undefined)) failed = true;
  return exitCode(results, refused, failed);
}

function exitCode(results: readonly DomainResult[], refused: number, failed: boolean): number {
  if (failed || results.some((r) => FAILURES.has(r.outcome))) return EXIT_ERROR;
  const fine = (r: DomainResult): boolean =>
    r.outcome === 'defined' || r.outcome === 'would-define' || CHANGED_NOTHING.has(r.outcome);
  return refused > 0 || !results.every(fine) ? EXIT_FINDINGS : EXIT_OK;
}
