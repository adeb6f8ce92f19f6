import type { PresetName } from '@virt-alias/rules';

/**
 * The version of the report's shape (`reportVersion`): it changes whenever the shape does (the
 * published schema is closed, so a field added is a new version too); readers and `audit merge`
 * refuse a version they do not know. 2: rows carry `state`, the summary `state`, hosts `running`
 * and `runningNotReady`, worst domains `state`, the report `settings`.
 */
export const REPORT_VERSION = 2;

/** What a finding needs: `fix` repairs it alone, a `--mapping` file gives the data, or a person decides. */
export type Action = 'fix' | 'mapping' | 'person';
export const ACTIONS: readonly Action[] = ['fix', 'mapping', 'person'];

/**
 * What a Nova operator does about a finding of a Nova-managed domain: `hard-reboot`, a volume
 * disk without `ua-<volume>` that Nova 2024.1+ names itself when it rebuilds the XML;
 * `wrong-device`, an alias that makes Nova take the disk for another one (another volume's, or
 * a volume's on a local disk).
 */
export type NovaAction = 'hard-reboot' | 'wrong-device';

/** The `ruleId` of a file that does not parse (lint's JSON says `null`). */
export const PARSE_ERROR_ID = 'parse-error';

export interface AuditFinding {
  readonly ruleId: string;
  readonly severity: 'error' | 'warning';
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly messageId: string | null;
  /** The device (`disk:vdb`, `interface:fa:16:3e:..`), null for a finding about the whole domain. */
  readonly device: string | null;
  /** Its element name (`disk`, `interface`, `hostdev`, ...), null with `device`. */
  readonly deviceKind: string | null;
  readonly action: Action;
  /** Why `fix` cannot repair it, as `fix` says; null when it can, or when the message says it all. */
  readonly reason: string | null;
  readonly nova: NovaAction | null;
}

/** One row per domain file: the report is these rows, and a summary computed from them. */
export interface DomainRow {
  /** As the run named it: relative to the working directory, `/`-separated; `<stdin>` for `-`. */
  readonly file: string;
  /** `-` when the file's path names none. */
  readonly host: string;
  readonly name: string | null;
  readonly uuid: string | null;
  readonly novaManaged: boolean;
  /** A dump of a running guest (`<domain id=...>` or libvirt's generated aliases). */
  readonly liveDump: boolean;
  /** False when the file is not well-formed XML: then its only finding is the parse error. */
  readonly parsed: boolean;
  /**
   * The guest's state when it was dumped, as `virsh domstate` said it (`running`, `paused`,
   * `shut off`, ...) in the `states.tsv` beside the file; null when none was recorded.
   */
  readonly state: string | null;
  /** The preset that judged the domain; null when it did not parse. */
  readonly preset: PresetName | null;
  /** No error-severity finding. */
  readonly ready: boolean;
  readonly errorCount: number;
  readonly warningCount: number;
  readonly actions: Readonly<Record<Action, number>>;
  readonly findings: readonly AuditFinding[];
}

export interface Readiness {
  readonly domains: number;
  readonly ready: number;
  readonly notReady: number;
  /** `ready / domains` in percent, one decimal; null without domains. */
  readonly readyPercent: number | null;
}

export interface FindingCounts {
  readonly errors: number;
  readonly warnings: number;
  /** Findings by what they need. */
  readonly fix: number;
  readonly mapping: number;
  readonly person: number;
}

export interface HostSummary extends Readiness, FindingCounts {
  readonly host: string;
  /** Domains whose guest runs (see `StateClass`). */
  readonly running: number;
  /** Of those, not ready: a fixed definition takes effect only at their next cold boot. */
  readonly runningNotReady: number;
}

/**
 * What a recorded state means for the operator: `running`, a guest with a live QEMU process
 * (running, paused, idle, in shutdown, pmsuspended, crashed): a new persistent definition takes
 * effect only when it is shut down and started again; `shutOff`, none: at its next start;
 * `unknown`, no state recorded.
 */
export type StateClass = 'running' | 'shutOff' | 'unknown';
export const STATE_CLASSES: readonly StateClass[] = ['running', 'shutOff', 'unknown'];

export function stateClass(state: string | null): StateClass {
  if (state === null || state === 'no state') return 'unknown';
  return state === 'shut off' ? 'shutOff' : 'running';
}

export interface StateCount {
  readonly domains: number;
  readonly notReady: number;
}

export interface RuleSummary extends FindingCounts {
  readonly ruleId: string;
  /** Domains with at least one finding of the rule. */
  readonly domains: number;
}

export interface DeviceKindSummary extends FindingCounts {
  /** Null: findings about the whole domain (a live dump, a parse error, the schema). */
  readonly deviceKind: string | null;
  readonly domains: number;
}

export interface NovaSummary {
  /** Volume disks without `ua-<volume>`: Nova 2024.1+ writes them itself at the next hard reboot. */
  readonly hardReboot: { readonly domains: number; readonly disks: number };
  /** Aliases that make Nova find the wrong device: fix them before anything reads them. */
  readonly wrongDevice: { readonly domains: number; readonly aliases: number };
}

export interface WorstDomain {
  readonly file: string;
  readonly host: string;
  readonly name: string | null;
  readonly state: string | null;
  readonly errorCount: number;
  readonly warningCount: number;
}

export interface AuditSummary extends Readiness, FindingCounts {
  readonly hosts: number;
  readonly novaManaged: number;
  readonly liveDumps: number;
  readonly unparsable: number;
  /** Every host, the worst first: lowest readiness, then most domains not ready, then by name. */
  readonly byHost: readonly HostSummary[];
  /** Most findings first. */
  readonly byRule: readonly RuleSummary[];
  readonly byDeviceKind: readonly DeviceKindSummary[];
  readonly nova: NovaSummary;
  /** Domains by the state recorded at the dump, and how many of each are not ready. */
  readonly state: Readonly<Record<StateClass, StateCount>>;
  /** At most `WORST_DOMAINS`: most errors, then most warnings, then by file. */
  readonly worstDomains: readonly WorstDomain[];
}

/**
 * The options of a run that change its findings, besides `preset`: `audit merge` refuses
 * reports whose settings differ, since their rows would answer different questions. How hosts
 * were named (`--host-pattern` or directories) is not one: each row carries its host, and a
 * per-host run needs the pattern where the run over all hosts takes the directories.
 */
export interface AuditSettings {
  /** `--rule` options as given, in order. */
  readonly rules: readonly string[];
  /** `--schema DIR` as given, or null. */
  readonly schema: string | null;
  readonly reportUnusedDisableDirectives: 'off' | 'warn' | 'error';
}

export const DEFAULT_SETTINGS: AuditSettings = {
  rules: [],
  schema: null,
  reportUnusedDisableDirectives: 'off',
};

export interface AuditReport {
  readonly reportVersion: typeof REPORT_VERSION;
  readonly tool: { readonly name: 'virt-alias'; readonly version: string };
  /** `--preset` of the run; null: the config files' choice, by default each domain by its manager's. */
  readonly preset: PresetName | null;
  readonly settings: AuditSettings;
  readonly summary: AuditSummary;
  /** By `file`, in code-unit order. */
  readonly domains: readonly DomainRow[];
}

export const WORST_DOMAINS = 10;
