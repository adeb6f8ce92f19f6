import path from 'node:path';
import { childrenNamed, parseXml, type XmlElement } from '@virt-alias/parser';
import { summarize } from '@virt-alias/rules';
import { describe, expect, it } from 'vitest';
import { checkstyle } from './checkstyle.js';

const cwd = path.resolve('/work/vms');
const attr = (el: XmlElement | undefined, name: string): string | undefined =>
  el?.attributes.find((a) => a.name === name)?.value;

describe('checkstyle', () => {
  it('is Checkstyle 4.3 XML: a file per result, an error per finding', () => {
    const out = checkstyle(
      [
        summarize(path.join(cwd, 'sub/a.xml'), [
          {
            ruleId: 'alias-charset',
            severity: 2,
            message: 'Alias <bad> & "worse"\n\u0007.',
            line: 7,
            column: 14,
          },
          { ruleId: 'identifier-unique', severity: 1, message: 'w', line: 9, column: 5 },
        ]),
        summarize(path.join(cwd, 'clean.xml'), []),
        summarize(path.join(cwd, 'broken.xml'), [
          { ruleId: null, severity: 2, message: 'bad', line: 2, column: 1, fatal: true },
        ]),
      ],
      { cwd, color: true },
    );
    expect(out).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<checkstyle version="4\.3">/);
    const root = parseXml(out).root;
    const files = childrenNamed(root, 'file');
    expect(files.map((f) => attr(f, 'name'))).toEqual(['sub/a.xml', 'clean.xml', 'broken.xml']);
    const errors = files.map((f) =>
      childrenNamed(f, 'error').map((e) =>
        ['line', 'column', 'severity', 'message', 'source'].map((n) => attr(e, n)),
      ),
    );
    expect(errors).toEqual([
      [
        ['7', '14', 'error', 'Alias <bad> & "worse"\n\\u0007.', 'virt-alias.alias-charset'],
        ['9', '5', 'warning', 'w', 'virt-alias.identifier-unique'],
      ],
      [],
      [['2', '1', 'error', 'bad', 'virt-alias.parse-error']],
    ]);
  });

  it('is a well-formed, empty report for no file', () => {
    expect(parseXml(checkstyle([], { cwd, color: false })).root.name).toBe('checkstyle');
  });
});
