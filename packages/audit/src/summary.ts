import {
  WORST_DOMAINS,
  type Action,
  type AuditSummary,
  type DeviceKindSummary,
  type DomainRow,
  type FindingCounts,
  type HostSummary,
  type Readiness,
  type RuleSummary,
  type StateClass,
  type StateCount,
  type WorstDomain,
  stateClass,
  STATE_CLASSES,
} from './report.js';

interface Counts {
  errors: number;
  warnings: number;
  fix: number;
  mapping: number;
  person: number;
}

interface Tally extends Counts {
  domains: number;
  ready: number;
  running: number;
  runningNotReady: number;
}

const emptyTally = (): Tally => ({
  domains: 0,
  ready: 0,
  running: 0,
  runningNotReady: 0,
  errors: 0,
  warnings: 0,
  fix: 0,
  mapping: 0,
  person: 0,
});

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Percent with one decimal; null of nothing. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part * 1000) / whole) / 10;
}

function readiness(t: Tally): Readiness {
  return {
    domains: t.domains,
    ready: t.ready,
    notReady: t.domains - t.ready,
    readyPercent: percent(t.ready, t.domains),
  };
}

const counts = (t: Counts): FindingCounts => ({
  errors: t.errors,
  warnings: t.warnings,
  fix: t.fix,
  mapping: t.mapping,
  person: t.person,
});

const findingsOf = (c: Counts): number => c.errors + c.warnings;

/** Worse first: more errors, then more warnings, then by file. */
const worse = (a: WorstDomain, b: WorstDomain): number =>
  b.errorCount - a.errorCount || b.warningCount - a.warningCount || byCodeUnits(a.file, b.file);

/**
 * Folds rows into the summary, one at a time: constant work per finding, memory by hosts, rules
 * and device kinds (never by domains, but for the few worst). The summary depends on the rows
 * alone, not on their order: auditing all files at once and merging per-host reports agree.
 */
export class SummaryBuilder {
  private readonly total = emptyTally();
  private readonly hosts = new Map<string, Tally>();
  private readonly rules = new Map<string, Tally>();
  private readonly kinds = new Map<string | null, Tally>();
  private novaManaged = 0;
  private liveDumps = 0;
  private unparsable = 0;
  private readonly hardReboot = { domains: 0, disks: 0 };
  private readonly wrongDevice = { domains: 0, aliases: 0 };
  private worst: WorstDomain[] = [];
  private readonly states = Object.fromEntries(
    STATE_CLASSES.map((c) => [c, { domains: 0, notReady: 0 }]),
  ) as Record<StateClass, { domains: number; notReady: number }>;

  add(row: DomainRow): void {
    const host = this.hosts.get(row.host) ?? emptyTally();
    this.hosts.set(row.host, host);
    const state = stateClass(row.state);
    this.states[state].domains++;
    if (!row.ready) this.states[state].notReady++;
    for (const t of [this.total, host]) {
      t.domains++;
      if (row.ready) t.ready++;
      if (state === 'running') {
        t.running++;
        if (!row.ready) t.runningNotReady++;
      }
      t.errors += row.errorCount;
      t.warnings += row.warningCount;
      for (const a of ['fix', 'mapping', 'person'] as const) t[a] += row.actions[a];
    }
    if (row.novaManaged) this.novaManaged++;
    if (row.liveDump) this.liveDumps++;
    if (!row.parsed) this.unparsable++;

    const rulesSeen = new Set<string>();
    const kindsSeen = new Set<string | null>();
    let hardReboot = 0;
    let wrongDevice = 0;
    for (const f of row.findings) {
      for (const [map, key, seen] of [
        [this.rules, f.ruleId, rulesSeen],
        [this.kinds, f.deviceKind, kindsSeen],
      ] as [Map<string | null, Tally>, string | null, Set<string | null>][]) {
        let t = map.get(key);
        if (!t) map.set(key, (t = emptyTally()));
        if (!seen.has(key)) {
          seen.add(key);
          t.domains++;
        }
        if (f.severity === 'error') t.errors++;
        else t.warnings++;
        t[f.action satisfies Action]++;
      }
      if (f.nova === 'hard-reboot') hardReboot++;
      else if (f.nova === 'wrong-device') wrongDevice++;
    }
    if (hardReboot > 0) {
      this.hardReboot.domains++;
      this.hardReboot.disks += hardReboot;
    }
    if (wrongDevice > 0) {
      this.wrongDevice.domains++;
      this.wrongDevice.aliases += wrongDevice;
    }
    if (row.errorCount + row.warningCount > 0) this.keepIfWorst(row);
  }

  private keepIfWorst(row: DomainRow): void {
    const candidate: WorstDomain = {
      file: row.file,
      host: row.host,
      name: row.name,
      state: row.state,
      errorCount: row.errorCount,
      warningCount: row.warningCount,
    };
    const last = this.worst[this.worst.length - 1];
    if (this.worst.length >= WORST_DOMAINS && last && worse(candidate, last) >= 0) return;
    this.worst.push(candidate);
    this.worst.sort(worse);
    if (this.worst.length > WORST_DOMAINS) this.worst = this.worst.slice(0, WORST_DOMAINS);
  }

  build(): AuditSummary {
    const byHost: HostSummary[] = [...this.hosts]
      .map(([host, t]) => ({
        host,
        ...readiness(t),
        ...counts(t),
        running: t.running,
        runningNotReady: t.runningNotReady,
      }))
      .sort(
        (a, b) =>
          (a.readyPercent ?? 100) - (b.readyPercent ?? 100) ||
          b.notReady - a.notReady ||
          byCodeUnits(a.host, b.host),
      );
    const byRule: RuleSummary[] = [...this.rules]
      .map(([ruleId, t]) => ({ ruleId, domains: t.domains, ...counts(t) }))
      .sort((a, b) => findingsOf(b) - findingsOf(a) || byCodeUnits(a.ruleId, b.ruleId));
    const byDeviceKind: DeviceKindSummary[] = [...this.kinds]
      .map(([deviceKind, t]) => ({ deviceKind, domains: t.domains, ...counts(t) }))
      .sort((a, b) => findingsOf(b) - findingsOf(a) || byCodeUnits(a.deviceKind ?? '', b.deviceKind ?? ''));
    return {
      ...readiness(this.total),
      ...counts(this.total),
      hosts: this.hosts.size,
      novaManaged: this.novaManaged,
      liveDumps: this.liveDumps,
      unparsable: this.unparsable,
      byHost,
      byRule,
      byDeviceKind,
      nova: {
        hardReboot: { ...this.hardReboot },
        wrongDevice: { ...this.wrongDevice },
      },
      state: Object.fromEntries(
        STATE_CLASSES.map((c): [StateClass, StateCount] => [c, { ...this.states[c] }]),
      ) as Record<StateClass, StateCount>,
      worstDomains: [...this.worst],
    };
  }
}
