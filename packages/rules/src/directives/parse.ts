import type { DomainDocument, XmlComment } from '@virt-alias/parser';
import type { LintMessage } from '../lint-result.js';
import { DIRECTIVE_RULE_ID, type Directive, type DirectiveKind } from './types.js';

/** A directive's words, with offsets into the comment's text (between `<!--` and `-->`). */
export interface DirectiveText {
  readonly kind: DirectiveKind;
  readonly ruleNames: readonly { readonly name: string; readonly start: number; readonly end: number }[];
  readonly justification: string;
}

/** The keyword first (whitespace before it is fine), then whitespace or the end of the comment. */
const KEYWORD = /^\s*virt-alias-(disable-next-line|disable-line|disable|enable)(?=\s|$)/;

/**
 * What separates the rule list from the reason. ESLint's ` -- ` cannot be used: `--` is not
 * allowed inside an XML comment (the file would not parse), so it is a single `-` with
 * whitespace on both sides. Rule names have no whitespace, so it cannot be part of one.
 */
const JUSTIFICATION = /\s-\s/;

/** Rule names are separated by commas, whitespace, or both. */
const RULE_NAME = /[^\s,]+/g;

/** Reads the text of one comment as a directive; null when it is none (an ordinary comment). */
export function parseDirectiveText(text: string): DirectiveText | null {
  const keyword = KEYWORD.exec(text);
  if (!keyword) return null;
  const kind = keyword[1] as DirectiveKind;
  const restStart = keyword[0].length;
  const rest = text.slice(restStart);
  const separator = JUSTIFICATION.exec(rest);
  const list = separator ? rest.slice(0, separator.index) : rest;
  const justification = separator ? rest.slice(separator.index + separator[0].length).trim() : '';
  const ruleNames = [...list.matchAll(RULE_NAME)].map((m) => ({
    name: m[0],
    start: restStart + m.index,
    end: restStart + m.index + m[0].length,
  }));
  return { kind, ruleNames, justification };
}

/** The directive a comment holds, with source ranges; null for an ordinary comment. */
export function parseDirectiveComment(
  document: DomainDocument,
  comment: XmlComment,
  isKnownRule: (ruleId: string) => boolean,
): Directive | null {
  const parsed = parseDirectiveText(comment.text);
  if (!parsed) return null;
  const textStart = comment.range[0] + '<!--'.length;
  const names = parsed.ruleNames.map((r) => r.name);
  return {
    kind: parsed.kind,
    comment,
    start: document.positionAt(comment.range[0]),
    end: document.positionAt(comment.range[1]),
    ruleNames: parsed.ruleNames.map((r) => ({
      name: r.name,
      range: [textStart + r.start, textStart + r.end],
    })),
    ruleIds: names.length === 0 ? null : [...new Set(names.filter(isKnownRule))],
    justification: parsed.justification,
  };
}

export interface CollectedDirectives {
  readonly directives: readonly Directive[];
  /** `Definition for rule 'x' was not found.`: one per unknown name per comment. */
  readonly problems: readonly LintMessage[];
}

/**
 * Every directive of a document, in source order, and an error for each rule name that is not
 * a rule (as ESLint: severity 2, at the name; the directive still applies to its other rules).
 */
export function collectDirectives(
  document: DomainDocument,
  isKnownRule: (ruleId: string) => boolean,
): CollectedDirectives {
  const directives: Directive[] = [];
  const problems: LintMessage[] = [];
  for (const comment of document.comments) {
    const directive = parseDirectiveComment(document, comment, isKnownRule);
    if (!directive) continue;
    directives.push(directive);
    const reported = new Set<string>();
    for (const { name, range } of directive.ruleNames) {
      if (isKnownRule(name) || reported.has(name)) continue;
      reported.add(name);
      const from = document.positionAt(range[0]);
      const to = document.positionAt(range[1]);
      problems.push({
        ruleId: DIRECTIVE_RULE_ID,
        severity: 2,
        message: `Definition for rule '${name}' was not found.`,
        messageId: 'unknownRule',
        line: from.line,
        column: from.column,
        endLine: to.line,
        endColumn: to.column,
      });
    }
  }
  return { directives, problems };
}
