import type { LintMessage, LintResult } from '@virt-alias/rules';
import { actionOf, novaActionOf } from './classify.js';
import { PARSE_ERROR_ID, type Action, type AuditFinding, type DomainRow } from './report.js';

/**
 * Reasons repeat across a fleet word for word (one per kind of device that lacks data): one
 * copy each keeps the rows of a large fleet small.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();
  intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }
}

function finding(m: LintMessage, novaManaged: boolean, pool: StringPool): AuditFinding {
  const action = actionOf(m);
  return {
    ruleId: m.ruleId ?? PARSE_ERROR_ID,
    severity: m.fatal || m.severity === 2 ? 'error' : 'warning',
    line: m.line,
    column: m.column,
    message: m.message,
    messageId: m.messageId ?? null,
    device: m.device ?? null,
    deviceKind: m.deviceKind === undefined ? null : pool.intern(m.deviceKind),
    action,
    reason: action !== 'fix' && m.unfixable !== undefined ? pool.intern(m.unfixable) : null,
    nova: novaActionOf(m, novaManaged),
  };
}

/** One domain's row: what the audit keeps of a lint result (never the file's text). */
export function domainRow(result: LintResult, file: string, host: string, pool: StringPool): DomainRow {
  const novaManaged = result.novaManaged === true;
  const findings = result.messages.map((m) => finding(m, novaManaged, pool));
  const actions: Record<Action, number> = { fix: 0, mapping: 0, person: 0 };
  for (const f of findings) actions[f.action]++;
  return {
    file,
    host: pool.intern(host),
    name: result.domainName ?? null,
    uuid: result.domainUuid ?? null,
    novaManaged,
    liveDump: result.liveDump === true,
    parsed: result.fatalErrorCount === 0,
    preset: result.preset ?? null,
    ready: result.errorCount === 0,
    errorCount: result.errorCount,
    warningCount: result.warningCount,
    actions,
    findings,
  };
}
