import { parseDomain, type DomainDocument } from '@virt-alias/parser';
import {
  applyFixes,
  lintParseResult,
  type Fix,
  type LintMessage,
  type LintResult,
  type LintTextOptions,
  type ResolvedConfig,
} from '@virt-alias/rules';
import { composeChanges, type TextChange } from './text-changes.js';

/** ESLint's bound: a fix that needs more passes than this is a rule bug, not a slow file. */
export const MAX_PASSES = 10;

export interface FixOutcome {
  readonly output: string;
  readonly changed: boolean;
  /**
   * Where `output` differs from the input, in order: each a range of the input and the range of
   * the output that took its place (the fixes of every pass, composed). Outside them the two
   * are the same text. What `unifiedDiff` needs to stay linear on a wide file.
   */
  readonly changes: readonly TextChange[];
  readonly passes: number;
  /** Devices given an alias libvirt reads where they had none (inserted, or moved up). */
  readonly added: number;
  /** Aliases renamed (each alias once, however many references moved with it). */
  readonly renamed: number;
  /** `<alias>` elements removed: ones libvirt ignores or drops, and a nested one moved up. */
  readonly removed: number;
  /** Unused `virt-alias-disable` comments removed (with `reportUnusedDisableDirectives`). */
  readonly directivesRemoved: number;
  /** The lint result of the output: what is left, fixable or not. */
  readonly result: LintResult;
  /** The findings whose fixes were applied, pass after pass: why the text changed. */
  readonly fixed: readonly LintMessage[];
}

/** Findings about directive comments carry this rule id; their fixes remove unused ones. */
const DIRECTIVE_RULE_ID = 'directive';

interface AliasChanges {
  added: number;
  renamed: number;
  removed: number;
}

/**
 * What one pass did to aliases, device by device (a fix never adds, removes or reorders devices):
 * a device that gained the alias libvirt reads, one whose name changed, and `<alias>` elements
 * gone (a nested alias moved up counts as one added and one removed).
 */
function countAliasChanges(before: DomainDocument, after: DomainDocument, into: AliasChanges): void {
  before.devices.forEach((b, i) => {
    const a = after.devices[i];
    if (!a) return;
    const gained = b.alias === null && a.alias !== null ? 1 : 0;
    into.added += gained;
    if (b.alias && a.alias && b.alias.name !== a.alias.name) into.renamed++;
    const elements = (d: typeof b): number => d.aliasElements.length + d.nestedAliases.length;
    into.removed += Math.max(0, elements(b) + gained - elements(a));
  });
}

/**
 * Applies the rules' fixes ESLint-style: lint, apply the fixes that do not overlap, re-lint the
 * new text, until no fix is left or MAX_PASSES. Only alias text is ever touched: every other
 * byte stays as it was. Throws if a pass would produce XML that no longer parses as a domain.
 * Each text is parsed once: the same parse is linted and compared with the next pass's.
 */
export function fixText(text: string, config: ResolvedConfig, options: LintTextOptions = {}): FixOutcome {
  let current = text;
  const aliasChanges: AliasChanges = { added: 0, renamed: 0, removed: 0 };
  let directivesRemoved = 0;
  let passes = 0;
  let changes: TextChange[] = [];
  const fixed: LintMessage[] = [];
  const filePath = options.filePath ?? '<text>';
  // Each pass's text is parsed once: the lint of a pass reads the parse that checked it.
  let parsed = parseDomain(current);
  let result = lintParseResult(parsed, config, options);
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
      if (message?.ruleId === DIRECTIVE_RULE_ID) directivesRemoved++;
    }
    passes++;
    changes = composeChanges(changes, applied);
    const reparsed = parseDomain(output);
    if (reparsed.kind !== 'domain') {
      throw new Error(
        `${filePath}: internal error: fix pass ${passes} produced XML that does not parse; nothing written`,
      );
    }
    if (parsed.kind === 'domain') countAliasChanges(parsed.document, reparsed.document, aliasChanges);
    parsed = reparsed;
    current = output;
    result = lintParseResult(parsed, config, options);
  }
  const changed = current !== text;
  return {
    output: current,
    changed,
    changes: changed ? changes : [],
    passes,
    ...aliasChanges,
    directivesRemoved,
    result,
    fixed,
  };
}
