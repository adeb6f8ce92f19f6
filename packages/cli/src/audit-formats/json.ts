import { REPORT_SCHEMA_ID } from '@virt-alias/audit';
import type { AuditFormatter } from './shared.js';

/** The report as documented in docs/audit.md, with its JSON Schema's address. */
export const auditJson: AuditFormatter = (report) => JSON.stringify({ $schema: REPORT_SCHEMA_ID, ...report });
