import type { Position, Range, XmlComment } from '@virt-alias/parser';

/** The four directive comments, as ESLint's `eslint-disable`, `-enable`, `-disable-line`, `-disable-next-line`. */
export type DirectiveKind = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';

/** `reportUnusedDisableDirectives`: the severity of an unused directive's finding, or `off`. */
export type UnusedDirectiveSeverity = 'off' | 'warn' | 'error';

export const UNUSED_DIRECTIVE_SEVERITIES: readonly UnusedDirectiveSeverity[] = ['off', 'warn', 'error'];

/**
 * The pseudo rule id of the findings about directives themselves: a rule name that is not a
 * rule, and an unused directive. It is not a rule: no directive suppresses these findings, and
 * naming it in a directive is an unknown rule.
 */
export const DIRECTIVE_RULE_ID = 'directive';

/** A rule name as written in a directive, with its exact source range. */
export interface DirectiveRuleName {
  readonly name: string;
  readonly range: Range;
}

/** One comment that is a directive. */
export interface Directive {
  readonly kind: DirectiveKind;
  readonly comment: XmlComment;
  /** Where the comment starts and where it ends (just after `-->`). */
  readonly start: Position;
  readonly end: Position;
  /** Every rule name written, known or not, duplicates too, in source order. Empty: all rules. */
  readonly ruleNames: readonly DirectiveRuleName[];
  /**
   * The rules it applies to: its known rule names, each once; `null` (no name written): every
   * rule. Empty when every name is unknown: then it applies to nothing (as in ESLint).
   */
  readonly ruleIds: readonly string[] | null;
  /** The text after ` - `, trimmed; `''` without one. */
  readonly justification: string;
}
