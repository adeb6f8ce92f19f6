import { parseDomain, type DomainDocument } from '@virt-alias/parser';
import { describe, expect, it } from 'vitest';
import { ruleById } from '../rules/index.js';
import { collectDirectives, parseDirectiveText } from './parse.js';
import { touchesDirective } from './protect.js';
import { DIRECTIVE_RULE_ID, type Directive } from './types.js';

const known = (id: string): boolean => ruleById(id) !== undefined;

function domain(text: string): DomainDocument {
  const parsed = parseDomain(text);
  if (parsed.kind !== 'domain') throw new Error(`not a domain: ${parsed.kind}`);
  return parsed.document;
}

/** The names and reason of a comment text, or null. */
function words(text: string) {
  const parsed = parseDirectiveText(text);
  if (!parsed) return null;
  return {
    kind: parsed.kind,
    rules: parsed.ruleNames.map((r) => r.name),
    justification: parsed.justification,
  };
}

describe('parseDirectiveText', () => {
  it('reads the four keywords, without rules = all rules', () => {
    expect(words(' virt-alias-disable ')).toEqual({ kind: 'disable', rules: [], justification: '' });
    expect(words(' virt-alias-enable ')).toEqual({ kind: 'enable', rules: [], justification: '' });
    expect(words(' virt-alias-disable-line ')).toEqual({
      kind: 'disable-line',
      rules: [],
      justification: '',
    });
    expect(words(' virt-alias-disable-next-line ')).toEqual({
      kind: 'disable-next-line',
      rules: [],
      justification: '',
    });
  });

  it('needs no space around the keyword inside the comment', () => {
    expect(words('virt-alias-disable')).toMatchObject({ kind: 'disable', rules: [] });
    expect(words('\r\n\tvirt-alias-enable\r\n')).toMatchObject({ kind: 'enable', rules: [] });
  });

  it('ordinary comments and near misses are no directive', () => {
    for (const text of [
      ' tenant network ',
      ' virt-alias-disabled ',
      ' virt-alias-disable-nextline ',
      ' virt-alias-disable-next-lines x ',
      ' virt-alias-disable,alias-unique ',
      ' VIRT-ALIAS-DISABLE ',
      ' note: virt-alias-disable ',
      ' eslint-disable ',
      '',
    ]) {
      expect(words(text), text).toBeNull();
    }
  });

  it('rule names are separated by commas and/or whitespace, line breaks too', () => {
    expect(words(' virt-alias-disable alias-unique,alias-charset ')?.rules).toEqual([
      'alias-unique',
      'alias-charset',
    ]);
    expect(words(' virt-alias-disable alias-unique alias-charset ')?.rules).toEqual([
      'alias-unique',
      'alias-charset',
    ]);
    expect(
      words(' virt-alias-disable-next-line  alias-unique , ,alias-charset,\r\n  alias-required ')?.rules,
    ).toEqual(['alias-unique', 'alias-charset', 'alias-required']);
  });

  it('the reason follows a lone ` - ` (`--` cannot occur in an XML comment)', () => {
    expect(
      words(' virt-alias-disable-line alias-unique - shared by the two paths of a multipath LUN '),
    ).toEqual({
      kind: 'disable-line',
      rules: ['alias-unique'],
      justification: 'shared by the two paths of a multipath LUN',
    });
    expect(words(' virt-alias-disable - all of it, on purpose - really ')).toEqual({
      kind: 'disable',
      rules: [],
      justification: 'all of it, on purpose - really',
    });
    expect(words(' virt-alias-disable alias-unique,\n - spans\n   lines ')).toMatchObject({
      rules: ['alias-unique'],
      justification: 'spans\n   lines',
    });
  });

  it('a dash inside or glued to a word is no separator', () => {
    expect(words(' virt-alias-disable alias-unique -reason ')?.rules).toEqual(['alias-unique', '-reason']);
    expect(words(' virt-alias-disable alias-unique- reason ')?.rules).toEqual(['alias-unique-', 'reason']);
  });

  it('gives each name its offsets in the comment text', () => {
    const text = ' virt-alias-disable a,  bb ccc - x ';
    const parsed = parseDirectiveText(text);
    expect(parsed?.ruleNames.map((r) => text.slice(r.start, r.end))).toEqual(['a', 'bb', 'ccc']);
  });
});

describe('collectDirectives', () => {
  it('collects directives in source order, with their comment positions', () => {
    const text = [
      `<!-- virt-alias-disable alias-unique -->`,
      `<domain>`,
      `  <!-- just a note -->`,
      `  <devices>`,
      `    <!-- virt-alias-disable-next-line`,
      `         alias-charset - multi-line -->`,
      `  </devices>`,
      `</domain>`,
      `<!-- virt-alias-enable -->`,
    ].join('\n');
    const { directives, problems } = collectDirectives(domain(text), known);
    expect(problems).toEqual([]);
    expect(
      directives.map((d) => ({
        kind: d.kind,
        ruleIds: d.ruleIds,
        justification: d.justification,
        start: d.start,
        end: d.end,
      })),
    ).toEqual([
      {
        kind: 'disable',
        ruleIds: ['alias-unique'],
        justification: '',
        start: { line: 1, column: 1 },
        end: { line: 1, column: 41 },
      },
      {
        kind: 'disable-next-line',
        ruleIds: ['alias-charset'],
        justification: 'multi-line',
        start: { line: 5, column: 5 },
        end: { line: 6, column: '         alias-charset - multi-line -->'.length + 1 },
      },
      {
        kind: 'enable',
        ruleIds: null,
        justification: '',
        start: { line: 9, column: 1 },
        end: { line: 9, column: 27 },
      },
    ]);
  });

  it('rule name ranges are exact source offsets: CRLF, BOM and astral characters before them', () => {
    const text = `\uFEFF<domain x='😀'>\r\n  <name>😀</name><!-- virt-alias-disable-line\r\n alias-unique,\r\nalias-charset -->\r\n</domain>`;
    const { directives } = collectDirectives(domain(text), known);
    const names = directives[0]!.ruleNames;
    expect(names.map((n) => text.slice(n.range[0], n.range[1]))).toEqual(['alias-unique', 'alias-charset']);
  });

  it('an unknown rule name is an error at the name; the directive keeps its known rules', () => {
    const text = [
      `<domain>`,
      `  <devices>`,
      `    <!-- virt-alias-disable-next-line alias-uniqe, alias-charset,alias-uniqe nope -->`,
      `  </devices>`,
      `</domain>`,
    ].join('\n');
    const { directives, problems } = collectDirectives(domain(text), known);
    expect(directives[0]?.ruleIds).toEqual(['alias-charset']);
    const line = text.split('\n')[2]!;
    expect(problems).toEqual([
      {
        ruleId: DIRECTIVE_RULE_ID,
        severity: 2,
        message: "Definition for rule 'alias-uniqe' was not found.",
        messageId: 'unknownRule',
        line: 3,
        column: line.indexOf('alias-uniqe') + 1,
        endLine: 3,
        endColumn: line.indexOf('alias-uniqe') + 1 + 'alias-uniqe'.length,
      },
      {
        ruleId: DIRECTIVE_RULE_ID,
        severity: 2,
        message: "Definition for rule 'nope' was not found.",
        messageId: 'unknownRule',
        line: 3,
        column: line.indexOf('nope') + 1,
        endLine: 3,
        endColumn: line.indexOf('nope') + 5,
      },
    ]);
  });

  it('a directive naming only unknown rules applies to nothing, not to all rules', () => {
    const { directives } = collectDirectives(
      domain(`<domain><!-- virt-alias-disable typo --></domain>`),
      known,
    );
    expect(directives[0]?.ruleIds).toEqual([]);
  });

  it('`directive`, the id of the directive findings, is not a rule a directive can name', () => {
    const { directives, problems } = collectDirectives(
      domain(`<domain><!-- virt-alias-disable directive --></domain>`),
      known,
    );
    expect(directives[0]?.ruleIds).toEqual([]);
    expect(problems.map((p) => p.message)).toEqual(["Definition for rule 'directive' was not found."]);
  });

  it('a rule named twice applies once', () => {
    const { directives } = collectDirectives(
      domain(`<domain><!-- virt-alias-disable alias-unique alias-unique --></domain>`),
      known,
    );
    expect(directives[0]?.ruleIds).toEqual(['alias-unique']);
    expect(directives[0]?.ruleNames).toHaveLength(2);
  });
});

describe('touchesDirective', () => {
  const text = `<domain><!-- virt-alias-disable --><name>x</name></domain>`;
  const { directives } = collectDirectives(domain(text), known);
  const [start, end] = (directives[0] as Directive).comment.range;

  it('an edit overlapping the comment, or inserting inside it, touches it', () => {
    expect(touchesDirective({ range: [start, end], text: '' }, directives)).toBe(true);
    expect(touchesDirective({ range: [start - 1, start + 1], text: '' }, directives)).toBe(true);
    expect(touchesDirective({ range: [end - 1, end + 3], text: '' }, directives)).toBe(true);
    expect(touchesDirective({ range: [start + 5, start + 5], text: 'x' }, directives)).toBe(true);
    expect(touchesDirective({ range: [0, text.length], text: '' }, directives)).toBe(true);
  });

  it('inserting right before or after it, or editing elsewhere, does not', () => {
    expect(touchesDirective({ range: [start, start], text: 'x' }, directives)).toBe(false);
    expect(touchesDirective({ range: [end, end], text: 'x' }, directives)).toBe(false);
    expect(touchesDirective({ range: [0, start], text: '' }, directives)).toBe(false);
    expect(touchesDirective({ range: [end, text.length], text: '' }, directives)).toBe(false);
  });
});
