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

/** A domain's recorded state as a person reads it: virsh's word, `unknown` when none was recorded. */
export const stateText = (state: string | null): string => state ?? 'unknown';

/**
 * What the recorded states mean for the operator (see docs/audit.md, "Guest states"); nothing
 * when no state was recorded at all (no states.tsv beside the dumps).
 */
export function stateLines(report: AuditReport): string[] {
  const { running, shutOff, unknown } = report.summary.state;
  if (unknown.domains === report.summary.domains) return [];
  const lines = [
    `${plural(running.domains, 'guest')} running (${number(running.notReady)} not ready), ${number(shutOff.domains)} shut off (${number(shutOff.notReady)} not ready), ${number(unknown.domains)} of unknown state.`,
  ];
  if (running.notReady > 0) {
    lines.push(
      `${plural(running.notReady, 'running guest')} not ready: a fixed definition (virt-alias fix, then apply or virsh define) takes effect only when the guest is shut down and started again; until then it runs with its old devices and aliases.`,
    );
  }
  if (shutOff.notReady > 0) {
    lines.push(
      `${plural(shutOff.notReady, 'shut-off guest')} not ready: a fixed definition takes effect at its next start.`,
    );
  }
  if (running.notReady + shutOff.notReady > 0 && report.summary.novaManaged > 0) {
    lines.push(
      'Nova guests: Nova rebuilds the whole XML from its own data at hard reboot and power-on (Nova 2024.1+ writes ua-<volume uuid> on volume disks then) and drops every alias it did not write: a definition changed behind its back lasts only until then.',
    );
  }
  if (unknown.domains > 0) {
    lines.push(
      `${plural(unknown.domains, 'domain')} without a recorded state (no line in a states.tsv beside the dump): whether a fix waits for a cold boot is not known.`,
    );
  }
  return lines;
}
