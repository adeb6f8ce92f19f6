import path from 'node:path';
import { childrenNamed, parseXml, type XmlElement } from '@virt-alias/parser';
import { summarize, type LintMessage } from '@virt-alias/rules';
import { describe, expect, it } from 'vitest';
import { junit } from './junit.js';

const cwd = path.resolve('/work/vms');
const file = (name: string): string => path.join(cwd, name);
const msg = (
  line: number,
  column: number,
  message: string,
  extra: Partial<LintMessage> = {},
): LintMessage => ({
  ruleId: 'alias-charset',
  severity: 2,
  message,
  line,
  column,
  ...extra,
});
const attr = (el: XmlElement | undefined, name: string): string | undefined =>
  el?.attributes.find((a) => a.name === name)?.value;

describe('junit', () => {
  it('is well-formed JUnit: a suite per file, a case per finding, a passing case when clean', () => {
    const out = junit(
      [
        summarize(file('a.xml'), [
          msg(7, 14, 'Alias bad.'),
          msg(9, 5, 'Maybe.', { severity: 1, ruleId: 'identifier-unique' }),
        ]),
        summarize(file('clean.xml'), []),
        summarize(file('broken.xml'), [msg(2, 14, 'unexpected close tag.', { ruleId: null, fatal: true })]),
      ],
      { cwd, color: true },
    );
    const root = parseXml(out).root;
    expect(root.name).toBe('testsuites');
    expect([attr(root, 'tests'), attr(root, 'failures'), attr(root, 'errors')]).toEqual(['4', '2', '1']);
    const suites = childrenNamed(root, 'testsuite');
    expect(
      suites.map((s) => [attr(s, 'name'), attr(s, 'tests'), attr(s, 'failures'), attr(s, 'errors')]),
    ).toEqual([
      ['a.xml', '2', '2', '0'],
      ['clean.xml', '1', '0', '0'],
      ['broken.xml', '1', '0', '1'],
    ]);
    const [a, clean, broken] = suites.map((s) => childrenNamed(s, 'testcase'));
    expect(a?.map((c) => [attr(c, 'classname'), attr(c, 'file'), attr(c, 'time'), attr(c, 'name')])).toEqual([
      ['a', 'a.xml', '0', 'alias-charset@7:14'],
      ['a', 'a.xml', '0', 'identifier-unique@9:5'],
    ]);
    expect(suites.map((s) => attr(s, 'time'))).toEqual(['0', '0', '0']);
    expect(clean?.map((c) => [attr(c, 'classname'), attr(c, 'file')])).toEqual([['clean', 'clean.xml']]);
    const failure = a?.[1]?.children[0];
    expect(failure?.name).toBe('failure');
    expect([attr(failure, 'message'), attr(failure, 'type')]).toEqual(['Maybe.', 'identifier-unique']);
    expect(failure?.text).toContain('warning: Maybe.');
    expect(failure?.text).toContain('a.xml:9:5');
    expect(clean?.map((c) => [attr(c, 'name'), c.children.length])).toEqual([['virt-alias', 0]]);
    expect(broken?.[0]?.children[0]?.name).toBe('error');
    expect(attr(broken?.[0]?.children[0], 'type')).toBe('parse-error');
  });

  it('escapes everything, control characters and ]]> included', () => {
    const nasty = 'a <b> & "c" \'d\' ]]> \u0001\u001f\ttab\nline\r';
    const out = junit([summarize(file('we<ird>&"name".xml'), [msg(1, 1, nasty, { ruleId: 'r"<&>' })])], {
      cwd,
      color: false,
    });
    expect(Array.from(out).filter((c) => c < ' ' && !'\t\n\r'.includes(c))).toEqual([]);
    expect(out).not.toContain(']]>');
    const root = parseXml(out).root;
    const suite = childrenNamed(root, 'testsuite')[0];
    expect(attr(suite, 'name')).toBe('we<ird>&"name".xml');
    const failure = childrenNamed(suite!, 'testcase')[0]?.children[0];
    expect(attr(failure, 'type')).toBe('r"<&>');
    expect(attr(failure, 'message')).toBe('a <b> & "c" \'d\' ]]> \\u0001\\u001F\ttab\nline\r');
    expect(failure?.text).toContain('a <b> & "c" \'d\' ]]> \\u0001\\u001F');
  });

  it('makes test case names unique within a suite', () => {
    const out = junit(
      [summarize(file('a.xml'), [msg(7, 14, 'one'), msg(7, 14, 'two'), msg(7, 14, 'three')])],
      { cwd, color: false },
    );
    const cases = childrenNamed(childrenNamed(parseXml(out).root, 'testsuite')[0]!, 'testcase');
    expect(cases.map((c) => attr(c, 'name'))).toEqual([
      'alias-charset@7:14',
      'alias-charset@7:14#2',
      'alias-charset@7:14#3',
    ]);
  });

  it('is an empty, well-formed report for no file', () => {
    const root = parseXml(junit([], { cwd, color: false })).root;
    expect([root.name, attr(root, 'tests'), root.children.length]).toEqual(['testsuites', '0', 0]);
  });
});
