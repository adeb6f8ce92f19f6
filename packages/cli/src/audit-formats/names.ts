/**
 * The names of `virt-alias audit --format`, in the order help lists them: a module of its own, so
 * that the argument parser knows them without loading the report formats (the HTML one is large).
 */
export const AUDIT_FORMAT_NAMES = ['table', 'markdown', 'json', 'csv', 'html'] as const;

export type AuditFormatName = (typeof AUDIT_FORMAT_NAMES)[number];

export const AUDIT_DEFAULT_FORMAT: AuditFormatName = 'table';
