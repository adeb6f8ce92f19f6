import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/resolve.js';
import { applyFixes } from '../fixes.js';
import type { LintMessage } from '../lint-result.js';
import { lintText } from '../linter.js';
import type { Fix } from '../rule.js';
import { charset, doc, nic } from '../testing/directive-documents.js';
import { DIRECTIVE_RULE_ID, type UnusedDirectiveSeverity } from './types.js';

const recommended = resolveConfig();

/** No finding. */
const clean = (dev: string): string =>
  `    <disk type='file'><target dev='${dev}'/><alias name='ua-${dev}'/></disk>`;

function lint(text: string, severity: UnusedDirectiveSeverity = 'error') {
  return lintText(text, recommended, { reportUnusedDisableDirectives: severity });
}

const directiveFindings = (text: string, severity: UnusedDirectiveSeverity = 'error'): LintMessage[] =>
  lint(text, severity).messages.filter((m) => m.ruleId === DIRECTIVE_RULE_ID);

/** The text after one pass of the unused-directive fixes. */
function fixOnce(text: string): string {
  const fixes = directiveFindings(text).flatMap((m): Fix[] => (m.fix ? [m.fix] : []));
  return applyFixes(text, fixes).output;
}

/** Passes of all fixes (rules' and directives') until none is left, as `virt-alias fix` would. */
function fixAll(text: string): string {
  let current = text;
  for (let pass = 0; pass < 10; pass++) {
    const fixes = lint(current).messages.flatMap((m): Fix[] => (m.fix ? [m.fix] : []));
    if (fixes.length === 0) return current;
    current = applyFixes(current, fixes).output;
  }
  throw new Error('no fixpoint after 10 passes');
}

describe('reportUnusedDisableDirectives', () => {
  const text = doc(`    <!-- virt-alias-disable-next-line -->`, clean('vda'), charset('vdb'));

  it('off (the default): unused directives are not reported', () => {
    expect(lintText(text, recommended).messages.map((m) => m.ruleId)).toEqual(['alias-charset']);
    expect(lint(text, 'off').messages.map((m) => m.ruleId)).toEqual(['alias-charset']);
  });

  it('warn: a warning at the directive, counted, with a fix', () => {
    const r = lint(text, 'warn');
    expect(r.messages).toEqual([
      {
        ruleId: DIRECTIVE_RULE_ID,
        severity: 1,
        message: 'Unused virt-alias-disable directive (no problems were reported).',
        messageId: 'unusedDisable',
        line: 4,
        column: 5,
        endLine: 4,
        endColumn: 5 + '<!-- virt-alias-disable-next-line -->'.length,
        fix: expect.any(Object) as Fix,
      },
      expect.objectContaining({ ruleId: 'alias-charset', line: 6 }),
    ]);
    expect(r).toMatchObject({ errorCount: 1, warningCount: 1, fixableErrorCount: 1, fixableWarningCount: 1 });
  });

  it('error: the same finding as an error', () => {
    const r = lint(text, 'error');
    expect(r.messages[0]).toMatchObject({ ruleId: DIRECTIVE_RULE_ID, severity: 2, line: 4 });
    expect(r).toMatchObject({ errorCount: 2, warningCount: 0, fixableErrorCount: 2 });
  });

  it('a used directive is not reported, at any severity', () => {
    const used = doc(`    <!-- virt-alias-disable-next-line -->`, charset('vdb'));
    for (const severity of ['off', 'warn', 'error'] as const)
      expect(lint(used, severity).messages).toEqual([]);
  });
});

describe('messages', () => {
  it('name the unused rules as ESLint does', () => {
    const cases: [string, string][] = [
      ['', 'Unused virt-alias-disable directive (no problems were reported).'],
      [
        ' alias-required',
        "Unused virt-alias-disable directive (no problems were reported from 'alias-required').",
      ],
      [
        ' alias-required, alias-unique',
        "Unused virt-alias-disable directive (no problems were reported from 'alias-required' or 'alias-unique').",
      ],
      [
        ' alias-required alias-unique alias-charset',
        "Unused virt-alias-disable directive (no problems were reported from 'alias-required', 'alias-unique', or 'alias-charset').",
      ],
    ];
    for (const kind of ['disable', 'disable-line', 'disable-next-line']) {
      for (const [rules, message] of cases) {
        const found = directiveFindings(doc(`    <!-- virt-alias-${kind}${rules} - why -->`, clean('vda')));
        expect(
          found.map((m) => m.message),
          `${kind}${rules}`,
        ).toEqual([message]);
      }
    }
  });

  it('an unused enable: no matching disable before it', () => {
    expect(
      directiveFindings(doc(`    <!-- virt-alias-enable -->`, charset('vda'))).map((m) => m.message),
    ).toEqual(['Unused virt-alias-enable directive (no matching virt-alias-disable directives were found).']);
    const found = directiveFindings(
      doc(
        `    <!-- virt-alias-disable alias-charset -->`,
        charset('vda'),
        `    <!-- virt-alias-enable alias-unique -->`,
      ),
    );
    expect(found).toMatchObject([
      {
        messageId: 'unusedEnable',
        line: 6,
        message:
          "Unused virt-alias-enable directive (no matching virt-alias-disable directives were found for 'alias-unique').",
      },
    ]);
  });
});

describe('which directives are unused', () => {
  it('an enable inside a disable-all block, or ending a specific disable, is used', () => {
    const text = doc(
      `    <!-- virt-alias-disable -->`,
      charset('vda'),
      `    <!-- virt-alias-enable alias-charset -->`,
      `    <!-- virt-alias-disable alias-required -->`,
      nic(1),
      `    <!-- virt-alias-enable -->`,
    );
    expect(directiveFindings(text)).toEqual([]);
  });

  it('a second enable of the same rule is unused', () => {
    const text = doc(
      `    <!-- virt-alias-disable alias-charset -->`,
      charset('vda'),
      `    <!-- virt-alias-enable alias-charset -->`,
      `    <!-- virt-alias-enable alias-charset -->`,
    );
    expect(directiveFindings(text).map((m) => [m.line, m.messageId])).toEqual([[7, 'unusedEnable']]);
  });

  it('a line directive under a block that suppresses the same finding is unused (ESLint)', () => {
    const text = doc(
      `    <!-- virt-alias-disable alias-charset -->`,
      `    <!-- virt-alias-disable-next-line -->`,
      charset('vda'),
    );
    const r = lint(text);
    expect(r.messages.map((m) => [m.line, m.ruleId])).toEqual([[5, DIRECTIVE_RULE_ID]]);
    expect(r.suppressedMessages[0]?.suppressions).toHaveLength(2);
  });

  it('of two nested disables of one rule, the outer one is unused when the inner one covers every finding', () => {
    const text = doc(
      `    <!-- virt-alias-disable alias-charset -->`,
      clean('vda'),
      `    <!-- virt-alias-disable alias-charset -->`,
      charset('vdb'),
    );
    expect(directiveFindings(text).map((m) => m.line)).toEqual([4]);
  });

  it('only the rules of a directive that suppressed nothing', () => {
    const text = doc(
      `    <!-- virt-alias-disable-next-line alias-required, alias-charset,alias-unique -->`,
      charset('vda'),
    );
    expect(directiveFindings(text).map((m) => m.message)).toEqual([
      "Unused virt-alias-disable directive (no problems were reported from 'alias-required').",
      "Unused virt-alias-disable directive (no problems were reported from 'alias-unique').",
    ]);
    // Each finding points at its rule name.
    const line = text.split('\n')[3]!;
    expect(directiveFindings(text).map((m) => m.column)).toEqual([
      line.indexOf('alias-required') + 1,
      line.indexOf('alias-unique') + 1,
    ]);
  });

  it('a rule that is off in the configuration reports nothing, so its directive is unused', () => {
    const text = doc(`    <!-- virt-alias-disable-next-line identifier-unique -->`, charset('vda'));
    const off = lintText(text, resolveConfig({ rules: { 'identifier-unique': 'off' } }), {
      reportUnusedDisableDirectives: 'warn',
    });
    expect(off.messages.map((m) => [m.ruleId, m.severity])).toEqual([
      [DIRECTIVE_RULE_ID, 1],
      ['alias-charset', 2],
    ]);
  });

  it('an unknown rule is reported as unknown, not as unused', () => {
    const text = doc(`    <!-- virt-alias-disable-next-line nope -->`, charset('vda'));
    expect(directiveFindings(text).map((m) => m.messageId)).toEqual(['unknownRule']);
    const mixed = doc(`    <!-- virt-alias-disable-next-line nope alias-unique -->`, charset('vda'));
    expect(directiveFindings(mixed).map((m) => m.messageId)).toEqual(['unknownRule', 'unusedDisable']);
    // The unknown name stays: only the unused known one is removed.
    expect(fixOnce(mixed)).toBe(doc(`    <!-- virt-alias-disable-next-line nope -->`, charset('vda')));
  });

  it('an unused-directive finding is never suppressed, even in a disable-all block', () => {
    const text = doc(
      `    <!-- virt-alias-disable -->`,
      charset('vda'),
      `    <!-- virt-alias-disable-line -->`,
    );
    expect(directiveFindings(text).map((m) => m.line)).toEqual([6]);
  });
});

describe('the fix of an unused directive', () => {
  it('alone on its line: removes the whole line, its line ending included', () => {
    const text = doc(
      clean('vda'),
      `    <!-- virt-alias-disable-next-line alias-charset - old -->`,
      clean('vdb'),
    );
    expect(fixOnce(text)).toBe(doc(clean('vda'), clean('vdb')));
  });

  it('the same with CRLF line endings', () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const text = crlf(doc(clean('vda'), `\t<!-- virt-alias-disable -->  `, clean('vdb')));
    expect(fixOnce(text)).toBe(crlf(doc(clean('vda'), clean('vdb'))));
  });

  it('a comment alone on several lines: all of them', () => {
    const text = doc(
      clean('vda'),
      `    <!-- virt-alias-disable-next-line`,
      `         alias-charset,`,
      `         alias-unique -->`,
      clean('vdb'),
    );
    expect(fixOnce(text)).toBe(doc(clean('vda'), clean('vdb')));
    const crlf = text.replace(/\n/g, '\r\n');
    expect(fixOnce(crlf)).toBe(doc(clean('vda'), clean('vdb')).replace(/\n/g, '\r\n'));
  });

  it('last on a line after other content: the comment and the blanks before it', () => {
    const text = doc(`${clean('vda')}  <!-- virt-alias-disable-line -->`, clean('vdb'));
    expect(fixOnce(text)).toBe(doc(clean('vda'), clean('vdb')));
    const crlf = doc(`${clean('vda')}\t<!-- virt-alias-disable-line --> `, clean('vdb')).replace(
      /\n/g,
      '\r\n',
    );
    expect(fixOnce(crlf)).toBe(doc(clean('vda'), clean('vdb')).replace(/\n/g, '\r\n'));
  });

  it('followed by content on its line: only the comment', () => {
    const text = doc(
      `    <!-- virt-alias-disable-line -->${clean('vda').trim()}`,
      `${clean('vdb')}<!-- virt-alias-disable-line -->${clean('vdc').trim()}`,
    );
    const once = fixOnce(text);
    expect(once).toBe(doc(`    ${clean('vda').trim()}`, `${clean('vdb')}${clean('vdc').trim()}`));
  });

  it('on the last line without a line ending, and before the root', () => {
    const last = `${doc(clean('vda'))}<!-- virt-alias-enable -->`;
    expect(fixOnce(last)).toBe(doc(clean('vda')));
    const first = `<!-- virt-alias-disable alias-unique -->\n${doc(clean('vda'))}`;
    expect(fixOnce(first)).toBe(doc(clean('vda')));
  });

  it('after a BOM on line 1: the BOM stays', () => {
    const text = `\uFEFF<!-- virt-alias-disable -->\r\n${doc(clean('vda')).replace(/\n/g, '\r\n')}`;
    expect(fixOnce(text)).toBe(`\uFEFF${doc(clean('vda')).replace(/\n/g, '\r\n')}`);
  });

  it('removes one unused rule name with one separator, keeping the rest as written', () => {
    const line = (list: string) => `    <!-- virt-alias-disable-next-line ${list} - why -->`;
    const cases: [string, string][] = [
      ['alias-required, alias-charset', 'alias-charset'],
      ['alias-charset, alias-required', 'alias-charset'],
      ['alias-unique, alias-charset, alias-required', 'alias-charset'],
      ['alias-charset alias-unique', 'alias-charset'],
      ['alias-charset ,alias-unique', 'alias-charset'],
    ];
    for (const [list, left] of cases) {
      const text = doc(line(list), charset('vda'));
      expect(fixAll(text), list).toBe(doc(line(left), charset('vda')));
    }
    // alias-required is the one that is used here: the middle name goes.
    const middle = doc(line('alias-charset, alias-unique, alias-required'), nic(1));
    expect(fixOnce(middle)).toBe(doc(line('alias-unique, alias-required'), nic(1)));
    const both = doc(line('alias-charset, alias-unique, alias-required'), nic(2));
    expect(fixAll(both).split('\n')[3]).toBe(line('alias-required'));
  });

  it('never touches another directive; a second pass finishes what overlapping fixes left', () => {
    const text = doc(
      `    <!-- virt-alias-disable alias-charset --><!-- virt-alias-disable-line alias-unique -->`,
      charset('vda'),
      `    <!-- virt-alias-enable alias-charset --><!-- virt-alias-enable alias-required -->`,
    );
    const fixed = fixAll(text);
    expect(fixed).toBe(
      doc(
        `    <!-- virt-alias-disable alias-charset -->`,
        charset('vda'),
        `    <!-- virt-alias-enable alias-charset -->`,
      ),
    );
    expect(lint(fixed).messages).toEqual([]);
  });

  it('all fixes together reach a clean file: rules fixed, used directives kept, unused ones gone', () => {
    const text = doc(
      `    <!-- virt-alias-disable-next-line alias-charset - a migrated guest keeps its name -->`,
      charset('vda'),
      `    <!-- virt-alias-disable-next-line -->`,
      clean('vdb'),
      charset('vdc'),
      `${nic(1)} <!-- virt-alias-disable-line alias-required, alias-unique -->`,
    );
    const fixed = fixAll(text);
    expect(fixed).toContain(
      '<!-- virt-alias-disable-next-line alias-charset - a migrated guest keeps its name -->',
    );
    expect(fixed).not.toContain('<!-- virt-alias-disable-next-line -->');
    expect(fixed).toContain('<!-- virt-alias-disable-line alias-required -->');
    expect(fixed).toContain(`<alias name='ua-vda.x'/>`);
    expect(fixed).not.toContain(`<alias name='ua-vdc.x'/>`);
    const after = lint(fixed);
    expect(after.messages).toEqual([]);
    expect(after.suppressedMessages.map((m) => m.ruleId)).toEqual(['alias-charset', 'alias-required']);
  });
});
