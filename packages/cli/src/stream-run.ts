import { stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EngineInput } from '@virt-alias/engine';
import type { ResolvedConfig } from '@virt-alias/rules';
import type { CommonArgs } from './args.js';
import { debugLine } from './debug-log.js';
import { displayPath } from './display-path.js';
import type { CliIo } from './io.js';
import {
  checkPatterns,
  checkRuleSupport,
  ConfigResolver,
  engineInputs,
  loadChains,
  prepareRun,
  reportUnlinted,
  reportUnmatched,
  reportUnreadable,
  variesByFile,
} from './prepare-run.js';
import { realDirectory, STDIN_ARG, surveyDirectory } from './targets.js';
import { surveyKeeps } from './test-hooks.js';
import { walkXmlFiles, type WalkItem } from './walk-xml.js';

/**
 * Which directories and globs had a file linted: told of each file as its result is reported,
 * it says at the end which matched nothing but non-domains and ignored files (`checkPatterns`).
 */
export interface PatternTally {
  /** A file linted, or reported as unreadable (not one skipped as not a domain). */
  account(filePath: string): void;
  /** Reports the patterns none of whose files was accounted; false when it reported one. */
  check(args: CommonArgs, io: CliIo): boolean;
}

/**
 * An engine input from a walk: whether the file is a symbolic link, as its directory's listing
 * said (the out-dir checks need not lstat it again); unknown for a file named on the command line.
 */
export type WalkedInput = EngineInput & { readonly link?: boolean };

/**
 * A prepared run whose inputs are produced as the engine reads them. Config files and their
 * problems, unreadable directories and the count of files are all known before the first file
 * is linted, as with `prepareRun`; only the files themselves are not listed up front.
 */
export type StreamedRun =
  | { readonly configFailed: true }
  | {
      readonly configFailed: false;
      /** The files to lint, as counted before the run (for the progress line). */
      readonly count: number;
      /** A path named nothing that could be read: reported on stderr; the run ends with exit 2. */
      readonly failed: boolean;
      /** The engine's inputs, in target order; each file's config resolved as it comes. */
      readonly inputs: AsyncIterable<WalkedInput> | Iterable<WalkedInput>;
      /**
       * Whether each iteration of `inputs` walks the directory again (a large tree's survey keeps
       * no list): files made meanwhile are among them. False: the same inputs each time.
       */
      readonly walkedAgain: boolean;
      readonly tally: PatternTally;
    };

/**
 * Told the configs and the count of files of a one-directory run once they are known, before
 * the rules are checked (libvirt's schema compiled): `Engine.startThreads`.
 */
export type EarlyStart = (configs: readonly ResolvedConfig[], files: number) => void;

/** The one directory argument of a run, when it is one: its files can be walked as they are linted. */
async function soleDirectory(
  args: CommonArgs,
  io: CliIo,
): Promise<{ absolute: string; real: string } | undefined> {
  const [arg, ...others] = args.paths;
  if (arg === undefined || others.length > 0 || arg === STDIN_ARG) return undefined;
  const absolute = path.resolve(io.cwd, arg);
  const isDirectory = await stat(absolute).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDirectory) return undefined;
  const real = await realDirectory(absolute);
  // Not searchable: `prepareRun` says why, as for any argument.
  return typeof real === 'string' ? { absolute, real } : undefined;
}

/**
 * `prepareRun` for `lint`, `audit` and `fix`, which handle each result as it comes: when the run is one
 * directory, its files are walked twice, once before the run to count them, read the config
 * files of their directories and resolve their configs (none kept per file), and once as the
 * engine reads them, so that memory does not grow with the number of files. Any other command
 * line (several paths, files, globs, standard input) is prepared by `prepareRun`: a file named
 * twice is linted once, which takes every path.
 */
export async function prepareStream(args: CommonArgs, io: CliIo, early?: EarlyStart): Promise<StreamedRun> {
  const started = performance.now();
  const sole = await soleDirectory(args, io);
  if (!sole) {
    const prepared = await prepareRun(args, io);
    if (prepared.configFailed) return prepared;
    const accounted = new Set<string>();
    return {
      configFailed: false,
      count: prepared.targets.length,
      failed: prepared.failed,
      walkedAgain: false,
      inputs: engineInputs(prepared.targets, prepared.configFor, io),
      tally: {
        account: (filePath) => accounted.add(filePath),
        check: (a, i) => checkPatterns(prepared.patterns, accounted, a, i),
      },
    };
  }
  const arg = args.paths[0]!;
  const { absolute, real } = sole;
  const survey = await surveyDirectory(real, absolute, surveyKeeps(io));
  // The survey's walk again, as it kept it, or the directory walked again (a large tree, whose
  // files are not kept). A file gone since the survey is then reported unreadable, as when a
  // file named on the command line is gone by the time it is read.
  const walk = (): Iterable<WalkItem> | AsyncIterable<WalkItem> =>
    survey.items ?? walkXmlFiles(real, absolute);
  let failed = !reportUnreadable(survey.unreadable, io);
  if (survey.count === 0 && survey.unreadable.length === 0 && !reportUnmatched('directory', arg, args, io))
    failed = true;
  debugLine(io, args.debug, `${survey.count} file(s) from ${args.paths.length} argument(s)`);
  // Without files the config still counts: a broken config file is an error even for no files.
  const chainByDir = await loadChains(survey.count > 0 ? survey.dirs : [io.cwd], args, io);
  if (!chainByDir) return { configFailed: true };
  const resolver = new ConfigResolver(chainByDir, args, io);
  const shown = (file: string) => (): string => displayPath(io.cwd, file);
  let count = survey.count;
  const byFile = [...chainByDir.values()].some(variesByFile);
  if (byFile || args.debug) {
    // Every file's config, before any is linted: ignored files are not counted, and a rule
    // option's problem in any of the configs stops the run first.
    count = 0;
    for await (const item of walk()) {
      if (
        'file' in item &&
        resolver.resolve(path.dirname(item.file), item.file, shown(item.file)).kind === 'config'
      )
        count++;
    }
  } else {
    for (const dir of survey.dirs) resolver.resolve(dir, path.join(dir, 'domain.xml'), shown(dir));
  }
  const resolvedConfigs = resolver.configs;
  // The worker threads start before this thread compiles libvirt's schema, and compile theirs
  // meanwhile; a config that fails the check stops the run, and them, before any file is read.
  early?.(resolvedConfigs, count);
  if (!(await checkRuleSupport(resolvedConfigs, args, io))) return { configFailed: true };
  debugLine(
    io,
    args.debug,
    `${count} file(s) to process, ${resolvedConfigs.length} distinct config(s), ` +
      `prepared in ${(performance.now() - started).toFixed(1)} ms`,
  );
  const input = (item: WalkItem): WalkedInput | undefined => {
    // A directory that could not be read was reported above.
    if (!('file' in item)) return undefined;
    const resolved = resolver.resolve(path.dirname(item.file), item.file, shown(item.file), false);
    // Whether the file is a symbolic link, as its directory's listing said: the out-dir checks
    // need not lstat each input again (out-dir-plan.ts).
    return resolved.kind === 'config'
      ? { filePath: item.file, config: resolved.config, link: item.link }
      : undefined;
  };
  async function* walked(): AsyncGenerator<WalkedInput> {
    for await (const item of walkXmlFiles(real, absolute)) {
      const found = input(item);
      if (found) yield found;
    }
  }
  // The survey's walk, when it kept it, is gone through without a promise per file.
  const { items } = survey;
  function* kept(): Generator<WalkedInput> {
    for (const item of items ?? []) {
      const found = input(item);
      if (found) yield found;
    }
  }
  let accounted = false;
  return {
    configFailed: false,
    count,
    failed,
    walkedAgain: survey.items === undefined,
    // Walked again by each `for await`: the run record goes through them before the engine.
    inputs: items ? { [Symbol.iterator]: kept } : { [Symbol.asyncIterator]: walked },
    tally: {
      account: () => {
        accounted = true;
      },
      check: (a, i) => {
        if (!a.errorOnUnmatchedPattern || accounted || survey.count === 0) return true;
        reportUnlinted(arg, 'directory', survey.count, i);
        return false;
      },
    },
  };
}

/**
 * The config of each input given to the engine, until its result comes back: the engine's
 * results name their input by position, and nothing of a file is kept past its result.
 */
export class InputConfigs {
  private readonly configs = new Map<number, ResolvedConfig>();
  private next = 0;

  async *track(inputs: AsyncIterable<EngineInput> | Iterable<EngineInput>): AsyncGenerator<EngineInput> {
    for await (const input of inputs) {
      this.configs.set(this.next++, input.config);
      yield input;
    }
  }

  /** The config of the input at `index`, forgotten once taken. */
  take(index: number): ResolvedConfig | undefined {
    const config = this.configs.get(index);
    this.configs.delete(index);
    return config;
  }
}
