import { PRESET_NAMES } from '@virt-alias/rules';
import { ACTIONS, REPORT_VERSION, STATE_CLASSES } from './report.js';

/** Where the schema is published (docs/audit-report.schema.json, generated from this object). */
export const REPORT_SCHEMA_ID =
  'https://github.com/virt-alias/virt-alias/blob/main/docs/audit-report.schema.json';

const count = { type: 'integer', minimum: 0 } as const;
const nullableString = { type: ['string', 'null'] } as const;
const percent = { type: ['number', 'null'], minimum: 0, maximum: 100 } as const;
const preset = { enum: [...PRESET_NAMES, null] } as const;

const findingCounts = {
  errors: count,
  warnings: count,
  fix: { ...count, description: 'Findings `virt-alias fix` repairs alone.' },
  mapping: {
    ...count,
    description: 'Findings that need a --mapping file (a volume or port uuid the XML lacks).',
  },
  person: { ...count, description: 'Findings that need a person.' },
} as const;

const readiness = {
  domains: count,
  ready: { ...count, description: 'Domains without an error-severity finding.' },
  notReady: count,
  readyPercent: { ...percent, description: 'ready / domains in percent, one decimal; null without domains.' },
} as const;

/** An object schema whose every property is required and no other allowed. */
function closed(
  properties: Readonly<Record<string, unknown>>,
  description?: string,
): Record<string, unknown> {
  return {
    type: 'object',
    ...(description !== undefined ? { description } : {}),
    additionalProperties: false,
    required: Object.keys(properties),
    properties,
  };
}

const finding = closed(
  {
    ruleId: { type: 'string', description: 'The rule; `parse-error` for a file that is not well-formed.' },
    severity: { enum: ['error', 'warning'] },
    line: { type: 'integer', minimum: 1 },
    column: { type: 'integer', minimum: 1 },
    message: { type: 'string' },
    messageId: nullableString,
    device: {
      ...nullableString,
      description: 'The device (`disk:vdb`, `interface:<mac>`); null for the whole domain.',
    },
    deviceKind: { ...nullableString, description: 'Its element name: `disk`, `interface`, `hostdev`, ...' },
    action: {
      enum: ACTIONS,
      description: 'fix: `virt-alias fix` repairs it alone; mapping: it needs --mapping; person: a person.',
    },
    reason: { ...nullableString, description: 'Why `fix` cannot repair it, as `fix` says.' },
    nova: {
      enum: ['hard-reboot', 'wrong-device', null],
      description:
        'For a Nova-managed domain: hard-reboot, a volume disk Nova 2024.1+ aliases itself at the next hard reboot; wrong-device, an alias that makes Nova find the wrong device.',
    },
  },
  'One finding of the linter.',
);

const domainRow = closed(
  {
    file: { type: 'string', description: 'Relative to the working directory of the run, `/`-separated.' },
    host: { type: 'string', description: '`-` when the path names no host.' },
    name: nullableString,
    uuid: nullableString,
    novaManaged: { type: 'boolean', description: 'The domain carries nova:instance metadata.' },
    liveDump: { type: 'boolean', description: 'A dump of a running guest, not a persistent definition.' },
    parsed: { type: 'boolean', description: 'False when the file is not well-formed XML.' },
    state: {
      ...nullableString,
      description:
        "The guest's state at the dump, as `virsh domstate` said it in the states.tsv beside the file (`running`, `paused`, `shut off`, ...); null when none was recorded.",
    },
    preset: { ...preset, description: 'The preset that judged the domain.' },
    ready: { type: 'boolean' },
    errorCount: count,
    warningCount: count,
    actions: closed({ fix: count, mapping: count, person: count }),
    findings: { type: 'array', items: finding },
  },
  'One domain file.',
);

const summary = closed({
  ...readiness,
  ...findingCounts,
  hosts: count,
  novaManaged: count,
  liveDumps: count,
  unparsable: count,
  byHost: {
    type: 'array',
    description: 'Every host, the worst first.',
    items: closed({
      host: { type: 'string' },
      ...readiness,
      ...findingCounts,
      running: { ...count, description: 'Domains whose guest runs (any recorded state but `shut off`).' },
      runningNotReady: {
        ...count,
        description: 'Of those, not ready: a fixed definition takes effect only at their next cold boot.',
      },
    }),
  },
  byRule: {
    type: 'array',
    description: 'Most findings first.',
    items: closed({ ruleId: { type: 'string' }, domains: count, ...findingCounts }),
  },
  byDeviceKind: {
    type: 'array',
    items: closed({ deviceKind: nullableString, domains: count, ...findingCounts }),
  },
  nova: closed({
    hardReboot: closed({ domains: count, disks: count }),
    wrongDevice: closed({ domains: count, aliases: count }),
  }),
  state: closed(
    Object.fromEntries(STATE_CLASSES.map((c) => [c, closed({ domains: count, notReady: count })])),
    'Domains by the state recorded at the dump: running (a live guest, any state but `shut off`: a new definition takes effect at its next cold boot), shutOff (at its next start), unknown (none recorded).',
  ),
  worstDomains: {
    type: 'array',
    maxItems: 10,
    items: closed({
      file: { type: 'string' },
      host: { type: 'string' },
      name: nullableString,
      state: nullableString,
      errorCount: count,
      warningCount: count,
    }),
  },
});

/** The JSON Schema (draft-07) of `virt-alias audit --format json`, version `REPORT_VERSION`. */
export const auditReportSchema: Readonly<Record<string, unknown>> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: REPORT_SCHEMA_ID,
  title: `virt-alias audit report, version ${REPORT_VERSION}`,
  ...closed({
    $schema: { type: 'string' },
    reportVersion: { const: REPORT_VERSION },
    tool: closed({ name: { const: 'virt-alias' }, version: { type: 'string' } }),
    preset: {
      ...preset,
      description:
        '--preset of the run; null: the config files decide (by default each domain by its manager).',
    },
    settings: closed(
      {
        rules: { type: 'array', items: { type: 'string' }, description: '--rule options as given.' },
        schema: { ...nullableString, description: '--schema as given, or null.' },
        reportUnusedDisableDirectives: { enum: ['off', 'warn', 'error'] },
      },
      'The options of the run that change its findings: `audit merge` refuses reports whose settings differ.',
    ),
    summary,
    domains: { type: 'array', description: 'One row per domain file, by file.', items: domainRow },
  }),
  required: ['reportVersion', 'tool', 'preset', 'settings', 'summary', 'domains'],
};
