import path from 'node:path';
import { summarize } from '@virt-alias/rules';
import { describe, expect, it } from 'vitest';
import { compact } from './compact.js';

const cwd = path.resolve('/work/vms');

describe('compact', () => {
  it('a file name with control or bidi characters (ESC, a newline, U+202E) is shown escaped, one line a finding', () => {
    const out = compact(
      [
        summarize(path.join(cwd, 'a\u001b[2Jb\nc\u202e.xml'), [
          { ruleId: 'x', severity: 2, message: 'M.', line: 1, column: 1 },
        ]),
      ],
      { cwd, color: false },
    );
    expect(out).toBe('a\\u001b[2Jb\\nc\\u202e.xml:1:1: error M. [x]\n');
  });

  it('is file:line:col: severity message [rule], one line each, nothing else', () => {
    const out = compact(
      [
        summarize(path.join(cwd, 'sub/a.xml'), [
          { ruleId: 'alias-charset', severity: 2, message: 'Alias\nbad.', line: 7, column: 14 },
          { ruleId: 'identifier-unique', severity: 1, message: 'Dup.', line: 9, column: 5 },
        ]),
        summarize(path.join(cwd, 'clean.xml'), []),
        summarize('/elsewhere/b.xml', [
          { ruleId: null, severity: 2, message: 'bad', line: 2, column: 1, fatal: true },
        ]),
      ],
      { cwd, color: true },
    );
    expect(out).toBe(
      [
        'sub/a.xml:7:14: error Alias bad. [alias-charset]',
        'sub/a.xml:9:5: warning Dup. [identifier-unique]',
        '/elsewhere/b.xml:2:1: error bad [parse-error]',
        '',
      ].join('\n'),
    );
    expect(compact([summarize(path.join(cwd, 'clean.xml'), [])], { cwd, color: false })).toBe('');
  });
});
