import { auditCsv } from './csv.js';
import { auditHtml } from './html.js';
import { auditJson } from './json.js';
import { auditMarkdown } from './markdown.js';
import type { AuditFormatter } from './shared.js';
import { auditTable } from './table.js';

export type { AuditFormatter } from './shared.js';

/** Every format of `virt-alias audit --format`, by name. */
export const auditFormatters: Readonly<Record<string, AuditFormatter>> = {
  table: auditTable,
  markdown: auditMarkdown,
  json: auditJson,
  csv: auditCsv,
  html: auditHtml,
};

export const AUDIT_FORMAT_NAMES: readonly string[] = Object.keys(auditFormatters);

export const AUDIT_DEFAULT_FORMAT = 'table';

export function getAuditFormatter(name: string): AuditFormatter | undefined {
  return Object.hasOwn(auditFormatters, name) ? auditFormatters[name] : undefined;
}
