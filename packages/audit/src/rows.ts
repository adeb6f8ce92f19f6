import type { LintMessage, LintResult } from '@virt-alias/rules';
import { actionOf, novaActionOf } from './classify.js';
import { PARSE_ERROR_ID, type Action, type AuditFinding, type DomainRow } from './report.js';

/**
 * A copy of `s` that holds no larger string. V8 keeps a substring as a view of its parent: a
 * domain's name or a device key read off the parser would keep the whole file's text alive as
 * long as the row lives (measured: 8 KiB per row instead of 1). Slicing a fresh concatenation
 * copies the characters once.
 */
export function ownString(s: string): string {
  return `${s} `.slice(0, -1);
}

/**
 * Messages, reasons and device keys repeat across a fleet word for word: one copy of each keeps
 * the rows of a large fleet small.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();
  intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    const own = ownString(s);
    this.strings.set(own, own);
    return own;
  }
}

function finding(m: LintMessage, novaManaged: boolean, pool: StringPool): AuditFinding {
  const action = actionOf(m);
  return {
    ruleId: m.ruleId === null ? PARSE_ERROR_ID : pool.intern(m.ruleId),
    severity: m.fatal || m.severity === 2 ? 'error' : 'warning',
    line: m.line,
    column: m.column,
    message: pool.intern(m.message),
    messageId: m.messageId === undefined ? null : pool.intern(m.messageId),
    device: m.device === undefined ? null : pool.intern(m.device),
    deviceKind: m.deviceKind === undefined ? null : pool.intern(m.deviceKind),
    action,
    reason: action !== 'fix' && m.unfixable !== undefined ? pool.intern(m.unfixable) : null,
    nova: novaActionOf(m, novaManaged),
  };
}

/** One domain's row: what the audit keeps of a lint result (never the file's text). */
export function domainRow(
  result: LintResult,
  file: string,
  host: string,
  state: string | null,
  pool: StringPool,
): DomainRow {
  const novaManaged = result.novaManaged === true;
  const findings = result.messages.map((m) => finding(m, novaManaged, pool));
  const actions: Record<Action, number> = { fix: 0, mapping: 0, person: 0 };
  for (const f of findings) actions[f.action]++;
  return {
    file: ownString(file),
    host: pool.intern(host),
    name: result.domainName === undefined ? null : ownString(result.domainName),
    uuid: result.domainUuid === undefined ? null : ownString(result.domainUuid),
    novaManaged,
    liveDump: result.liveDump === true,
    parsed: result.fatalErrorCount === 0,
    state: state === null ? null : pool.intern(state),
    preset: result.preset ?? null,
    ready: result.errorCount === 0,
    errorCount: result.errorCount,
    warningCount: result.warningCount,
    actions,
    findings,
  };
}
