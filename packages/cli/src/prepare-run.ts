import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { configKey, type EngineInput } from '@virt-alias/engine';
import {
  LIBVIRT_SCHEMA_RULE_ID,
  loadRuleSupport,
  prepareRules,
  resolveFileConfig,
  RuleConfigError,
  type FileConfig,
  type LocatedConfig,
  type ConfigLayers,
  type ResolvedConfig,
} from '@virt-alias/rules';
import type { CommonArgs } from './args.js';
import { findConfigChain, type LoadedConfig } from './config-find.js';
import { debugLine } from './debug-log.js';
import { displayPath } from './display-path.js';
import { PROGRAM, type CliIo } from './io.js';
import { raiseInterruptBudget } from './jit-budget.js';
import { parseRuleFlags } from './rule-flags.js';
import { withSchemaDir } from './schema-flag.js';
import { stdinDocument } from './stdin-stream.js';
import { expandArgs, type Target, type Unreadable } from './targets.js';
import { unreadableLine } from './walk-xml.js';

/** `<stdin>`: what results name standard input without `--stdin-filename`. */
export const STDIN_FILE_PATH = '<stdin>';

export type PreparedRun =
  | { readonly configFailed: true }
  | {
      readonly configFailed: false;
      /** What to lint, ignored files left out. */
      readonly targets: readonly Target[];
      /** The config of one target's file (per directory cascade, `--config`, `--no-config`). */
      readonly configFor: (filePath: string) => ResolvedConfig;
      /** A path named nothing that could be read: reported on stderr; the run ends with exit 2. */
      readonly failed: boolean;
      /** The directories and globs that matched files: `checkPatterns` looks at them at the end. */
      readonly patterns: readonly Pattern[];
    };

/** A directory or glob argument, and every file it matched. */
export interface Pattern {
  readonly arg: string;
  readonly kind: 'directory' | 'glob';
  readonly files: readonly string[];
}

/**
 * After the run: a directory or glob none of whose files was linted as a domain (every one
 * skipped as not a domain, or ignored by the config) is an error, as a pattern that matches
 * nothing is (ESLint's "All files matched by ... are ignored"), unless
 * `--no-error-on-unmatched-pattern`. `accounted`: every file linted, or reported as unreadable.
 * Returns false when it reported one.
 */
export function checkPatterns(
  patterns: readonly Pattern[],
  accounted: ReadonlySet<string>,
  args: CommonArgs,
  io: CliIo,
): boolean {
  if (!args.errorOnUnmatchedPattern) return true;
  let ok = true;
  for (const p of patterns) {
    if (p.files.some((f) => accounted.has(f))) continue;
    reportUnlinted(p.arg, p.kind, p.files.length, io);
    ok = false;
  }
  return ok;
}

/** A pattern none of whose `n` files was linted as a domain: see `checkPatterns`. */
export function reportUnlinted(arg: string, kind: Pattern['kind'], n: number, io: CliIo): void {
  const where = kind === 'directory' ? 'in this directory' : 'matching this pattern';
  io.stderr.write(
    `${PROGRAM}: ${arg}: no domain XML ${where}: ${n === 1 ? 'its one file was' : `all ${n} files were`} skipped (not a domain) or ignored by the config\n`,
  );
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

/** How results name `--ignore-pattern` where they name a config file's `ignores`. */
export const IGNORE_PATTERN = '--ignore-pattern';

/** Why a file is ignored, as a notice says it. */
export const ignoredBecause = (by: string): string =>
  by === IGNORE_PATTERN ? 'matches --ignore-pattern' : `matches "ignores" of ${by}`;

/** The command line's layers over the config files: `--preset` and `--rule`. */
export function cliLayers(
  args: Pick<CommonArgs, 'preset' | 'rules'>,
): Pick<ConfigLayers, 'preset' | 'rules'> {
  return { preset: args.preset, rules: parseRuleFlags(args.rules) };
}

/** What the command line changes in a resolved config besides rules: `--schema`, `--no-inline-config`. */
export function withRunOptions(
  config: ResolvedConfig,
  args: Pick<CommonArgs, 'inlineConfig'>,
  schemaDir: string | undefined,
): ResolvedConfig {
  const schema = schemaDir === undefined ? config : withSchemaDir(config, schemaDir);
  return args.inlineConfig ? schema : { ...schema, noInlineConfig: true };
}

/** Loads config files once each, and the chain of every directory once. */
export class ConfigChains {
  private readonly files = new Map<string, Promise<LoadedConfig>>();
  private readonly chains = new Map<string, Promise<LocatedConfig[]>>();
  readonly problems = new Set<string>();

  constructor(
    private readonly io: CliIo,
    private readonly args: Pick<CommonArgs, 'config' | 'ignorePatterns' | 'debug'>,
  ) {}

  private get explicit(): string | false | undefined {
    return this.args.config;
  }

  private load(file: string, display: string): Promise<LoadedConfig> {
    let loaded = this.files.get(file);
    if (!loaded) {
      const started = performance.now();
      // The parsers of config texts (YAML, JSONC) load with the first config file read.
      loaded = import('./config-file.js').then(async ({ loadConfigFile }) => {
        const result = await loadConfigFile(file, display);
        const took = (performance.now() - started).toFixed(1);
        const verdict = result.ok ? 'valid' : `${result.problems.length} problem(s)`;
        debugLine(this.io, this.args.debug, `read config file ${display}: ${verdict} (${took} ms)`);
        return result;
      });
      this.files.set(file, loaded);
    }
    return loaded;
  }

  /** `--ignore-pattern`: the `ignores` of a config in the working directory, before all others. */
  private withIgnorePatterns(chain: LocatedConfig[]): LocatedConfig[] {
    if (this.args.ignorePatterns.length === 0) return chain;
    const config = { ignores: this.args.ignorePatterns };
    return [{ path: IGNORE_PATTERN, dir: toPosix(this.io.cwd), config }, ...chain];
  }

  private located(file: string, loaded: LoadedConfig): LocatedConfig[] {
    if (!loaded.ok) {
      for (const p of loaded.problems) this.problems.add(p);
      return [];
    }
    return [{ path: loaded.path, dir: toPosix(path.dirname(file)), config: loaded.config }];
  }

  /** Farthest first, as `resolveFileConfig` wants. */
  chainFor(dir: string): Promise<LocatedConfig[]> {
    let chain = this.chains.get(dir);
    if (chain) return chain;
    if (this.explicit === false) chain = Promise.resolve([]);
    else if (this.explicit !== undefined) {
      const file = path.resolve(this.io.cwd, this.explicit);
      const display = this.explicit;
      chain = this.load(file, display).then((loaded) => this.located(file, loaded));
    } else {
      const display = (f: string): string => displayPath(this.io.cwd, f);
      chain = findConfigChain(dir, (f) => this.load(f, display(f)), display).then((found) =>
        found.reverse().flatMap(({ file, loaded }) => this.located(file, loaded)),
      );
    }
    chain = chain.then((found) => this.withIgnorePatterns(found));
    this.chains.set(dir, chain);
    return chain;
  }
}

/** Where a target's config is looked for: its file's directory (standard input: the cwd). */
function targetDir(t: Target, cwd: string): string {
  if (t.kind === 'file') return path.dirname(t.path);
  return t.filePath === STDIN_FILE_PATH ? cwd : path.dirname(t.filePath);
}

/** The file a target's config is resolved for (its `overrides` and `ignores` match this path). */
function targetFile(t: Target, cwd: string): string {
  if (t.kind === 'file') return t.path;
  return path.resolve(cwd, t.filePath === STDIN_FILE_PATH ? 'stdin.xml' : t.filePath);
}

/**
 * The config cascade of a run's directories, loaded up front: every config file involved is
 * read (and its problems reported: the run stops, exit 2) before any file is linted.
 */
export async function loadChains(
  dirs: Iterable<string>,
  args: CommonArgs,
  io: CliIo,
): Promise<Map<string, LocatedConfig[]> | undefined> {
  const chains = new ConfigChains(io, args);
  const chainByDir = new Map<string, LocatedConfig[]>();
  for (const dir of dirs) chainByDir.set(dir, await chains.chainFor(dir));
  if (chains.problems.size > 0) {
    for (const problem of chains.problems) io.stderr.write(`${PROGRAM}: ${problem}\n`);
    return undefined;
  }
  return chainByDir;
}

/** Whether a chain's configs differ between the files of one directory: only `overrides` and `ignores` match a path. */
export const variesByFile = (chain: readonly LocatedConfig[]): boolean =>
  chain.some(({ config }) => (config.overrides?.length ?? 0) > 0 || (config.ignores?.length ?? 0) > 0);

/**
 * Resolves each file's config from its directory's chain and the command line; equal configs
 * become one object (a fleet's files share a handful, not one each), and a directory whose
 * chain has no `overrides` or `ignores` is resolved once for all its files.
 */
export class ConfigResolver {
  private readonly cli: Pick<ConfigLayers, 'preset' | 'rules'>;
  private readonly schemaDir: string | undefined;
  private readonly distinct = new Map<string, ResolvedConfig>();
  private readonly sameForDir = new Map<string, FileConfig>();

  constructor(
    private readonly chainByDir: ReadonlyMap<string, LocatedConfig[]>,
    private readonly args: CommonArgs,
    private readonly io: CliIo,
  ) {
    this.cli = cliLayers(args);
    this.schemaDir = args.schema === undefined ? undefined : path.resolve(io.cwd, args.schema);
  }

  /** The distinct configs resolved so far. */
  get configs(): ResolvedConfig[] {
    return [...this.distinct.values()];
  }

  private intern(config: ResolvedConfig): ResolvedConfig {
    const key = configKey(config);
    const known = this.distinct.get(key);
    if (known) return known;
    this.distinct.set(key, config);
    return config;
  }

  /** A file's config, or why it is ignored; with `--debug`, a line on stderr that says which. */
  resolve(dir: string, file: string, shown: () => string, debug = this.args.debug): FileConfig {
    const chain = this.chainByDir.get(dir) ?? [];
    let resolved = this.sameForDir.get(dir);
    if (!resolved) {
      resolved = resolveFileConfig(chain, toPosix(file), this.cli);
      if (resolved.kind === 'config') {
        const config = this.intern(withRunOptions(resolved.config, this.args, this.schemaDir));
        resolved = { ...resolved, config };
      }
      if (!variesByFile(chain)) this.sameForDir.set(dir, resolved);
    }
    if (debug) {
      const applies = `config files: ${chain.length > 0 ? chain.map((c) => c.path).join(', ') : 'none'}`;
      const verdict =
        resolved.kind === 'ignored'
          ? `ignored (${ignoredBecause(resolved.by)})`
          : `preset ${resolved.config.preset}, ${resolved.config.rules.size} rule(s) on`;
      debugLine(this.io, true, `${shown()}: ${applies}; ${verdict}`);
    }
    return resolved;
  }
}

/**
 * What a rule's options name outside the files (libvirt's schema) is checked before any file;
 * false after reporting a problem. Also says when `--schema` has no effect.
 */
export async function checkRuleSupport(
  resolvedConfigs: readonly ResolvedConfig[],
  args: CommonArgs,
  io: CliIo,
): Promise<boolean> {
  // Both cores lint and validate in a schema run: V8's compiler threads take from them (jit-budget.ts).
  if (resolvedConfigs.some((c) => c.rules.has(LIBVIRT_SCHEMA_RULE_ID))) raiseInterruptBudget();
  try {
    await loadRuleSupport(resolvedConfigs);
  } catch (error) {
    if (!(error instanceof RuleConfigError)) throw error;
    io.stderr.write(`${PROGRAM}: ${error.message}\n`);
    return false;
  }
  const ruleProblems = prepareRules(resolvedConfigs);
  if (ruleProblems.length > 0) {
    for (const problem of ruleProblems) io.stderr.write(`${PROGRAM}: ${problem.message}\n`);
    return false;
  }
  if (
    args.schema !== undefined &&
    !args.quiet &&
    resolvedConfigs.length > 0 &&
    !resolvedConfigs.some((c) => c.rules.has(LIBVIRT_SCHEMA_RULE_ID))
  ) {
    io.stderr.write(
      `${PROGRAM}: --schema has no effect: the ${LIBVIRT_SCHEMA_RULE_ID} rule is off (turn it on with --preset strict or --rule ${LIBVIRT_SCHEMA_RULE_ID}=error)\n`,
    );
  }
  return true;
}

/** A directory or glob that matched nothing (and could be read): an error, or a notice. */
export function reportUnmatched(
  kind: 'directory' | 'glob',
  arg: string,
  args: CommonArgs,
  io: CliIo,
): boolean {
  const nothing = kind === 'directory' ? 'no *.xml files in this directory' : 'no files match this pattern';
  // As ESLint: a pattern that matches nothing is an error, unless told otherwise.
  if (args.errorOnUnmatchedPattern) {
    io.stderr.write(`${PROGRAM}: ${arg}: ${nothing}\n`);
    return false;
  }
  if (!args.quiet) io.stderr.write(`${PROGRAM}: ${arg}: ${nothing}\n`);
  return true;
}

/**
 * Reports what an argument's search could not read (directories, names that are not UTF-8);
 * false when there was some.
 */
export function reportUnreadable(unreadable: readonly Unreadable[], io: CliIo): boolean {
  for (const item of unreadable) {
    io.stderr.write(`${PROGRAM}: ${unreadableLine(item, displayPath(io.cwd, item.path))}\n`);
  }
  return unreadable.length === 0;
}

/**
 * What `lint` and `fix` share: the files the arguments stand for (missing ones reported to
 * stderr, the others kept) and the config of each, from the config files of its directory and
 * those above it (or `--config`, or none with `--no-config`), `--preset` and `--rule`. Any
 * problem in any config file involved is printed, and the run stops (exit 2).
 */
export async function prepareRun(args: CommonArgs, io: CliIo): Promise<PreparedRun> {
  const started = performance.now();
  const stdinFilePath =
    args.stdinFilename !== undefined ? path.resolve(io.cwd, args.stdinFilename) : STDIN_FILE_PATH;
  let failed = false;
  const found: { target: Target; explicit: boolean }[] = [];
  const patterns: Pattern[] = [];
  for (const e of await expandArgs(args.paths, io.cwd, stdinFilePath)) {
    if ('error' in e) {
      io.stderr.write(`${PROGRAM}: ${e.arg}: ${e.error}\n`);
      failed = true;
      continue;
    }
    if (!reportUnreadable(e.unreadable, io)) failed = true;
    if (e.kind === 'directory' || e.kind === 'glob') {
      if (e.matched.length > 0) patterns.push({ arg: e.arg, kind: e.kind, files: e.matched });
      else if (e.unreadable.length === 0 && !reportUnmatched(e.kind, e.arg, args, io)) failed = true;
    }
    const named = path.resolve(io.cwd, e.arg);
    for (const target of e.targets)
      found.push({ target, explicit: target.kind === 'stdin' || target.path === named });
  }

  debugLine(io, args.debug, `${found.length} file(s) from ${args.paths.length} argument(s)`);
  // Without targets the config still counts: a broken config file is an error even for no files.
  const dirs = new Set(found.length > 0 ? found.map((f) => targetDir(f.target, io.cwd)) : [io.cwd]);
  const chainByDir = await loadChains(dirs, args, io);
  if (!chainByDir) return { configFailed: true };
  const resolver = new ConfigResolver(chainByDir, args, io);
  const configs = new Map<string, ResolvedConfig>();
  const targets: Target[] = [];
  for (const { target, explicit } of found) {
    const file = targetFile(target, io.cwd);
    const shown = (): string => (target.kind === 'file' ? displayPath(io.cwd, file) : target.filePath);
    const resolved = resolver.resolve(targetDir(target, io.cwd), file, shown);
    if (resolved.kind === 'ignored') {
      if (explicit && !args.quiet) {
        io.stderr.write(
          `${PROGRAM}: ${displayPath(io.cwd, file)}: ignored: ${ignoredBecause(resolved.by)}\n`,
        );
      }
      continue;
    }
    configs.set(target.kind === 'file' ? target.path : target.filePath, resolved.config);
    targets.push(target);
  }
  const resolvedConfigs = resolver.configs;
  if (!(await checkRuleSupport(resolvedConfigs, args, io))) return { configFailed: true };
  debugLine(
    io,
    args.debug,
    `${targets.length} file(s) to process, ${resolvedConfigs.length} distinct config(s), ` +
      `prepared in ${(performance.now() - started).toFixed(1)} ms`,
  );
  return {
    configFailed: false,
    targets,
    failed,
    patterns,
    configFor: (filePath) => {
      const resolved = configs.get(filePath);
      if (!resolved) throw new Error(`no config resolved for ${filePath}`);
      return resolved;
    },
  };
}

/** What the engine is given for the targets of a prepared run: standard input is read from `io`. */
export function engineInputs(
  targets: readonly Target[],
  configFor: (filePath: string) => ResolvedConfig,
  io: CliIo,
): EngineInput[] {
  return targets.map((t) =>
    t.kind === 'file'
      ? { filePath: t.path, config: configFor(t.path) }
      : { filePath: t.filePath, config: configFor(t.filePath), stream: stdinDocument(io) },
  );
}
