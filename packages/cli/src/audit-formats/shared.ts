import type { AuditReport, DomainRow } from '@virt-alias/audit';
import { ruleById } from '@virt-alias/rules';

/** Turns a report into the text to write. Pure. */
export type AuditFormatter = (report: AuditReport) => string | Promise<string>;

/** The docs page of a rule; undefined for `parse-error` and `directive`, which have none. */
export const ruleUrl = (ruleId: string): string | undefined => ruleById(ruleId)?.meta.docs.url;

export const number = (n: number): string => n.toLocaleString('en-US');

export const percentText = (p: number | null): string => (p === null ? '-' : `${p.toFixed(1)}%`);

export const plural = (count: number, one: string, many = `${one}s`): string =>
  `${number(count)} ${count === 1 ? one : many}`;

/** What the run judged by: the audit's one-line answer to "which preset?". */
export function presetText(report: AuditReport): string {
  return report.preset === null
    ? "each domain's manager's preset (nova for Nova-managed domains, recommended for others)"
    : `the ${report.preset} preset`;
}

/** A domain as a person names it: its name, else its file. */
export const domainLabel = (row: { readonly name: string | null; readonly file: string }): string =>
  row.name ?? row.file;

/** `alias-required:2 alias-identity:1`: the findings of one domain by rule, in order of first finding. */
export function rulesOfRow(row: DomainRow): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of row.findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return counts;
}

export const ACTION_TEXT = {
  fix: 'fix repairs alone',
  mapping: 'needs a mapping (--mapping)',
  person: 'needs a person',
} as const;

/** The Nova operator's two to-dos, worded once for every format. */
export function novaLines(report: AuditReport): string[] {
  const { hardReboot, wrongDevice } = report.summary.nova;
  const lines: string[] = [];
  if (hardReboot.domains > 0) {
    lines.push(
      `${plural(hardReboot.domains, 'Nova guest')} (${plural(hardReboot.disks, 'volume disk')}) ${hardReboot.domains === 1 ? 'lacks' : 'lack'} ua-<volume uuid>: Nova 2024.1+ writes it itself at the next hard reboot or power-on; until then Nova finds the disk by target dev.`,
    );
  }
  if (wrongDevice.domains > 0) {
    lines.push(
      `${plural(wrongDevice.domains, 'Nova guest')} (${plural(wrongDevice.aliases, 'alias', 'aliases')}) ${wrongDevice.domains === 1 ? 'carries' : 'carry'} an alias that makes Nova find the wrong device (another volume's, or ua- on a local disk): fix their definitions before Nova reads them.`,
    );
  }
  return lines;
}
