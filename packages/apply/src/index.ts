export {
  applyDomain,
  type ApplyFile,
  type ApplySettings,
  type DomainResult,
  type Outcome,
} from './apply-domain.js';
export { BackupDir, timestampName } from './backup.js';
export { definitionDrift, definitionFacts, type DriftLine } from './drift.js';
export {
  domainKey,
  DONE_OUTCOMES,
  Journal,
  JournalError,
  readJournal,
  type DoneDomain,
  type JournalRecord,
  type ResumeState,
} from './journal.js';
export { NOVA_MANAGED_REASON, NOVA_MANAGED_WARNING, RUNNING_NOTE } from './messages.js';
export { missingAliases } from './verify.js';
export { Virsh, VirshError, type DomainInfo, type ListedDomain, type VirshOptions } from './virsh.js';
