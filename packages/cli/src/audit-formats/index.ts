import { auditCsv } from './csv.js';
import { auditHtml } from './html.js';
import { auditJson } from './json.js';
import { auditMarkdown } from './markdown.js';
import type { AuditFormatter } from './shared.js';
import { auditTable } from './table.js';
import { AUDIT_DEFAULT_FORMAT, AUDIT_FORMAT_NAMES, type AuditFormatName } from './names.js';

export type { AuditFormatter } from './shared.js';

/** Every format of `virt-alias audit --format`, by name. */
export const auditFormatters: Readonly<Record<AuditFormatName, AuditFormatter>> = {
  table: auditTable,
  markdown: auditMarkdown,
  json: auditJson,
  csv: auditCsv,
  html: auditHtml,
};

export { AUDIT_DEFAULT_FORMAT, AUDIT_FORMAT_NAMES };

export function getAuditFormatter(name: string): AuditFormatter | undefined {
  return Object.hasOwn(auditFormatters, name) ? auditFormatters[name as AuditFormatName] : undefined;
}
