import { rulesOfRow, type AuditFormatter } from './shared.js';

const HEADER = [
  'file',
  'host',
  'name',
  'uuid',
  'nova_managed',
  'live_dump',
  'parsed',
  'state',
  'preset',
  'ready',
  'errors',
  'warnings',
  'fix',
  'mapping',
  'person',
  'rules',
  'device_kinds',
  'nova_actions',
];

/**
 * One cell, RFC 4180: quoted when it holds a comma, quote or line break. A cell a spreadsheet
 * would run as a formula (`=`, `+`, `@`, or `-` with more after it) gets a leading `'`.
 */
export function csvCell(value: string | number | boolean | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+@\t\r]/u.test(s) || /^-./u.test(s)) s = `'${s}`;
  return /[",\r\n]/u.test(s) ? `"${s.replace(/"/gu, '""')}"` : s;
}

const joinCounts = (counts: ReadonlyMap<string, number>): string =>
  [...counts].map(([k, n]) => `${k}:${n}`).join(' ');

/** One row per domain file, for spreadsheets; findings by rule, device kind and Nova action. */
export const auditCsv: AuditFormatter = (report) => {
  const lines = [HEADER.join(',')];
  for (const row of report.domains) {
    const kinds = new Map<string, number>();
    const nova = new Map<string, number>();
    for (const f of row.findings) {
      const kind = f.deviceKind ?? 'domain';
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      if (f.nova !== null) nova.set(f.nova, (nova.get(f.nova) ?? 0) + 1);
    }
    lines.push(
      [
        row.file,
        row.host,
        row.name,
        row.uuid,
        row.novaManaged,
        row.liveDump,
        row.parsed,
        row.state,
        row.preset,
        row.ready,
        row.errorCount,
        row.warningCount,
        row.actions.fix,
        row.actions.mapping,
        row.actions.person,
        joinCounts(rulesOfRow(row)),
        joinCounts(kinds),
        joinCounts(nova),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
};
