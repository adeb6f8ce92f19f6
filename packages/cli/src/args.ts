import { PRESET_NAMES, severityName, type PresetName } from '@virt-alias/rules';
import yargs, { type Argv } from 'yargs';
import { configArgs, configOptions, initArgs, initBuilder, type ConfigArgs } from './config-options.js';
import type { InitArgs } from './init-command.js';
import { didYouMean } from './did-you-mean.js';
import { UsageError } from './usage-error.js';
import { DEFAULT_FORMAT, FORMAT_NAMES } from './formatters/index.js';
import { PROGRAM } from './io.js';
import { auditArgs, auditBuilder, type AuditCommand } from './audit-args.js';
import { RULES_FORMATS, type RulesFormat } from './rules-command.js';
import { STDIN_ARG } from './targets.js';
import { packageVersion } from './version.js';

/** What `lint` and `fix` share. */
export interface CommonArgs extends ConfigArgs {
  /** ESLint 9's flags: `--report-unused-disable-directives` is `error`. */
  readonly reportUnusedDisableDirectives: 'off' | 'warn' | 'error';
  readonly paths: readonly string[];
  readonly quiet: boolean;
  readonly preset: PresetName | undefined;
  readonly rules: readonly string[];
  /** A path; `false` for `--no-config`; undefined: look for `virt-alias.config.json` (or .jsonc, .yaml, .yml). */
  readonly config: string | false | undefined;
  readonly color: boolean | undefined;
  readonly stdinFilename: string | undefined;
  /** `--schema DIR`: the libvirt-schema rule's `schemaDir` for this run. */
  readonly schema: string | undefined;
  /** A directory or glob that matches no domain file is an error (`--no-error-on-unmatched-pattern`: not). */
  readonly errorOnUnmatchedPattern: boolean;
}

/** What the commands that run the engine (`lint`, `fix`) take besides. */
export interface EngineArgs {
  /** `--jobs N`: worker threads (1: none, all in this thread); undefined: as many as pay off. */
  readonly jobs: number | undefined;
}

/** One `--format`, and the `--output-file` that followed it (undefined: standard output). */
export interface FormatOutput {
  readonly format: string;
  readonly outputFile: string | undefined;
}

/** `virt-alias lint` as given on the command line, checked for shape only. */
export interface LintArgs extends CommonArgs, EngineArgs {
  /** In command-line order; `[{ format: 'stylish', outputFile: undefined }]` without --format. */
  readonly outputs: readonly FormatOutput[];
  /** -1: no limit. */
  readonly maxWarnings: number;
  /** Report only findings this baseline file does not know. */
  readonly baseline: string | undefined;
  /** Write the current findings to the --baseline file instead of reporting them. */
  readonly updateBaseline: boolean;
  /** `--cache`: reuse the results of unchanged files from the cache file. */
  readonly cache: boolean;
  /** `--cache-location`: the cache file, or a directory for it; undefined: `.virt-alias-cache`. */
  readonly cacheLocation: string | undefined;
}

/** `virt-alias fix`: what to do with the fixed text. */
export interface FixArgs extends CommonArgs, EngineArgs {
  readonly write: boolean;
  readonly backup: boolean;
  /** With --write: replace a file that has other hard links (they keep the old text). */
  readonly breakHardLinks: boolean;
  readonly outDir: string | undefined;
  readonly check: boolean;
  readonly mapping: string | undefined;
  /** `--changes FILE`: the JSONL change log of the run. */
  readonly changes: string | undefined;
}

export type Command =
  | { readonly kind: 'output'; readonly text: string }
  | { readonly kind: 'lint'; readonly args: LintArgs }
  | { readonly kind: 'fix'; readonly args: FixArgs }
  | { readonly kind: 'apply'; readonly args: ApplyArgs }
  | { readonly kind: 'rules'; readonly format: RulesFormat }
  | { readonly kind: 'init'; readonly args: InitArgs }
  | AuditCommand;

export const COMMANDS = ['lint', 'fix', 'apply', 'rules', 'audit', 'init'] as const;

/** yargs-parser drops a lone `-`: it stands in for it while parsing. */
const STDIN_STANDIN = '\u0000stdin\u0000';

const EPILOGUE = `Exit codes:
  0  no error-severity finding (and warnings within --max-warnings)
  1  findings: errors (parse errors included), or too many warnings
  2  usage, configuration, file or internal error`;

/** Options `lint` and `fix` share: what to read, and which rules. */
export function commonOptions(y: Argv) {
  const common = y
    .positional('paths', {
      describe: 'Files, directories (searched for **/*.xml), globs, or - for standard input',
      type: 'string',
      array: true,
    })
    .option('preset', { describe: 'Preset to start from (overrides the config file)', choices: PRESET_NAMES })
    .option('rule', {
      describe: 'RULE=off|warn|error, or RULE=[severity, {options}] as JSON (repeatable)',
      type: 'string',
      array: true,
      nargs: 1,
    })
    .option('config', {
      alias: 'c',
      describe:
        'Config file [default: the nearest virt-alias.config.json, .jsonc, .yaml or .yml from here up; none with --no-config]',
      type: 'string',
    })
    .option('color', {
      describe: 'Force colour on (--no-color: off); default: when stdout is a terminal',
      type: 'boolean',
    })
    .option('stdin-filename', { describe: 'File name to report for -', type: 'string', requiresArg: true })
    .option('schema', {
      describe:
        "Directory of libvirt's domain.rng for the libvirt-schema rule (its schemaDir option); does not turn the rule on",
      type: 'string',
      requiresArg: true,
    })
    .option('error-on-unmatched-pattern', {
      describe:
        'A directory or glob that matches no domain file is an error (--no-error-on-unmatched-pattern: a notice)',
      type: 'boolean',
    })
    .option('report-unused-disable-directives', {
      describe: 'Report virt-alias-disable comments that suppress nothing, as errors (fix removes them)',
      type: 'boolean',
    })
    .option('report-unused-disable-directives-severity', {
      describe: 'The same, at this severity',
      choices: ['off', 'warn', 'error', '0', '1', '2'],
      requiresArg: true,
    });
  return configOptions(common);
}

/** `--jobs`, of the commands that run the engine. */
function jobsOption(y: Argv) {
  return y.option('jobs', {
    alias: 'j',
    describe:
      'Worker threads to lint with (1: none, all in one thread) [default: one per processor but one, for runs large enough, and none to lint on two processors; with libvirt-schema on, the main thread lints too]',
    type: 'string',
    requiresArg: true,
  });
}

const FIX_EPILOGUE = `Without --write, --out-dir or --check, fix changes nothing and prints a unified diff.

Exit codes:
  0  nothing left that fix cannot fix
  1  findings remain (unfixable ones, or files that do not parse); with --check: a file would change
  2  usage, configuration, mapping, file or internal error`;

function fixBuilder(y: Argv) {
  return jobsOption(commonOptions(y))
    .usage(`$0 fix [options] <path|glob|->...`)
    .option('write', { alias: 'w', describe: 'Rewrite the files in place, atomically', type: 'boolean' })
    .option('backup', { describe: 'With --write: keep the original as FILE.bak', type: 'boolean' })
    .option('break-hard-links', {
      describe: 'With --write: replace a file that has other hard links (they keep the old text)',
      type: 'boolean',
    })
    .option('out-dir', {
      describe: 'Write every processed domain file under DIR, mirroring the input paths',
      type: 'string',
      requiresArg: true,
    })
    .option('check', { describe: 'Exit 1 when a file would change; write nothing', type: 'boolean' })
    .option('mapping', {
      alias: 'm',
      describe: 'JSON or CSV file, per instance uuid: target dev -> volume, MAC or PCI address -> port',
      type: 'string',
      requiresArg: true,
    })
    .option('changes', {
      describe: 'Write a JSONL change log to FILE: per device, the old and new alias and why',
      type: 'string',
      requiresArg: true,
    })
    .option('quiet', {
      describe: 'No summary, notices or reasons on stderr: one line per error left',
      type: 'boolean',
    })
    .example('$0 fix guests/', 'Show the changes as a diff')
    .example('$0 fix --write --backup guests/', 'Apply them in place')
    .example('$0 fix --out-dir fixed/ --mapping ids.csv dumps/', 'Write a fixed copy of every file')
    .example('virsh dumpxml --inactive vm1 | $0 fix - > vm1.xml', 'Fix standard input')
    .epilogue(FIX_EPILOGUE);
}

function lintBuilder(y: Argv) {
  return jobsOption(commonOptions(y))
    .usage(`$0 lint [options] <path|glob|->...`)
    .option('format', {
      alias: 'f',
      describe:
        `Output format, to stdout or, as NAME:FILE, to FILE; repeatable (one output each, at most one ` +
        `to stdout) [default: ${DEFAULT_FORMAT}] [formats: ${FORMAT_NAMES.join(', ')}]`,
      type: 'string',
      array: true,
      nargs: 1,
      requiresArg: true,
    })
    .option('output-file', {
      alias: 'o',
      describe:
        'Write to FILE instead of stdout: with one --format, its output (none: the default ' +
        'stylish); with several, the n-th --output-file goes with the n-th --format without :FILE',
      type: 'string',
      array: true,
      nargs: 1,
      requiresArg: true,
    })
    .option('quiet', {
      describe: 'Report errors only: hide warnings and notices (--max-warnings still counts warnings)',
      type: 'boolean',
    })
    .option('max-warnings', {
      describe: 'Exit 1 when there are more warnings than this (-1: no limit)',
      type: 'number',
      default: -1,
      requiresArg: true,
    })
    .option('baseline', {
      describe: 'Report only the findings this baseline file does not list',
      type: 'string',
      requiresArg: true,
    })
    .option('update-baseline', {
      describe: 'Write the current findings to the --baseline file (then exit 0)',
      type: 'boolean',
    })
    .option('cache', {
      describe: 'Reuse the results of files unchanged since the last run (same config and version)',
      type: 'boolean',
    })
    .option('cache-location', {
      describe: 'The cache file, or a directory to keep it in [default: .virt-alias-cache]',
      type: 'string',
      requiresArg: true,
    })
    .example('$0 lint /etc/libvirt/qemu', 'Lint every *.xml below a directory')
    .example('virsh dumpxml --inactive vm1 | $0 lint -', 'Lint the definition of a running domain')
    .example('$0 lint --format json "vms/**/*.xml"', 'Machine-readable output')
    .example('$0 lint -f stylish -f sarif:a.sarif vms/', 'stylish to stdout, SARIF to a file')
    .epilogue(EPILOGUE);
}

/** `virt-alias apply`: define checked files with libvirt (docs/apply.md). */
export interface ApplyArgs extends CommonArgs {
  /** `--connect URI`; undefined: libvirt's default URI. */
  readonly connect: string | undefined;
  readonly dryRun: boolean;
  readonly yes: boolean;
  /** Parent of each run's `<timestamp>/` directory of backups. */
  readonly backupDir: string;
  readonly journal: string | undefined;
  readonly resume: string | undefined;
  readonly jobs: number;
  readonly allowNew: boolean;
  readonly force: boolean;
  readonly includeNovaManaged: boolean;
  /** Seconds each virsh call may take. */
  readonly timeout: number;
}

// A paragraph is one line: help-wrap.ts fills it to the terminal's width.
const APPLY_EPILOGUE = `Without --yes, apply only shows what it would do (--dry-run) when standard input is not a terminal, and asks once for the whole batch when it is.

Exit codes:
  0  every domain defined or already unchanged
  1  a file refused, a domain skipped or rolled back, or the batch declined
  2  usage, configuration or connection error; a failed virsh call or backup; a failed rollback`;

function applyBuilder(y: Argv) {
  return (
    commonOptions(y)
      // apply writes no colour; --color stays accepted (scripts pass it to every command).
      .hide('color')
      .usage('$0 apply [options] <path|glob>...')
      .positional('paths', {
        describe: 'Fixed domain files, directories (searched for **/*.xml) or globs',
        type: 'string',
        array: true,
      })
      // What only reading standard input or printing findings needs: apply does neither.
      .hide('stdin-filename')
      .hide('color')
      .option('connect', {
        describe: "libvirt URI [default: libvirt's default URI]",
        type: 'string',
        requiresArg: true,
      })
      .option('dry-run', {
        alias: 'n',
        describe: 'Show per domain what would change; change nothing',
        type: 'boolean',
      })
      .option('yes', { alias: 'y', describe: 'Apply without asking', type: 'boolean' })
      .option('backup-dir', {
        describe: 'Keep each replaced definition under DIR/<timestamp>/',
        type: 'string',
        default: 'virt-alias-backup',
        requiresArg: true,
      })
      .option('journal', {
        describe: 'Append a JSONL record of every step to FILE',
        type: 'string',
        requiresArg: true,
      })
      .option('resume', {
        describe: 'Leave out what the journal FILE records as done; journal this run to it too',
        type: 'string',
        requiresArg: true,
      })
      .option('jobs', {
        alias: 'j',
        describe: 'Domains applied at once',
        type: 'number',
        default: 4,
        requiresArg: true,
      })
      .option('allow-new', { describe: 'Define files of domains libvirt does not know', type: 'boolean' })
      .option('force', { describe: 'Define even when the domain changed since the dump', type: 'boolean' })
      .option('include-nova-managed', {
        describe: 'Define Nova-managed domains too (Nova replaces their XML at hard reboot)',
        type: 'boolean',
      })
      .option('timeout', {
        describe: 'Seconds each virsh call may take',
        type: 'number',
        default: 120,
        requiresArg: true,
      })
      .option('quiet', { describe: 'No progress and no summary on stderr', type: 'boolean' })
      .example('$0 apply fixed/', 'What would be defined (stdin not a terminal)')
      .example('$0 apply -y --journal j.jsonl fixed/', 'Define, journaling every step')
      .example('$0 apply -y --resume j.jsonl fixed/', 'Go on after an interrupted run')
      .epilogue(APPLY_EPILOGUE)
  );
}

function applyArgs(argv: Record<string, unknown>): ApplyArgs {
  const text = (name: string): string | undefined => {
    const value = last(argv[name] as string | undefined);
    return value === undefined ? undefined : restore(value);
  };
  const flag = (name: string): boolean => last(argv[name] as boolean | undefined) ?? false;
  return {
    ...commonArgs(argv),
    connect: text('connect'),
    dryRun: flag('dry-run'),
    yes: flag('yes'),
    backupDir: text('backup-dir') ?? 'virt-alias-backup',
    journal: text('journal'),
    resume: text('resume'),
    jobs: last(argv.jobs as number),
    allowNew: flag('allow-new'),
    force: flag('force'),
    includeNovaManaged: flag('include-nova-managed'),
    timeout: last(argv.timeout as number),
  };
}

function rulesBuilder(y: Argv) {
  return y.usage('$0 rules [--format text|json]').option('format', {
    alias: 'f',
    describe: 'Output format',
    choices: RULES_FORMATS,
    default: 'text',
    requiresArg: true,
  });
}

function parser(): Argv {
  return yargs()
    .scriptName(PROGRAM)
    .locale('en')
    .exitProcess(false)
    .parserConfiguration({
      'camel-case-expansion': false,
      'dot-notation': false,
      'parse-positional-numbers': false,
    })
    .usage('$0 <command> [options]')
    .command('lint [paths..]', 'Lint domain XML files', lintBuilder)
    .command('fix [paths..]', 'Give devices stable ua- aliases with minimal edits', fixBuilder)
    .command('apply [paths..]', 'Define fixed files with libvirt: checked, backed up, verified', applyBuilder)
    .command('rules', 'List the rules, their presets and docs', rulesBuilder)
    .command(
      'audit [paths..]',
      'Fleet readiness report; audit merge REPORT.json... merges reports',
      auditBuilder,
    )
    .command('init', 'Write a starter virt-alias.config.json here', initBuilder(PRESET_NAMES))
    .demandCommand(1, 'no command given: use "lint", "fix", "apply", "rules", "audit" or "init"')
    .strict()
    .version(packageVersion())
    .alias('version', 'V')
    .help()
    .alias('help', 'h')
    .epilogue(`Checks that every device of libvirt domain XML carries a stable ua- alias.\n\n${EPILOGUE}`)
    .wrap(null);
}

/** The last of a repeated scalar option (`--format a --format b` is `b`, as in most tools). */
export function last<T>(value: T | readonly T[]): T {
  return Array.isArray(value) ? (value[value.length - 1] as T) : (value as T);
}

export const restore = (value: string): string => (value === STDIN_STANDIN ? STDIN_ARG : value);

export function commonArgs(argv: Record<string, unknown>): CommonArgs {
  const paths = [...((argv.paths as unknown[] | undefined) ?? []), ...(argv._ as unknown[]).slice(1)].map(
    (p) => restore(String(p)),
  );
  const config = last(argv.config as string | false | undefined);
  const stdinFilename = last(argv['stdin-filename'] as string | undefined);
  const schema = last(argv.schema as string | undefined);
  return {
    paths,
    quiet: last(argv.quiet as boolean | undefined) ?? false,
    preset: last(argv.preset as PresetName | undefined),
    rules: ((argv.rule as unknown[] | undefined) ?? []).map((r) => restore(String(r))),
    config: typeof config === 'string' ? restore(config) : config,
    color: last(argv.color as boolean | undefined),
    stdinFilename: stdinFilename === undefined ? undefined : restore(stdinFilename),
    schema: schema === undefined ? undefined : restore(schema),
    errorOnUnmatchedPattern: last(argv['error-on-unmatched-pattern'] as boolean | undefined) ?? true,
    reportUnusedDisableDirectives: unusedDirectives(argv),
    ...configArgs(argv, restore),
  };
}

/** `--jobs N`: a whole number from 1 up. */
function jobsOf(value: string | undefined, command: string): number | undefined {
  if (value === undefined) return undefined;
  const jobs = /^\d+$/u.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(jobs) || jobs < 1) {
    throw new UsageError(`--jobs must be a whole number, 1 or more, not ${JSON.stringify(value)}`, command);
  }
  return jobs;
}

function unusedDirectives(argv: Record<string, unknown>): 'off' | 'warn' | 'error' {
  const severity = last(argv['report-unused-disable-directives-severity'] as string | undefined);
  if (severity !== undefined) return severityName(severity) ?? 'error';
  return last(argv['report-unused-disable-directives'] as boolean | undefined) ? 'error' : 'off';
}

/** What differs between the commands that take --format and --output-file. */
export interface FormatOutputOptions {
  readonly command: string;
  readonly defaultFormat: string;
}

/** `--format NAME:FILE`: the format, and the file it goes to (`-`: standard output). */
function splitFormat(value: string): FormatOutput {
  const colon = value.indexOf(':');
  if (colon < 0) return { format: value, outputFile: undefined };
  return { format: value.slice(0, colon), outputFile: value.slice(colon + 1) };
}

/**
 * The outputs of `--format NAME[:FILE]`, each repeatable, and the older `--output-file FILE`.
 * yargs keeps the order within an option, not across options (docs/decisions/0015), so an
 * `--output-file` pairs only where that needs no order between the two: with no --format it takes
 * the default format; with as many --format without a file as there are --output-file, the n-th
 * file goes with the n-th such format. Anything else is a usage error that names `NAME:FILE`.
 */
export function formatOutputs(
  formats: readonly string[],
  files: readonly string[],
  { command, defaultFormat }: FormatOutputOptions = { command: 'lint', defaultFormat: DEFAULT_FORMAT },
): FormatOutput[] {
  const outputs = formats.map(splitFormat);
  for (const output of outputs) {
    if (output.outputFile === '') {
      throw new UsageError(`--format ${output.format}: no file after the colon (NAME:FILE)`, command);
    }
  }
  if (outputs.length === 0) outputs.push({ format: defaultFormat, outputFile: undefined });
  if (files.length === 0) return outputs;
  const open = outputs.filter((o) => o.outputFile === undefined);
  if (open.length !== files.length) {
    const named = outputs.filter((o) => o.outputFile !== undefined).length;
    const example = open[0]?.format ?? outputs[0]!.format;
    throw new UsageError(
      `cannot tell which --format each --output-file belongs to (${open.length} --format without a file, ` +
        `${files.length} --output-file${named > 0 ? `, ${named} --format NAME:FILE` : ''}): ` +
        `give the file with its format, as in --format ${example}:FILE`,
      command,
    );
  }
  let next = 0;
  return outputs.map((o) => (o.outputFile === undefined ? { ...o, outputFile: files[next++] } : o));
}

function lintArgs(argv: Record<string, unknown>): LintArgs {
  const strings = (value: unknown): string[] =>
    value === undefined ? [] : [value].flat().map((v) => restore(v as string));
  return {
    ...commonArgs(argv),
    jobs: jobsOf(last(argv.jobs as string | undefined), 'lint'),
    outputs: formatOutputs(strings(argv.format), strings(argv['output-file'])),
    maxWarnings: last(argv['max-warnings'] as number),
    baseline: strings(argv.baseline).pop(),
    updateBaseline: last(argv['update-baseline'] as boolean | undefined) ?? false,
    cache: last(argv.cache as boolean | undefined) ?? false,
    cacheLocation: strings(argv['cache-location']).pop(),
  };
}

function fixArgs(argv: Record<string, unknown>): FixArgs {
  const outDir = last(argv['out-dir'] as string | undefined);
  const mapping = last(argv.mapping as string | undefined);
  const changes = last(argv.changes as string | undefined);
  return {
    ...commonArgs(argv),
    jobs: jobsOf(last(argv.jobs as string | undefined), 'fix'),
    write: last(argv.write as boolean | undefined) ?? false,
    backup: last(argv.backup as boolean | undefined) ?? false,
    breakHardLinks: last(argv['break-hard-links'] as boolean | undefined) ?? false,
    outDir: outDir === undefined ? undefined : restore(outDir),
    check: last(argv.check as boolean | undefined) ?? false,
    mapping: mapping === undefined ? undefined : restore(mapping),
    changes: changes === undefined ? undefined : restore(changes),
  };
}

/** The command a user asked for, to name its --help in a usage error. */
export function commandOf(args: readonly string[]): string | undefined {
  const first = args.find((a) => !a.startsWith('-'));
  return (COMMANDS as readonly string[]).includes(first ?? '') ? first : undefined;
}

/** What an unknown option means in another tool, or another command: the command's hint. */
const OPTION_HINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  lint: {
    fix: 'lint only reports: use `virt-alias fix` (a diff; --write or --out-dir to write)',
    'fix-dry-run':
      'lint only reports: use `virt-alias fix`, which without --write shows a diff and writes nothing',
  },
  fix: { o: 'unknown option -o: fix writes fixed copies with --out-dir DIR (-o is --output-file of lint)' },
};

/** yargs names `--no-foo` "foo": name each unknown argument as it was typed. */
function unknownArguments(message: string, args: readonly string[], command: string | undefined): string {
  const match = /^Unknown arguments?: (.*)$/s.exec(message);
  if (!match) return message;
  return match[1]!
    .split(', ')
    .map((name) => {
      const hint = command === undefined ? undefined : OPTION_HINTS[command]?.[name];
      if (hint !== undefined) return hint;
      const typed = args.find((a) =>
        [`--${name}`, `--no-${name}`, `-${name}`].includes(a.replace(/=.*/s, '')),
      );
      return typed !== undefined
        ? `unknown option ${typed.replace(/=.*/s, '')}`
        : `unexpected argument ${JSON.stringify(name === STDIN_STANDIN ? STDIN_ARG : name)}`;
    })
    .join('; ');
}

/** Parses the arguments; a usage error throws `UsageError`. Never prints, never exits. */
export function parseArgs(args: readonly string[]): Command {
  const command = commandOf(args);
  const first = args.find((a) => !a.startsWith('-'));
  if (first !== undefined && command === undefined) {
    const meant = didYouMean(first, COMMANDS);
    throw new UsageError(
      `unknown command ${JSON.stringify(first)}: ` +
        (meant !== undefined
          ? `did you mean "${meant}"?`
          : 'use "lint", "fix", "apply", "rules", "audit" or "init"'),
    );
  }
  let result: Command | undefined;
  const parsed = parser()
    .fail((message: string | null, error: Error | undefined) => {
      if (message) throw new UsageError(unknownArguments(message, args, command), command);
      throw error ?? new UsageError('invalid command line', command);
    })
    .parse(
      args.map((a) => (a === STDIN_ARG ? STDIN_STANDIN : a)),
      {},
      (error: Error | null | undefined, argv: Record<string, unknown>, output: string) => {
        if (error) throw error;
        if (output) {
          result = { kind: 'output', text: output };
          return;
        }
        const name = String((argv._ as unknown[])[0]);
        if (name === 'rules') result = { kind: 'rules', format: last(argv.format as RulesFormat) };
        else if (name === 'fix') result = { kind: 'fix', args: fixArgs(argv) };
        else if (name === 'audit') result = auditArgs(argv);
        else if (name === 'apply') result = { kind: 'apply', args: applyArgs(argv) };
        else if (name === 'init') result = { kind: 'init', args: initArgs(argv) };
        else result = { kind: 'lint', args: lintArgs(argv) };
      },
    );
  // Nothing here is asynchronous (no async builder or middleware): yargs returns the arguments.
  if (parsed instanceof Promise) throw new Error('yargs parsed asynchronously');
  if (!result) throw new UsageError('invalid command line', command);
  return result;
}
