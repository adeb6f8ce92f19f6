import { parseDomain } from '@virt-alias/parser';
import { expect, it } from 'vitest';
import { applyFixes } from '../fixes.js';
import { resolveConfig } from '../config/resolve.js';
import type { LintMessage } from '../lint-result.js';
import { lintDocument, lintText } from '../linter.js';
import type { PresetName } from '../config/presets.js';
import type { RuleModule } from '../rule.js';

/** Wraps `<devices>` content (and optional `<metadata>` etc.) into a minimal domain. */
export function domainXml(devices: string, head = ''): string {
  return `<domain type='kvm'>\n  <name>test</name>\n${head}  <devices>\n${devices}\n  </devices>\n</domain>\n`;
}

export interface ExpectedError {
  readonly messageId: string;
  /** Text whose first occurrence (at or after the previous error's) the finding must start at. */
  readonly at?: string;
  readonly data?: Readonly<Record<string, string | number>>;
}

export interface ValidCase {
  readonly name?: string;
  /** A whole document; or devices only, wrapped by `domainXml`. */
  readonly code?: string;
  readonly devices?: string;
  readonly options?: Readonly<Record<string, unknown>>;
  /** The preset judging the document (default `recommended`): rules that read `novaManaged` care. */
  readonly preset?: PresetName;
}

export interface InvalidCase extends ValidCase {
  readonly errors: readonly ExpectedError[];
  /** The text after one pass of this rule's fixes; omitted = the rule offers no fix here. */
  readonly output?: string;
}

function source(c: ValidCase): string {
  if (c.code !== undefined) return c.code;
  if (c.devices !== undefined) return domainXml(c.devices);
  throw new Error('a test case needs code or devices');
}

function run(rule: RuleModule, c: ValidCase) {
  const text = source(c);
  const parsed = parseDomain(text);
  if (parsed.kind !== 'domain') throw new Error(`test input does not parse as a domain: ${parsed.kind}`);
  const rules = new Map([
    [rule.id, { severity: 2 as const, options: { ...rule.meta.defaultOptions, ...c.options } }],
  ]);
  const messages = lintDocument(parsed.document, { preset: c.preset ?? 'recommended', rules });
  return { text, parsed: parsed.document, messages };
}

/** ESLint's RuleTester, in small: valid code has no finding; invalid code has exactly these. */
export function testRule(
  rule: RuleModule,
  cases: { readonly valid: readonly ValidCase[]; readonly invalid: readonly InvalidCase[] },
): void {
  cases.valid.forEach((c, i) => {
    it(`valid: ${c.name ?? source(c).slice(0, 60)} #${i}`, () => {
      expect(run(rule, c).messages).toEqual([]);
    });
  });
  cases.invalid.forEach((c, i) => {
    it(`invalid: ${c.name ?? source(c).slice(0, 60)} #${i}`, () => {
      const { messages, output } = expectFindings(rule, source(c), c.errors, c.options, c.preset);
      if (c.output === undefined) expect(messages.filter((m) => m.fix)).toEqual([]);
      else expect(output).toBe(c.output);
    });
  });
}

/** One pass of one rule, as testRule runs it: its findings and the text after their fixes. */
export function fixOnce(rule: RuleModule, text: string, options?: ValidCase['options'], preset?: PresetName) {
  const { parsed, messages } = run(rule, {
    code: text,
    ...(options ? { options } : {}),
    ...(preset ? { preset } : {}),
  });
  const output = applyFixes(
    text,
    messages.flatMap((m) => (m.fix ? [m.fix] : [])),
  ).output;
  return { document: parsed, messages, output };
}

/**
 * testRule's checks of an invalid case: exactly these findings, of this rule, each where `at`
 * first occurs (after the previous one), with its data in the message. Returns the pass.
 */
export function expectFindings(
  rule: RuleModule,
  text: string,
  errors: readonly ExpectedError[],
  options?: ValidCase['options'],
  preset?: PresetName,
): ReturnType<typeof fixOnce> {
  const pass = fixOnce(rule, text, options, preset);
  const { document, messages } = pass;
  expect(messages.map((m) => m.messageId)).toEqual(errors.map((e) => e.messageId));
  let from = 0;
  errors.forEach((e, k) => {
    const m = messages[k]!;
    expect(m.ruleId).toBe(rule.id);
    expect(m.message).not.toMatch(/\{\{/);
    if (e.at !== undefined) {
      const offset = text.indexOf(e.at, from);
      expect(offset, `"${e.at}" not found in the input`).toBeGreaterThanOrEqual(0);
      expect({ line: m.line, column: m.column }).toEqual(document.positionAt(offset));
      from = offset;
    }
    for (const value of Object.values(e.data ?? {})) expect(m.message).toContain(String(value));
  });
  return pass;
}

/**
 * The findings of the `recommended` preset once the one finding of `rule` in `text` is fixed:
 * what the fix leaves, each with a fix or the reason why not.
 */
export function leftAfterFix(rule: RuleModule, text: string): readonly LintMessage[] {
  const config = resolveConfig({ preset: 'recommended' });
  const [m, ...rest] = lintText(text, config).messages.filter((x) => x.ruleId === rule.id);
  expect(rest).toEqual([]);
  expect(m?.fix).toBeDefined();
  return lintText(applyFixes(text, [m!.fix!]).output, config).messages;
}
