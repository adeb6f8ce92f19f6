import type { LintResult, PresetName } from '@virt-alias/rules';
import {
  DEFAULT_SETTINGS,
  REPORT_VERSION,
  type AuditReport,
  type AuditSettings,
  type DomainRow,
} from './report.js';
import { domainRow, StringPool } from './rows.js';
import { SummaryBuilder } from './summary.js';

export interface AuditOptions {
  /** virt-alias's version, recorded in the report: `merge` refuses reports of another. */
  readonly version: string;
  /** `--preset` of the run, or null. */
  readonly preset: PresetName | null;
  /** The run's other settings that `merge` compares; default none given. */
  readonly settings?: AuditSettings;
  /** The host a file belongs to (`-` for none); default `-`. */
  readonly hostOf?: (filePath: string) => string;
  /** How the report names a file; default its `filePath`. */
  readonly fileOf?: (filePath: string) => string;
}

const byFile = (a: DomainRow, b: DomainRow): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

/**
 * An audit being built: results go in one at a time, as the linter produces them; what is kept
 * of each is its row (no text, no fixes), and the summary is folded as rows arrive.
 */
export class AuditBuilder {
  private readonly rows: DomainRow[] = [];
  private readonly summary = new SummaryBuilder();
  private readonly pool = new StringPool();

  constructor(private readonly options: AuditOptions) {}

  /**
   * Adds one file's result, with the guest's state when it was dumped (null: not recorded); a
   * skipped file (its root is not `<domain>`) is no domain.
   */
  add(result: LintResult, state: string | null = null): DomainRow | undefined {
    if (result.skipped) return undefined;
    const file = this.options.fileOf?.(result.filePath) ?? result.filePath;
    const host = this.options.hostOf?.(result.filePath) ?? '-';
    return this.addRow(domainRow(result, file, host, state, this.pool));
  }

  /** Adds a row of an earlier report (`merge`). */
  addRow(row: DomainRow): DomainRow {
    this.rows.push(row);
    this.summary.add(row);
    return row;
  }

  get size(): number {
    return this.rows.length;
  }

  finish(): AuditReport {
    return {
      reportVersion: REPORT_VERSION,
      tool: { name: 'virt-alias', version: this.options.version },
      preset: this.options.preset,
      settings: this.options.settings ?? DEFAULT_SETTINGS,
      summary: this.summary.build(),
      domains: [...this.rows].sort(byFile),
    };
  }
}

/** Audits a stream of lint results (the engine's, or any iterable): one pass, rows kept. */
export async function auditResults(
  results: AsyncIterable<LintResult> | Iterable<LintResult>,
  options: AuditOptions,
): Promise<AuditReport> {
  const builder = new AuditBuilder(options);
  for await (const result of results) builder.add(result);
  return builder.finish();
}
