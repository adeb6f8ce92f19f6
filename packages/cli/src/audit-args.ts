import type { Argv } from 'yargs';
import {
  commonArgs,
  commonOptions,
  formatOutputs,
  last,
  restore,
  type CommonArgs,
  type FormatOutput,
} from './args.js';
import { AUDIT_DEFAULT_FORMAT, AUDIT_FORMAT_NAMES } from './audit-formats/names.js';
import { UsageError } from './usage-error.js';

/** `virt-alias audit`: lint's inputs, config and presets; a report instead of findings. */
export interface AuditArgs extends CommonArgs {
  readonly outputs: readonly FormatOutput[];
  /** A regular expression whose one capture group is the host, on each file's shown path. */
  readonly hostPattern: string | undefined;
}

/** `virt-alias audit merge REPORT.json...`. */
export interface AuditMergeArgs {
  readonly reports: readonly string[];
  readonly outputs: readonly FormatOutput[];
}

export type AuditCommand =
  | { readonly kind: 'audit'; readonly args: AuditArgs }
  | { readonly kind: 'audit-merge'; readonly args: AuditMergeArgs };

// A paragraph is one line: help-wrap.ts fills it to the terminal's width.
const AUDIT_EPILOGUE = `A file's host is the first directory below the path that found it (dumps/<host>/<guest>.xml for "audit dumps/"), or the capture group of --host-pattern on the path as shown; "-" for none.

Exit codes:
  0  every domain ready (no error-severity finding)
  1  some domain not ready
  2  usage, configuration, file or internal error`;

function outputOptions(y: Argv) {
  return y
    .option('format', {
      alias: 'f',
      describe:
        `Report format, to stdout or, as NAME:FILE, to FILE; repeatable (one output each, at most one ` +
        `to stdout) [default: ${AUDIT_DEFAULT_FORMAT}] [formats: ${AUDIT_FORMAT_NAMES.join(', ')}]`,
      type: 'string',
      array: true,
      nargs: 1,
      requiresArg: true,
    })
    .option('output-file', {
      alias: 'o',
      describe:
        'Write to FILE instead of stdout: with one --format, its output; with several, the n-th ' +
        '--output-file goes with the n-th --format without :FILE',
      type: 'string',
      array: true,
      nargs: 1,
      requiresArg: true,
    });
}

/**
 * What `audit` takes that `merge`, which reads reports, not domains, does not: hidden there, and
 * refused when given (merge would ignore it: a report carries its run's settings).
 */
const NOT_FOR_MERGE = [
  'paths',
  'print-config',
  'debug',
  'inline-config',
  'ignore-pattern',
  'preset',
  'rule',
  'config',
  'color',
  'stdin-filename',
  'schema',
  'error-on-unmatched-pattern',
  'report-unused-disable-directives',
  'report-unused-disable-directives-severity',
  'host-pattern',
];

function mergeBuilder(y: Argv) {
  // --format and --output-file come from `audit` (declaring them again doubles their aliases).
  return NOT_FOR_MERGE.reduce((built, name) => built.hide(name), y)
    .usage('$0 audit merge [options] <report.json>...')
    .positional('reports', { describe: 'Reports of `audit --format json`', type: 'string', array: true })
    .example('$0 audit merge reports/*.json -f html:fleet.html', 'One fleet report from per-host reports')
    .epilogue(
      'Refuses reports of other virt-alias versions or presets, and two reports of one file.\n\n' +
        'Exit codes: 0 every domain ready, 1 some not, 2 a report cannot be read or merged.',
    );
}

export function auditBuilder(y: Argv) {
  return (
    outputOptions(commonOptions(y))
      // No format of audit has colour; --color stays accepted (scripts pass it to every command).
      .hide('color')
      .usage('$0 audit [options] <path|glob|->...\n$0 audit merge [options] <report.json>...')
      .command('merge <reports..>', 'Merge reports made per host or region into one', mergeBuilder)
      .option('host-pattern', {
        describe: 'Regular expression with one capture group: the host, on each path as shown',
        type: 'string',
        requiresArg: true,
      })
      .option('quiet', { describe: 'No notices on stderr', type: 'boolean' })
      .example('$0 audit dumps/', 'Report on dumps/<host>/<guest>.xml in the terminal')
      .example('$0 audit -f json:audit.json -f html:audit.html dumps/', 'JSON and HTML at once')
      .example("$0 audit --host-pattern '^dumps/([^/]+)/' dumps/cmp-01", 'One host, named by the pattern')
      .epilogue(AUDIT_EPILOGUE)
  );
}

const strings = (value: unknown): string[] =>
  value === undefined ? [] : [value].flat().map((v) => restore(String(v as string | number)));

/** The audit command a command line asks for (yargs has matched `audit` and maybe `merge`). */
export function auditArgs(argv: Record<string, unknown>): AuditCommand {
  const outputs = formatOutputs(strings(argv.format), strings(argv['output-file']), {
    command: 'audit',
    defaultFormat: AUDIT_DEFAULT_FORMAT,
  });
  if ((argv._ as unknown[])[1] === 'merge') {
    // --color, which no command of audit writes, stays accepted as everywhere.
    const given = NOT_FOR_MERGE.find(
      (name) => name !== 'paths' && name !== 'color' && argv[name] !== undefined,
    );
    if (given !== undefined) {
      throw new UsageError(
        `--${given} is an option of audit, not of audit merge: merge reads reports, which carry the settings of the runs that made them`,
        'audit',
      );
    }
    return { kind: 'audit-merge', args: { reports: strings(argv.reports), outputs } };
  }
  const hostPattern = last(argv['host-pattern'] as string | undefined);
  return {
    kind: 'audit',
    args: {
      ...commonArgs(argv),
      outputs,
      hostPattern: hostPattern === undefined ? undefined : restore(hostPattern),
    },
  };
}
