import { summarize } from '@virt-alias/rules';
import { describe, expect, it } from 'vitest';
import { json } from './json.js';

describe('json', () => {
  it('is the ESLint JSON shape, one line, every linted file', () => {
    const results = [
      summarize('/vms/a.xml', [
        {
          ruleId: 'alias-charset',
          severity: 2,
          message: 'Alias bad.',
          messageId: 'badCharacters',
          line: 7,
          column: 14,
          endLine: 7,
          endColumn: 30,
          fix: { range: [1, 2], text: 'x' },
        },
        { ruleId: null, severity: 2, message: 'parse error', line: 1, column: 2, fatal: true },
      ]),
      summarize('/vms/clean.xml', []),
    ];
    const text = json(results, { cwd: '/', color: true });
    expect(text).not.toContain('\n');
    expect(JSON.parse(text)).toEqual([
      {
        filePath: '/vms/a.xml',
        messages: [
          {
            ruleId: 'alias-charset',
            severity: 2,
            message: 'Alias bad.',
            messageId: 'badCharacters',
            line: 7,
            column: 14,
            endLine: 7,
            endColumn: 30,
            fix: { range: [1, 2], text: 'x' },
          },
          { ruleId: null, severity: 2, message: 'parse error', line: 1, column: 2, fatal: true },
        ],
        suppressedMessages: [],
        errorCount: 2,
        fatalErrorCount: 1,
        warningCount: 0,
        fixableErrorCount: 1,
        fixableWarningCount: 0,
        usedDeprecatedRules: [],
      },
      {
        filePath: '/vms/clean.xml',
        messages: [],
        suppressedMessages: [],
        errorCount: 0,
        fatalErrorCount: 0,
        warningCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
        usedDeprecatedRules: [],
      },
    ]);
  });

  it('leaves out what is not in ESLint`s shape', () => {
    const skipped = { ...summarize('/vms/n.xml', []), skipped: { reason: 'x' } };
    expect(json([skipped], { cwd: '/', color: false })).not.toContain('skipped');
    expect(json([], { cwd: '/', color: false })).toBe('[]');
  });
});
