import type { DomainDocument, Position } from '@virt-alias/parser';
import type { LintMessage, SuppressedLintMessage, Suppression } from '../lint-result.js';
import type { Fix } from '../rule.js';
import { commentRemoval, ruleNameRemoval } from './removal.js';
import { DIRECTIVE_RULE_ID, type Directive, type UnusedDirectiveSeverity } from './types.js';

/** One rule of one directive (`null`: all rules): what suppresses a finding, and what may be unused. */
interface Entry {
  readonly directive: Directive;
  readonly ruleId: string | null;
}

export interface ApplyDirectivesInput {
  readonly document: DomainDocument;
  /** In source order, as `collectDirectives` returns them. */
  readonly directives: readonly Directive[];
  /** The rules' findings and the directives' own, sorted by position. */
  readonly problems: readonly LintMessage[];
  readonly reportUnusedDisableDirectives: UnusedDirectiveSeverity;
}

export interface AppliedDirectives {
  /** What is reported: the findings no directive suppressed, plus unused-directive findings. */
  readonly messages: LintMessage[];
  readonly suppressedMessages: SuppressedLintMessage[];
}

const compare = (a: Position, b: Position): number => a.line - b.line || a.column - b.column;

const applies = (entry: Entry, ruleId: string): boolean => entry.ruleId === null || entry.ruleId === ruleId;

/** Parse errors, and findings about directives, are never suppressed. */
const suppressible = (m: LintMessage): m is LintMessage & { ruleId: string } =>
  m.fatal !== true && m.ruleId !== null && m.ruleId !== DIRECTIVE_RULE_ID;

function entriesOf(directive: Directive): Entry[] {
  return directive.ruleIds === null
    ? [{ directive, ruleId: null }]
    : directive.ruleIds.map((ruleId) => ({ directive, ruleId }));
}

/** A block disable takes effect where its comment ends, an enable where its comment starts. */
const blockPosition = (e: Entry): Position =>
  e.directive.kind === 'enable' ? e.directive.start : e.directive.end;

/** The one line a line directive covers: its comment's first line, or the line after its last. */
const coveredLine = (e: Entry): number =>
  e.directive.kind === 'disable-line' ? e.directive.start.line : e.directive.end.line + 1;

/**
 * The block disables in force at a finding, in source order (ESLint 9): walking the block
 * directives up to the finding, a disable that covers its rule is added, an enable that covers
 * it ends all of them. So `virt-alias-enable alias-unique` inside a disable-all block re-enables
 * only alias-unique.
 */
function activeBlockEntries(block: readonly Entry[], problem: LintMessage & { ruleId: string }): Entry[] {
  let active: Entry[] = [];
  // Comments do not overlap, so the entries are in position order already.
  for (const entry of block) {
    if (compare(blockPosition(entry), problem) > 0) break;
    if (!applies(entry, problem.ruleId)) continue;
    active = entry.directive.kind === 'enable' ? [] : [...active, entry];
  }
  return active;
}

/**
 * The enables that end something: walking back from the end, an enable waits for an earlier
 * disable of its rule (or of all rules); an enable of all rules ends the wait of later ones.
 */
function usedEnables(block: readonly Entry[]): Set<Entry> {
  const used = new Set<Entry>();
  const waiting = new Map<string | null, Entry>();
  for (let i = block.length - 1; i >= 0; i--) {
    const entry = block[i]!;
    if (entry.directive.kind === 'enable') {
      if (entry.ruleId === null) waiting.clear();
      waiting.set(entry.ruleId, entry);
    } else if (entry.ruleId === null) {
      for (const e of waiting.values()) used.add(e);
      waiting.clear();
    } else {
      const e = waiting.get(entry.ruleId) ?? waiting.get(null);
      if (e) used.add(e);
    }
  }
  return used;
}

/** `'a'`, `'a' or 'b'`, `'a', 'b', or 'c'`: ESLint's wording. */
function describeRules(ruleIds: readonly string[]): string {
  const quoted = ruleIds.map((id) => `'${id}'`);
  if (quoted.length <= 2) return quoted.join(' or ');
  return `${quoted.slice(0, -1).join(', ')}, or ${quoted[quoted.length - 1]!}`;
}

function unusedMessage(directive: Directive, ruleIds: readonly string[]): string {
  const description = describeRules(ruleIds);
  if (directive.kind === 'enable') {
    return description
      ? `Unused virt-alias-enable directive (no matching virt-alias-disable directives were found for ${description}).`
      : 'Unused virt-alias-enable directive (no matching virt-alias-disable directives were found).';
  }
  return description
    ? `Unused virt-alias-disable directive (no problems were reported from ${description}).`
    : 'Unused virt-alias-disable directive (no problems were reported).';
}

/**
 * One finding per unused directive: removing the whole comment when none of the rules it names
 * is used, else one per unused rule, removing that name only.
 */
function unusedFindings(
  document: DomainDocument,
  unused: readonly Entry[],
  severity: 'warn' | 'error',
): LintMessage[] {
  const byDirective = new Map<Directive, Entry[]>();
  for (const entry of unused) {
    const group = byDirective.get(entry.directive);
    if (group) group.push(entry);
    else byDirective.set(entry.directive, [entry]);
  }
  const findings: LintMessage[] = [];
  const finding = (directive: Directive, ruleIds: string[], at: readonly [number, number], fix: Fix) => {
    const from = document.positionAt(at[0]);
    const to = document.positionAt(at[1]);
    findings.push({
      ruleId: DIRECTIVE_RULE_ID,
      severity: severity === 'warn' ? 1 : 2,
      message: unusedMessage(directive, ruleIds),
      messageId: directive.kind === 'enable' ? 'unusedEnable' : 'unusedDisable',
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
      fix,
    });
  };
  for (const [directive, entries] of byDirective) {
    const ruleIds = entries.flatMap((e) => (e.ruleId === null ? [] : [e.ruleId]));
    const remaining = new Set(directive.ruleNames.map((n) => n.name));
    for (const id of ruleIds) remaining.delete(id);
    if (remaining.size === 0) {
      finding(directive, ruleIds, directive.comment.range, commentRemoval(document, directive.comment.range));
      continue;
    }
    for (const id of ruleIds) {
      const name = directive.ruleNames.find((n) => n.name === id)!;
      finding(directive, [id], name.range, ruleNameRemoval(directive, id));
    }
  }
  return findings;
}

/**
 * Applies the directives to the findings, ESLint 9's way: block directives first, then the line
 * directives. A finding is suppressed by where it STARTS: the directives in force at its first
 * line and column. Every directive that covers it is listed in its `suppressions`; the last one
 * of the first kind that covers it counts as used (a line directive for a finding that a block
 * directive suppresses already is unused).
 */
export function applyDirectives(input: ApplyDirectivesInput): AppliedDirectives {
  const { document, directives, problems, reportUnusedDisableDirectives } = input;
  if (directives.length === 0) {
    // Most files have none: nothing is suppressed and nothing is unused, and `problems` come sorted.
    return { messages: problems.slice(), suppressedMessages: [] };
  }
  const entries = directives.flatMap(entriesOf);
  const block = entries.filter((e) => e.directive.kind === 'disable' || e.directive.kind === 'enable');
  const lineEntries = entries.filter(
    (e) => e.directive.kind === 'disable-line' || e.directive.kind === 'disable-next-line',
  );
  const used = new Set<Entry>();
  const messages: LintMessage[] = [];
  const suppressedMessages: SuppressedLintMessage[] = [];

  for (const problem of problems) {
    if (!suppressible(problem)) {
      messages.push(problem);
      continue;
    }
    const blockActive = activeBlockEntries(block, problem);
    const lineActive = lineEntries.filter(
      (e) => applies(e, problem.ruleId) && coveredLine(e) === problem.line,
    );
    const last = blockActive.at(-1) ?? lineActive.at(-1);
    if (!last) {
      messages.push(problem);
      continue;
    }
    used.add(last);
    const suppressions: Suppression[] = [...blockActive, ...lineActive].map((e) => ({
      kind: 'directive',
      justification: e.directive.justification,
    }));
    suppressedMessages.push({ ...problem, suppressions });
  }

  if (reportUnusedDisableDirectives !== 'off') {
    const enables = usedEnables(block);
    const unused = entries.filter((e) => (e.directive.kind === 'enable' ? !enables.has(e) : !used.has(e)));
    messages.push(...unusedFindings(document, unused, reportUnusedDisableDirectives));
    messages.sort(compare);
  }
  return { messages, suppressedMessages };
}
