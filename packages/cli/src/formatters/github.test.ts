import path from 'node:path';
import { summarize } from '@virt-alias/rules';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, github } from './github.js';

const cwd = path.resolve('/work/repo/vms');

describe('github', () => {
  it('prints nothing without findings', () => {
    expect(github([summarize(path.join(cwd, 'a.xml'), [])], { cwd, color: false })).toBe('');
  });

  it('is one workflow command per finding, error or warning', () => {
    const out = github(
      [
        summarize(path.join(cwd, 'sub/a.xml'), [
          {
            ruleId: 'alias-charset',
            severity: 2,
            message: 'Alias bad.',
            line: 7,
            column: 14,
            endLine: 7,
            endColumn: 30,
          },
          { ruleId: 'identifier-unique', severity: 1, message: 'Dup.', line: 9, column: 5 },
        ]),
        summarize(path.join(cwd, 'b.xml'), [
          { ruleId: null, severity: 2, message: 'bad', line: 2, column: 1, fatal: true },
        ]),
      ],
      { cwd, color: true },
    );
    expect(out).toBe(
      [
        '::error file=sub/a.xml,line=7,col=14,endLine=7,endColumn=30,title=alias-charset::Alias bad.',
        '::warning file=sub/a.xml,line=9,col=5,title=identifier-unique::Dup.',
        '::error file=b.xml,line=2,col=1,title=parse-error::bad',
        '',
      ].join('\n'),
    );
  });

  it('escapes as @actions/core does', () => {
    expect(escapeData('50% a,b: c\r\nd')).toBe('50%25 a,b: c%0D%0Ad');
    expect(escapeProperty('50% a,b: c\r\nd')).toBe('50%25 a%2Cb%3A c%0D%0Ad');
    const out = github(
      [
        summarize(path.join(cwd, 'a,b:c%.xml'), [
          { ruleId: 'r', severity: 2, message: '1%\n::x', line: 1, column: 1 },
        ]),
      ],
      { cwd, color: false },
    );
    expect(out).toBe('::error file=a%2Cb%3Ac%25.xml,line=1,col=1,title=r::1%25%0A::x\n');
  });

  it('names files relative to GITHUB_WORKSPACE when it holds the working directory', () => {
    const results = [
      summarize(path.join(cwd, 'a.xml'), [{ ruleId: 'r', severity: 2, message: 'm', line: 1, column: 1 }]),
    ];
    expect(
      github(results, { cwd, color: false, env: { GITHUB_WORKSPACE: path.resolve('/work/repo') } }),
    ).toContain('file=vms/a.xml,');
    expect(
      github(results, { cwd, color: false, env: { GITHUB_WORKSPACE: path.resolve('/other') } }),
    ).toContain('file=a.xml,');
  });
});
