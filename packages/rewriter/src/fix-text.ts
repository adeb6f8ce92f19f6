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
  /** Aliases renamed (each alias once, however many references moved with it). */
  readonly renamed: number;
  /** Unused `virt-alias-disable` comments removed (with `reportUnusedDisableDirectives`). */
  readonly directivesRemoved: number;
  /** The lint result of the output: what is left, fixable or not. */
  readonly result: LintResult;
}

/** Findings about directive comments carry this rule id; their fixes remove unused ones. */
const DIRECTIVE_RULE_ID = 'directive';

const ALIAS_START_TAG = /<alias\b/g;

/**
 * `<alias>` elements a fix adds: most rules rename one, alias-required inserts one, and a
 * console's fix may insert serial[0]'s alias next to a rename.
 */
function aliasesAdded(text: string, fix: Fix): number {
  const count = (s: string): number => s.match(ALIAS_START_TAG)?.length ?? 0;
  return count(fix.text) - count(text.slice(...fix.range));
}

/**
 * Applies the rules' fixes ESLint-style: lint, apply the fixes that do not overlap, re-lint the
 * new text, until no fix is left or MAX_PASSES. Only alias text is ever touched: every other
 * byte stays as it was. Throws if a pass would produce XML that no longer parses as a domain.
 */
export function fixText(text: string, config: ResolvedConfig, options: LintTextOptions = {}): FixOutcome {
  let current = text;
  let added = 0;
  let renamed = 0;
  let directivesRemoved = 0;
  let passes = 0;
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
      const ruleId = byFix.get(fix)?.ruleId ?? '';
      const inserted = aliasesAdded(current, fix);
      if (ruleId === DIRECTIVE_RULE_ID) directivesRemoved++;
      else if (inserted > 0) added += inserted;
      else renamed++;
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
  return { output: current, changed: current !== text, passes, added, renamed, directivesRemoved, result };
}
