import { compileSchema } from '@virt-alias/rules';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { AuditBuilder } from './audit.js';
import { REPORT_VERSION, type AuditReport, type AuditSettings } from './report.js';
import { auditReportSchema } from './schema.js';

/** A report `merge` cannot use, or reports it must not merge: a message naming the file(s). */
export class MergeError extends Error {
  override readonly name = 'MergeError';
}

/** A report as read from a file, and the name to give it in messages. */
export interface NamedReport {
  readonly name: string;
  readonly report: AuditReport;
}

let validator: ValidateFunction | undefined;

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'the report' : error.instancePath;
  return `${where} ${error.message ?? 'is invalid'}`;
}

/**
 * Reads one report: JSON, of this report version (checked first: another version may have
 * another shape), then the schema. Throws `MergeError`.
 */
export function parseReport(text: string, name: string): AuditReport {
  let data: unknown;
  try {
    // JSON.parse refuses the byte order mark some editors put first.
    data = JSON.parse(text.replace(/^\uFEFF/u, ''));
  } catch (error) {
    throw new MergeError(`${name}: not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const version =
    typeof data === 'object' && data !== null && 'reportVersion' in data ? data.reportVersion : undefined;
  if (version !== REPORT_VERSION) {
    throw new MergeError(
      version === undefined
        ? `${name}: not a virt-alias audit report (no reportVersion): make one with virt-alias audit --format json`
        : `${name}: report version ${JSON.stringify(version)}, this virt-alias reads version ${REPORT_VERSION}: audit again with this version`,
    );
  }
  validator ??= compileSchema(auditReportSchema);
  if (!validator(data)) {
    const first = validator.errors?.[0];
    throw new MergeError(`${name}: not a valid audit report: ${first ? describe(first) : 'schema mismatch'}`);
  }
  return data as AuditReport;
}

const SETTING_NAMES: Readonly<Record<keyof AuditSettings, string>> = {
  rules: '--rule',
  schema: '--schema',
  reportUnusedDisableDirectives: '--report-unused-disable-directives',
};

function settingText(key: keyof AuditSettings, value: AuditSettings[keyof AuditSettings]): string {
  if (value === null || (Array.isArray(value) && value.length === 0)) return `no ${SETTING_NAMES[key]}`;
  return `${SETTING_NAMES[key]} ${JSON.stringify(value)}`;
}

/**
 * Merges reports made per host or per region into one fleet report, the same as auditing all
 * their files in one run: rows are pooled and the summary recomputed. Refuses reports made by
 * another virt-alias version, with another `--preset` or other settings (their findings answer
 * another question), and a file that two reports both hold.
 */
export function mergeReports(reports: readonly NamedReport[]): AuditReport {
  const [first, ...rest] = reports;
  if (!first) throw new MergeError('no report to merge');
  for (const other of rest) {
    const a = first.report;
    const b = other.report;
    if (a.tool.version !== b.tool.version) {
      throw new MergeError(
        `${other.name} was made by virt-alias ${b.tool.version}, ${first.name} by ${a.tool.version}: reports of different versions are not merged; audit again with one version`,
      );
    }
    if (a.preset !== b.preset) {
      const shown = (p: string | null): string => (p === null ? 'no --preset' : `--preset ${p}`);
      throw new MergeError(
        `${other.name} was made with ${shown(b.preset)}, ${first.name} with ${shown(a.preset)}: reports of different presets are not merged`,
      );
    }
    for (const key of Object.keys(SETTING_NAMES) as (keyof AuditSettings)[]) {
      if (JSON.stringify(a.settings[key]) === JSON.stringify(b.settings[key])) continue;
      throw new MergeError(
        `${other.name} was made with ${settingText(key, b.settings[key])}, ${first.name} with ${settingText(key, a.settings[key])}: reports of different settings are not merged; audit again with the same options`,
      );
    }
  }
  const builder = new AuditBuilder({
    version: first.report.tool.version,
    preset: first.report.preset,
    settings: first.report.settings,
  });
  const holder = new Map<string, string>();
  for (const { name, report } of reports) {
    for (const row of report.domains) {
      const earlier = holder.get(row.file);
      if (earlier !== undefined) {
        throw new MergeError(
          `${row.file} is in both ${earlier} and ${name}: merge reports of different files (one per host or region)`,
        );
      }
      holder.set(row.file, name);
      builder.addRow(row);
    }
  }
  return builder.finish();
}
