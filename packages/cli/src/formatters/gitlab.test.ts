import path from 'node:path';
import { sourceFacts } from '@virt-alias/engine';
import { summarize, type LintMessage } from '@virt-alias/rules';
import { describe, expect, it } from 'vitest';
import { gitlab } from './gitlab.js';

const cwd = path.resolve('/work/vms');
const file = path.join(cwd, 'sub/a.xml');
const SOURCE = `<domain>\n  <alias name='x.y'/>\n  <alias name='x.y'/>\n</domain>\n`;
const msg = (line: number, extra: Partial<LintMessage> = {}): LintMessage => ({
  ruleId: 'alias-charset',
  severity: 2,
  message: 'Alias bad.',
  line,
  column: 3,
  ...extra,
});

interface Issue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

const issues = (messages: readonly LintMessage[], source = SOURCE): Issue[] =>
  JSON.parse(
    gitlab([summarize(file, messages)], {
      cwd,
      color: true,
      sources: new Map([[file, sourceFacts(source, messages)]]),
    }),
  ) as Issue[];

describe('gitlab', () => {
  it('is a Code Quality report: major errors, minor warnings, blocker parse errors', () => {
    const report = issues([
      msg(2),
      msg(3, { severity: 1, ruleId: 'identifier-unique' }),
      msg(1, { ruleId: null, fatal: true }),
    ]);
    expect(report).toEqual([
      {
        type: 'issue',
        description: 'Alias bad.',
        check_name: 'alias-charset',
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown,
        severity: 'major',
        location: { path: 'sub/a.xml', lines: { begin: 2 } },
      },
      expect.objectContaining({ check_name: 'identifier-unique', severity: 'minor' }) as unknown,
      expect.objectContaining({ check_name: 'parse-error', severity: 'blocker' }) as unknown,
    ]);
    expect(JSON.parse(gitlab([], { cwd, color: false }))).toEqual([]);
  });

  it('fingerprints are unique and follow the line, not its number', () => {
    const [a, b] = issues([msg(2), msg(3)]).map((i) => i.fingerprint);
    expect(a).not.toBe(b);
    const moved = issues([msg(4), msg(5)], `<!-- -->\n\n${SOURCE.replace(/^ {2}/gm, '    ')}`).map(
      (i) => i.fingerprint,
    );
    expect(moved).toEqual([a, b]);
    const other = gitlab([summarize(path.join(cwd, 'b.xml'), [msg(2)])], {
      cwd,
      color: false,
      sources: new Map([[path.join(cwd, 'b.xml'), sourceFacts(SOURCE, [msg(2)])]]),
    });
    expect((JSON.parse(other) as Issue[])[0]?.fingerprint).not.toBe(a);
  });
});
