import path from 'node:path';
import { summarize, type LintMessage } from '@virt-alias/rules';
import { describe, expect, it } from 'vitest';
import { stylish } from './stylish.js';

const cwd = path.resolve('/work/vms');
const msg = (
  line: number,
  column: number,
  severity: 1 | 2,
  message: string,
  ruleId: string | null,
): LintMessage => ({
  ruleId,
  severity,
  message,
  line,
  column,
  ...(ruleId === null ? { fatal: true as const } : {}),
});

describe('stylish', () => {
  it('a file name with control or bidi characters is shown escaped: no terminal sequence from a name', () => {
    const results = [summarize(path.join(cwd, 'vm\u001b]0;x\u0007\u202e.xml'), [msg(1, 1, 2, 'M.', 'x')])];
    expect(stylish(results, { cwd, color: false }).split('\n')[1]).toBe('vm\\u001b]0;x\\u0007\\u202e.xml');
  });

  it('prints nothing at all without findings', () => {
    expect(stylish([], { cwd, color: true })).toBe('');
    expect(stylish([summarize(path.join(cwd, 'a.xml'), [])], { cwd, color: true })).toBe('');
  });

  it('is ESLint stylish: path, aligned rows, blank line, summary', () => {
    const results = [
      summarize(path.join(cwd, 'a.xml'), [
        msg(7, 14, 2, 'Alias bad.', 'alias-charset'),
        msg(12, 3, 1, 'Duplicate serial', 'identifier-unique'),
      ]),
      summarize(path.join(cwd, 'clean.xml'), []),
      summarize(path.join(cwd, 'sub/b.xml'), [msg(2, 15, 2, 'unexpected close tag.', null)]),
    ];
    expect(stylish(results, { cwd, color: false })).toBe(
      [
        '',
        'a.xml',
        '   7:14  error    Alias bad         alias-charset',
        '  12:3   warning  Duplicate serial  identifier-unique',
        '',
        path.join('sub', 'b.xml'),
        '  2:15  error  unexpected close tag',
        '',
        '\u2716 3 problems (2 errors, 1 warning)',
        '',
      ].join('\n'),
    );
  });

  it('pluralizes and colours the summary yellow without errors', () => {
    const out = stylish([summarize(path.join(cwd, 'a.xml'), [msg(1, 1, 1, 'w', 'r')])], { cwd, color: true });
    expect(out).toContain('\u001b[4ma.xml\u001b[24m');
    expect(out).toContain('\u001b[33mwarning\u001b[39m');
    expect(out).toContain('\u001b[2m1:1\u001b[22m');
    expect(out).toContain('\u001b[1m\u001b[33m\u2716 1 problem (0 errors, 1 warning)\u001b[39m\u001b[22m');
  });

  it('colours errors and the summary red', () => {
    const out = stylish([summarize(path.join(cwd, 'a.xml'), [msg(1, 1, 2, 'e', 'r')])], { cwd, color: true });
    expect(out).toContain('\u001b[31merror\u001b[39m');
    expect(out).toContain('\u001b[1m\u001b[31m\u2716 1 problem (1 error, 0 warnings)');
  });
});
