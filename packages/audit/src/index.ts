export { AuditBuilder, auditResults, type AuditOptions } from './audit.js';
export { actionOf, novaActionOf } from './classify.js';
export {
  compileHostPattern,
  globRoot,
  HostPatternError,
  hostResolver,
  NO_HOST,
  type HostRules,
} from './host.js';
export { MergeError, mergeReports, parseReport, type NamedReport } from './merge.js';
export {
  ACTIONS,
  DEFAULT_SETTINGS,
  PARSE_ERROR_ID,
  REPORT_VERSION,
  STATE_CLASSES,
  stateClass,
  WORST_DOMAINS,
  type Action,
  type AuditSettings,
  type AuditFinding,
  type AuditReport,
  type AuditSummary,
  type DeviceKindSummary,
  type DomainRow,
  type FindingCounts,
  type HostSummary,
  type NovaAction,
  type NovaSummary,
  type Readiness,
  type RuleSummary,
  type StateClass,
  type StateCount,
  type WorstDomain,
} from './report.js';
export { domainRow, StringPool } from './rows.js';
export { auditReportSchema, REPORT_SCHEMA_ID } from './schema.js';
export { parseStates, StateFiles, STATES_FILE, StatesError } from './states.js';
export { percent, SummaryBuilder } from './summary.js';
