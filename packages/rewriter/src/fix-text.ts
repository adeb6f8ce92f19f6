import { parseDomain } from '@virt-alias/parser';
import {
  applyFixes,
  lintText,
  type Fix,
  type LintMessage,
  type LintResult,
  type LintTextOptions,
  type ResolvedConfig,
} from '@virt-alias/rules';

/** ESLint's bound: a fix that needs more passes than this is a rule bug, not a slow file. */
export const MAX_PASSES = 10;

export interface FixOutcome {
  readonly output: string;
  readonly changed: boolean;
  readonly passes: number;
  /** `<alias>` elements inserted. */
  readonly added: number;
  /** `<alias>` elements removed (what libvirt ignores, or what must not be there). */
  readonly removed: number;
  /** Aliases renamed (each alias once, however many references moved with it). */
  readonly renamed: number;
  /** Unused `virt-alias-disable` comments removed (with `reportUnusedDisableDirectives`). */
  readonly directivesRemoved: number;
  /** The lint result of the output: what is left, fixable or not. */
  readonly result: LintResult;
  /** The findings whose fixes were applied, pass after pass: why the text changed. */
  readonly fixed: readonly LintMessage[];
}

/** Findings about directive comments carry this rule id; their fixes remove unused ones. */
const DIRECTIVE_RULE_ID = 'directive';

const aliasTags = (text: string): number => (text.match(/<alias\b/g) ?? []).length;

/** What a rule's fix does to alias elements: adds some, removes some (nested ones too), or renames one. */
function count(counts: { added: number; removed: number; renamed: number }, source: string, fix: Fix): void {
  const delta = aliasTags(fix.text) - aliasTags(source.slice(fix.range[0], fix.range[1]));
  if (delta > 0) counts.added += delta;
  else if (delta < 0) counts.removed -= delta;
  else counts.renamed++;
}

/**
 * Applies the rules' fixes ESLint-style: lint, apply the fixes that do not overlap, re-lint the
 * new text, until no fix is left or MAX_PASSES. Only alias text is ever touched: every other
 * byte stays as it was. Throws if a pass would produce XML that no longer parses as a domain.
 */
export function fixText(text: string, config: ResolvedConfig, options: LintTextOptions = {}): FixOutcome {
  let current = text;
  const counts = { added: 0, removed: 0, renamed: 0 };
  let directivesRemoved = 0;
  let passes = 0;
  const fixed: LintMessage[] = [];
  const filePath = options.filePath ?? '<text>';
  let result = lintText(current, config, options);
  while (passes < MAX_PASSES && !result.skipped && result.fatalErrorCount === 0) {
    const fixable = result.messages.filter((m): m is LintMessage & { fix: Fix } => m.fix !== undefined);
    if (fixable.length === 0) break;
    const byFix = new Map<Fix, LintMessage>(fixable.map((m) => [m.fix, m]));
    const { output, applied } = applyFixes(
      current,
      fixable.map((m) => m.fix),
    );
    if (output === current) break;
    for (const fix of applied) {
      const message = byFix.get(fix);
      if (message) fixed.push(message);
      const ruleId = message?.ruleId ?? '';
      if (ruleId === DIRECTIVE_RULE_ID) directivesRemoved++;
      else count(counts, current, fix);
    }
    passes++;
    const reparsed = parseDomain(output);
    if (reparsed.kind !== 'domain') {
      throw new Error(
        `${filePath}: internal error: fix pass ${passes} produced XML that does not parse; nothing written`,
      );
    }
    current = output;
    result = lintText(current, config, options);
  }
  return { output: current, changed: current !== text, passes, ...counts, directivesRemoved, result, fixed };
}
