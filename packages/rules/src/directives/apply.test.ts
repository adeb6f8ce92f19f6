import { parseDomain } from '@virt-alias/parser';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/resolve.js';
import { applyFixes } from '../fixes.js';
import type { LintMessage } from '../lint-result.js';
import { lintDocument, lintText, verifyDocument, type LintTextOptions } from '../linter.js';
import type { Fix } from '../rule.js';
import { charset, doc, nic } from '../testing/directive-documents.js';
import { DIRECTIVE_RULE_ID } from './types.js';

const recommended = resolveConfig();

/** Two disks named alike, the second's line with an alias-unique then an alias-charset finding. */
const twins = [
  `    <disk type='file'><target dev='vdy'/><alias name='ua-t'/></disk>`,
  `    <disk type='file'><target dev='vdz'/><alias name='ua-t'/></disk>${charset('vdw').trim()}`,
];

const where = (m: LintMessage): string => `${m.line}:${m.ruleId ?? 'fatal'}`;

function lint(text: string, options: LintTextOptions = {}) {
  const result = lintText(text, recommended, options);
  return {
    result,
    reported: result.messages.map(where),
    suppressed: result.suppressedMessages.map(where),
  };
}

describe('virt-alias-disable-next-line', () => {
  it('without rules: every finding on the next line, none elsewhere', () => {
    const { reported, suppressed } = lint(
      doc(twins[0]!, charset('vda'), `    <!-- virt-alias-disable-next-line -->`, twins[1]!, nic(1)),
    );
    expect(suppressed).toEqual(['7:alias-unique', '7:alias-charset']);
    expect(reported).toEqual(['5:alias-charset', '8:alias-required']);
  });

  it('with a rule: only that rule', () => {
    const { reported, suppressed } = lint(
      doc(twins[0]!, `    <!-- virt-alias-disable-next-line alias-unique -->`, twins[1]!),
    );
    expect(suppressed).toEqual(['6:alias-unique']);
    expect(reported).toEqual(['6:alias-charset']);
  });

  it('with several rules, separated by commas and/or spaces', () => {
    for (const list of [
      'alias-unique,alias-charset',
      'alias-unique alias-charset',
      'alias-charset ,\n  alias-unique',
    ]) {
      const text = doc(twins[0]!, `    <!-- virt-alias-disable-next-line ${list} -->`, twins[1]!);
      const firstFinding =
        4 +
        text
          .split('\n')
          .slice(3)
          .findIndex((l) => l.includes('vdz'));
      const { reported, suppressed } = lint(text);
      expect(suppressed, list).toEqual([`${firstFinding}:alias-unique`, `${firstFinding}:alias-charset`]);
      expect(reported, list).toEqual([]);
    }
  });

  it('a multi-line comment covers the line after its LAST line', () => {
    const { reported, suppressed } = lint(
      doc(
        `    <!-- virt-alias-disable-next-line`,
        `         alias-charset -->`,
        charset('vda'),
        charset('vdb'),
      ),
    );
    expect(suppressed).toEqual(['6:alias-charset']);
    expect(reported).toEqual(['7:alias-charset']);
  });

  it('only the next line: not the comment’s own line, not a blank line’s successor', () => {
    const { reported, suppressed } = lint(
      doc(`${charset('vda')} <!-- virt-alias-disable-next-line -->`, ``, charset('vdb')),
    );
    expect(suppressed).toEqual([]);
    expect(reported).toEqual(['4:alias-charset', '6:alias-charset']);
  });

  it('suppresses by the line where a finding STARTS, not where it ends', () => {
    // alias-required points at the whole start tag: lines 5-6.
    const multiLineTag = [
      `    <interface`,
      `        type='ethernet'><mac address='52:54:00:00:00:09'/></interface>`,
    ];
    // Directives covering line 6, where the finding ends, do not hide it.
    for (const text of [
      doc(
        `    <!-- x -->`,
        `    <!-- virt-alias-disable-next-line -->${multiLineTag[0]!.trim()}`,
        multiLineTag[1]!,
      ),
      doc(`    <!-- x -->`, multiLineTag[0]!, `${multiLineTag[1]!}<!-- virt-alias-disable-line -->`),
    ]) {
      const onEnd = lint(text);
      expect(onEnd.reported).toEqual(['5:alias-required']);
      expect(onEnd.result.messages[0]).toMatchObject({ line: 5, endLine: 6 });
    }
    const onStart = lint(doc(`    <!-- virt-alias-disable-next-line -->`, ...multiLineTag));
    expect(onStart.suppressed).toEqual(['5:alias-required']);
    expect(onStart.reported).toEqual([]);
    const onStartLine = lint(
      doc(
        `    <!-- x -->`,
        `    <!-- virt-alias-disable-line -->${multiLineTag[0]!.trim()}`,
        multiLineTag[1]!,
      ),
    );
    expect(onStartLine.reported).toEqual([]);
  });
});

describe('virt-alias-disable-line', () => {
  it('covers the comment’s own line, before and after the comment', () => {
    const { reported, suppressed } = lint(
      doc(
        `${charset('vda')} <!-- virt-alias-disable-line -->`,
        `    <!-- virt-alias-disable-line -->${charset('vdb')}`,
        charset('vdc'),
      ),
    );
    expect(suppressed).toEqual(['4:alias-charset', '5:alias-charset']);
    expect(reported).toEqual(['6:alias-charset']);
  });

  it('only the named rules', () => {
    const { reported, suppressed } = lint(
      doc(twins[0]!, `${twins[1]!}<!-- virt-alias-disable-line alias-charset -->`),
    );
    expect(suppressed).toEqual(['5:alias-charset']);
    expect(reported).toEqual(['5:alias-unique']);
  });

  it('a multi-line comment covers its FIRST line only', () => {
    const { reported, suppressed } = lint(
      doc(`${charset('vda')}<!-- virt-alias-disable-line`, `  alias-charset -->${charset('vdb')}`),
    );
    expect(suppressed).toEqual(['4:alias-charset']);
    expect(reported).toEqual(['5:alias-charset']);
  });
});

describe('virt-alias-disable / virt-alias-enable blocks', () => {
  it('from the comment to the enable', () => {
    const { reported, suppressed } = lint(
      doc(
        charset('vda'),
        `    <!-- virt-alias-disable -->`,
        charset('vdb'),
        nic(1),
        `    <!-- virt-alias-enable -->`,
        charset('vdc'),
      ),
    );
    expect(suppressed).toEqual(['6:alias-charset', '7:alias-required']);
    expect(reported).toEqual(['4:alias-charset', '9:alias-charset']);
  });

  it('to the end of the file without an enable; from before the root: the whole file', () => {
    expect(lint(doc(charset('vda'), `    <!-- virt-alias-disable -->`, charset('vdb'))).reported).toEqual([
      '4:alias-charset',
    ]);
    const whole = lint(`<!-- virt-alias-disable -->\n${doc(charset('vda'), nic(1))}`);
    expect(whole.reported).toEqual([]);
    expect(whole.suppressed).toEqual(['5:alias-charset', '6:alias-required']);
  });

  it('by position on a line: a finding before the disable comment is not covered', () => {
    const { reported, suppressed } = lint(
      doc(
        `${charset('vda')}<!-- virt-alias-disable -->${charset('vdb')}`,
        `    <!-- virt-alias-enable -->${charset('vdc')}`,
      ),
    );
    expect(result(reported, suppressed)).toEqual({
      reported: ['4:alias-charset', '5:alias-charset'],
      suppressed: ['4:alias-charset'],
    });
    // The suppressed one is the second disk of line 4.
    const r = lint(doc(`${charset('vda')}<!-- virt-alias-disable -->${charset('vdb')}`)).result;
    expect(r.suppressedMessages[0]?.column).toBeGreaterThan(r.messages[0]!.column);
  });

  it('a rule list disables and enables only those rules', () => {
    const { reported, suppressed } = lint(
      doc(
        `    <!-- virt-alias-disable alias-charset, alias-required -->`,
        ...twins,
        nic(1),
        `    <!-- virt-alias-enable alias-charset -->`,
        charset('vda'),
        nic(2),
      ),
    );
    expect(suppressed).toEqual(['6:alias-charset', '7:alias-required', '10:alias-required']);
    expect(reported).toEqual(['6:alias-unique', '9:alias-charset']);
  });

  it('an enable without rules ends every disable', () => {
    const { reported } = lint(
      doc(
        `    <!-- virt-alias-disable alias-charset -->`,
        `    <!-- virt-alias-disable alias-required -->`,
        `    <!-- virt-alias-enable -->`,
        charset('vda'),
        nic(1),
      ),
    );
    expect(reported).toEqual(['7:alias-charset', '8:alias-required']);
  });

  it('ESLint semantics: enabling one rule inside a disable-all block re-enables only that rule', () => {
    const { reported, suppressed } = lint(
      doc(
        `    <!-- virt-alias-disable -->`,
        charset('vda'),
        nic(1),
        `    <!-- virt-alias-enable alias-charset -->`,
        charset('vdb'),
        nic(2),
        `    <!-- virt-alias-disable alias-charset -->`,
        charset('vdc'),
        `    <!-- virt-alias-enable -->`,
        charset('vdd'),
        nic(3),
      ),
    );
    expect(suppressed).toEqual([
      '5:alias-charset',
      '6:alias-required',
      '9:alias-required',
      '11:alias-charset',
    ]);
    expect(reported).toEqual(['8:alias-charset', '13:alias-charset', '14:alias-required']);
  });

  it('nested: enabling a rule ends the outer disable of that rule too', () => {
    const { reported, suppressed } = lint(
      doc(
        `    <!-- virt-alias-disable alias-charset -->`,
        `    <!-- virt-alias-disable -->`,
        `    <!-- virt-alias-enable alias-charset -->`,
        charset('vda'),
        nic(1),
      ),
    );
    expect(reported).toEqual(['7:alias-charset']);
    expect(suppressed).toEqual(['8:alias-required']);
  });

  it('overlapping blocks of different rules', () => {
    const { reported, suppressed } = lint(
      doc(
        `    <!-- virt-alias-disable alias-charset -->`,
        charset('vda'),
        `    <!-- virt-alias-disable alias-required -->`,
        `${charset('vdb')}${nic(1).trim()}`,
        `    <!-- virt-alias-enable alias-charset -->`,
        `${charset('vdc')}${nic(2).trim()}`,
        `    <!-- virt-alias-enable alias-required -->`,
        `${charset('vdd')}${nic(3).trim()}`,
      ),
    );
    expect(suppressed).toEqual([
      '5:alias-charset',
      '7:alias-charset',
      '7:alias-required',
      '9:alias-required',
    ]);
    expect(reported).toEqual(['9:alias-charset', '11:alias-charset', '11:alias-required']);
  });
});

describe('suppressed messages', () => {
  it('carry ESLint 9’s suppressions: every covering directive, with its reason, in source order', () => {
    const { result: r } = lint(
      doc(
        `    <!-- virt-alias-disable alias-charset - migrated guests keep their names -->`,
        `    <!-- virt-alias-disable-next-line - checked by hand -->`,
        charset('vda'),
        charset('vdb'),
      ),
    );
    expect(r.messages).toEqual([]);
    expect(r.suppressedMessages.map((m) => m.suppressions)).toEqual([
      [
        { kind: 'directive', justification: 'migrated guests keep their names' },
        { kind: 'directive', justification: 'checked by hand' },
      ],
      [{ kind: 'directive', justification: 'migrated guests keep their names' }],
    ]);
    const [first] = r.suppressedMessages;
    expect(first).toMatchObject({
      ruleId: 'alias-charset',
      severity: 2,
      line: 6,
      messageId: 'badCharacters',
    });
    // The finding is kept whole, its fix too (as ESLint does); only `messages` is fixed.
    expect(first?.fix).toBeDefined();
  });

  it('are not counted', () => {
    const { result: r } = lint(
      doc(`    <!-- virt-alias-disable-next-line -->`, charset('vda'), charset('vdb')),
    );
    expect(r).toMatchObject({
      errorCount: 1,
      warningCount: 0,
      fatalErrorCount: 0,
      fixableErrorCount: 1,
      fixableWarningCount: 0,
    });
    expect(r.suppressedMessages).toHaveLength(1);
  });

  it('a warning is suppressed like an error', () => {
    const dup = `    <disk type='network'><serial>s1</serial><target dev='vda'/><alias name='ua-a'/></disk>`;
    const text = doc(
      dup,
      `    <!-- virt-alias-disable-next-line identifier-unique -->`,
      dup.replace(/vda|ua-a/g, (m) => (m === 'vda' ? 'vdb' : 'ua-b')),
    );
    const r = lintText(text, recommended);
    expect(r.suppressedMessages.map((m) => [m.ruleId, m.severity])).toEqual([['identifier-unique', 1]]);
    expect(r.warningCount).toBe(0);
  });

  it('an empty list when nothing is suppressed; in a skipped file and a fatal one too', () => {
    expect(lint(doc(charset('vda'))).result.suppressedMessages).toEqual([]);
    expect(lintText(`<network/>`, recommended).suppressedMessages).toEqual([]);
    expect(lintText(`<domain>`, recommended).suppressedMessages).toEqual([]);
  });
});

describe('what is never suppressed', () => {
  it('a fatal parse error', () => {
    const r = lintText(
      `<!-- virt-alias-disable -->\n<domain><!-- virt-alias-disable-next-line -->\n<devices><&/devices></domain>\n`,
      recommended,
    );
    expect(r.messages).toMatchObject([{ ruleId: null, fatal: true, line: 3 }]);
    expect(r.suppressedMessages).toEqual([]);
    expect(r.fatalErrorCount).toBe(1);
  });

  it('an unknown rule in a directive, even inside a disable-all block', () => {
    const { result: r } = lint(
      doc(
        `    <!-- virt-alias-disable -->`,
        `    <!-- virt-alias-disable-next-line alias-uniqe -->`,
        charset('vda'),
      ),
    );
    expect(r.messages).toMatchObject([
      {
        ruleId: DIRECTIVE_RULE_ID,
        severity: 2,
        message: "Definition for rule 'alias-uniqe' was not found.",
        line: 5,
      },
    ]);
    expect(r.suppressedMessages.map(where)).toEqual(['6:alias-charset']);
    expect(r.errorCount).toBe(1);
  });

  it('a directive naming only unknown rules disables nothing', () => {
    const { reported, suppressed } = lint(
      doc(`    <!-- virt-alias-disable-next-line alias-charsett -->`, charset('vda')),
    );
    expect(reported).toEqual([`4:${DIRECTIVE_RULE_ID}`, '5:alias-charset']);
    expect(suppressed).toEqual([]);
  });
});

describe('CRLF files', () => {
  it('every form works the same with CRLF line endings', () => {
    const text = doc(
      `    <!-- virt-alias-disable-next-line alias-charset - crlf -->`,
      charset('vda'),
      `${charset('vdb')} <!-- virt-alias-disable-line -->`,
      `    <!-- virt-alias-disable-next-line`,
      `         alias-charset -->`,
      charset('vdc'),
      `    <!-- virt-alias-disable alias-required -->`,
      nic(1),
      `    <!-- virt-alias-enable -->`,
      charset('vdd'),
      nic(2),
    ).replace(/\n/g, '\r\n');
    const { reported, suppressed, result: r } = lint(text);
    expect(suppressed).toEqual([
      '5:alias-charset',
      '6:alias-charset',
      '9:alias-charset',
      '11:alias-required',
    ]);
    expect(reported).toEqual(['13:alias-charset', '14:alias-required']);
    expect(r.suppressedMessages[0]?.suppressions).toEqual([{ kind: 'directive', justification: 'crlf' }]);
  });

  it('a lone CR ends a line for directives too', () => {
    const text = doc(`    <!-- virt-alias-disable-next-line -->`, charset('vda'), charset('vdb')).replace(
      /\n/g,
      '\r',
    );
    expect(lint(text).suppressed).toEqual(['5:alias-charset']);
  });
});

describe('the linter API', () => {
  const text = doc(
    `    <!-- virt-alias-disable-next-line -->`,
    charset('vda'),
    charset('vdb'),
    `    <!-- virt-alias-disable-line -->`,
  );

  it('lintDocument (the rule tester’s entry) returns only the reported findings', () => {
    const parsed = parseDomain(text);
    if (parsed.kind !== 'domain') throw new Error('not a domain');
    expect(lintDocument(parsed.document, recommended).map(where)).toEqual(['6:alias-charset']);
    const full = verifyDocument(parsed.document, recommended, { reportUnusedDisableDirectives: 'error' });
    expect(full.messages.map(where)).toEqual(['6:alias-charset', `7:${DIRECTIVE_RULE_ID}`]);
    expect(full.suppressedMessages.map(where)).toEqual(['5:alias-charset']);
  });

  it('lintText names the result after options.filePath, else <text>', () => {
    expect(lintText(text, recommended, { filePath: 'a.xml' }).filePath).toBe('a.xml');
    expect(lintText(text, recommended).filePath).toBe('<text>');
    expect(lintText(text, recommended, {}).filePath).toBe('<text>');
  });

  it('refuses an unknown reportUnusedDisableDirectives value', () => {
    expect(() =>
      lintText(text, recommended, { reportUnusedDisableDirectives: 'on' as unknown as 'warn' }),
    ).toThrow(TypeError);
  });
});

describe('fixing', () => {
  /** fixText's loop (packages/rewriter): lint, apply the fixes of `messages`, until none is left. */
  function fixAll(text: string): string {
    let current = text;
    for (let pass = 0; pass < 10; pass++) {
      const fixes = lintText(current, recommended).messages.flatMap((m): Fix[] => (m.fix ? [m.fix] : []));
      if (fixes.length === 0) break;
      current = applyFixes(current, fixes).output;
    }
    return current;
  }

  it('a suppressed finding is not fixed; a reported one is; directive comments stay as they were', () => {
    const block = [
      `    <!-- virt-alias-disable alias-charset -->`,
      charset('vdb'),
      `    <!-- virt-alias-enable -->`,
    ];
    const text = doc(
      `    <!-- virt-alias-disable-next-line -->`,
      charset('vda'),
      ...block,
      charset('vdc'),
      `${nic(1)}<!-- virt-alias-disable-line alias-charset -->`,
    );
    const fixed = fixAll(text);
    expect(fixed).toContain(`<alias name='ua-vda.x'/>`);
    expect(fixed).toContain(`<alias name='ua-vdb.x'/>`);
    expect(fixed).not.toContain(`<alias name='ua-vdc.x'/>`);
    // alias-required is not disabled on that line: its alias is inserted, the comment kept.
    expect(fixed).toMatch(
      /<alias name='ua-[^']+'\/><\/interface><!-- virt-alias-disable-line alias-charset -->/,
    );
    for (const comment of text.match(/<!--.*?-->/g) ?? []) expect(fixed).toContain(comment);
    const after = lintText(fixed, recommended);
    expect(after.messages).toEqual([]);
    expect(after.suppressedMessages.map(where)).toEqual(['5:alias-charset', '7:alias-charset']);
  });

  it('a rule’s insert next to a directive that precedes an end tag leaves the comment whole', () => {
    const text = doc(
      `    <interface type='ethernet'>`,
      `      <mac address='52:54:00:00:00:07'/>`,
      `      <!-- virt-alias-disable-next-line alias-charset - keeps the comment -->`,
      `    </interface>`,
    );
    const fixed = fixAll(text);
    expect(fixed).toContain(
      `      <!-- virt-alias-disable-next-line alias-charset - keeps the comment -->\n`,
    );
    expect(fixed).not.toBe(text);
  });
});

/** Both lists, for one `toEqual`. */
function result(reported: string[], suppressed: string[]) {
  return { reported, suppressed };
}
