import { PRESET_NAMES, type PresetName } from '@virt-alias/rules';
import yargs, { type Argv } from 'yargs';
import { UsageError } from './errors.js';
import { DEFAULT_FORMAT, FORMAT_NAMES } from './formatters/index.js';
import { PROGRAM } from './io.js';
import { RULES_FORMATS, type RulesFormat } from './rules-command.js';
import { STDIN_ARG } from './targets.js';
import { packageVersion } from './version.js';

/** `virt-alias lint` as given on the command line, checked for shape only. */
export interface LintArgs {
  readonly paths: readonly string[];
  readonly format: string;
  readonly quiet: boolean;
  /** -1: no limit. */
  readonly maxWarnings: number;
  readonly preset: PresetName | undefined;
  readonly rules: readonly string[];
  /** A path; `false` for `--no-config`; undefined: look for `virt-alias.config.json`. */
  readonly config: string | false | undefined;
  readonly color: boolean | undefined;
  readonly stdinFilename: string | undefined;
}

export type Command =
  | { readonly kind: 'output'; readonly text: string }
  | { readonly kind: 'lint'; readonly args: LintArgs }
  | { readonly kind: 'rules'; readonly format: RulesFormat };

export const COMMANDS = ['lint', 'rules'] as const;

/** yargs-parser drops a lone `-`: it stands in for it while parsing. */
const STDIN_STANDIN = '\u0000stdin\u0000';

const EPILOGUE = `Exit codes:
  0  no error-severity finding (and warnings within --max-warnings)
  1  findings: errors (parse errors included), or too many warnings
  2  usage, configuration, file or internal error`;

function lintBuilder(y: Argv) {
  return y
    .usage(`$0 lint [options] <path|glob|->...`)
    .positional('paths', {
      describe: 'Files, directories (searched for **/*.xml), globs, or - for standard input',
      type: 'string',
      array: true,
    })
    .option('format', {
      alias: 'f',
      describe: 'Output format',
      choices: FORMAT_NAMES,
      default: DEFAULT_FORMAT,
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
        'Config file [default: the nearest virt-alias.config.json from here up; none with --no-config]',
      type: 'string',
    })
    .option('color', {
      describe: 'Force colour on (--no-color: off); default: when stdout is a terminal',
      type: 'boolean',
    })
    .option('stdin-filename', { describe: 'File name to report for -', type: 'string', requiresArg: true })
    .example('$0 lint /etc/libvirt/qemu', 'Lint every *.xml below a directory')
    .example(`virsh dumpxml vm1 | $0 lint -`, 'Lint a running domain')
    .example('$0 lint --format json "vms/**/*.xml"', 'Machine-readable output')
    .epilogue(EPILOGUE);
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
    .command('rules', 'List the rules, their presets and docs', rulesBuilder)
    .demandCommand(1, 'no command given: use "lint" or "rules"')
    .strict()
    .version(packageVersion())
    .alias('version', 'V')
    .help()
    .alias('help', 'h')
    .epilogue(`Checks that every device of libvirt domain XML carries a stable ua- alias.\n\n${EPILOGUE}`)
    .wrap(100);
}

/** The last of a repeated scalar option (`--format a --format b` is `b`, as in most tools). */
function last<T>(value: T | readonly T[]): T {
  return Array.isArray(value) ? (value[value.length - 1] as T) : (value as T);
}

const restore = (value: string): string => (value === STDIN_STANDIN ? STDIN_ARG : value);

function lintArgs(argv: Record<string, unknown>): LintArgs {
  const paths = [...((argv.paths as unknown[] | undefined) ?? []), ...(argv._ as unknown[]).slice(1)].map(
    (p) => restore(String(p)),
  );
  const config = last(argv.config as string | false | undefined);
  const stdinFilename = last(argv['stdin-filename'] as string | undefined);
  return {
    paths,
    format: last(argv.format as string),
    quiet: last(argv.quiet as boolean | undefined) ?? false,
    maxWarnings: last(argv['max-warnings'] as number),
    preset: last(argv.preset as PresetName | undefined),
    rules: ((argv.rule as unknown[] | undefined) ?? []).map((r) => restore(String(r))),
    config: typeof config === 'string' ? restore(config) : config,
    color: last(argv.color as boolean | undefined),
    stdinFilename: stdinFilename === undefined ? undefined : restore(stdinFilename),
  };
}

/** The command a user asked for, to name its --help in a usage error. */
export function commandOf(args: readonly string[]): string | undefined {
  const first = args.find((a) => !a.startsWith('-'));
  return (COMMANDS as readonly string[]).includes(first ?? '') ? first : undefined;
}

/** yargs names `--no-foo` "foo": name each unknown argument as it was typed. */
function unknownArguments(message: string, args: readonly string[]): string {
  const match = /^Unknown arguments?: (.*)$/s.exec(message);
  if (!match) return message;
  return match[1]!
    .split(', ')
    .map((name) => {
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
    throw new UsageError(`unknown command ${JSON.stringify(first)}: use "lint" or "rules"`);
  }
  let result: Command | undefined;
  const parsed = parser()
    .fail((message: string | null, error: Error | undefined) => {
      if (message) throw new UsageError(unknownArguments(message, args), command);
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
        else result = { kind: 'lint', args: lintArgs(argv) };
      },
    );
  // Nothing here is asynchronous (no async builder or middleware): yargs returns the arguments.
  if (parsed instanceof Promise) throw new Error('yargs parsed asynchronously');
  if (!result) throw new UsageError('invalid command line', command);
  return result;
}
