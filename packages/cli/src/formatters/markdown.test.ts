import path from 'node:path';
import { summarize } from '@virt-alias/rules';
import { describe, expect, it } from 'vitest';
import { markdown, markdownCell, markdownWithin } from './markdown.js';

const cwd = path.resolve('/work/vms');

describe('markdown', () => {
  it('says so when there is no finding', () => {
    expect(
      markdown([summarize(path.join(cwd, 'a.xml'), []), summarize(path.join(cwd, 'b.xml'), [])], {
        cwd,
        color: true,
      }),
    ).toBe('### virt-alias\n\nNo findings in 2 files.\n');
  });

  it('sums up per rule, then lists every finding', () => {
    const out = markdown(
      [
        summarize(path.join(cwd, 'a.xml'), [
          { ruleId: 'alias-charset', severity: 2, message: 'Alias <x> | y\nz.', line: 7, column: 14 },
          { ruleId: 'alias-charset', severity: 1, message: 'w', line: 8, column: 1 },
        ]),
        summarize(path.join(cwd, 'clean.xml'), []),
        summarize(path.join(cwd, 'b.xml'), [
          { ruleId: null, severity: 2, message: 'bad', line: 2, column: 1, fatal: true },
        ]),
      ],
      { cwd, color: false },
    );
    expect(out).toContain('**2 errors, 1 warning** in 2 of 3 files.');
    expect(out).toContain(
      '| [alias-charset](https://github.com/virt-alias/virt-alias/blob/main/docs/rules/alias-charset.md) | 1 | 1 |',
    );
    expect(out).toContain('| parse-error | 1 | 0 |');
    expect(out).toContain('| a.xml | 7 | error | alias-charset | Alias &lt;x&gt; \\| y<br>z. |');
    expect(out).toContain('| b.xml | 2 | error | parse-error | bad |');
    // Every table row has exactly the columns of its header: no unescaped `|`, no line break.
    for (const row of out.split('\n').filter((l) => l.startsWith('|'))) {
      const cells = row.replace(/\\\|/g, '').split('|').length - 2;
      expect([3, 5]).toContain(cells);
    }
  });

  it('escapes markup in cells', () => {
    expect(markdownCell('a|b\r\nc `d` *e* _f_ [g](h) <i> & \\')).toBe(
      'a\\|b<br>c \\`d\\` \\*e\\* \\_f\\_ \\[g\\](h) &lt;i&gt; &amp; \\\\',
    );
  });

  it('within a byte limit: the head always, the findings that fit, then how many more', () => {
    const cwd = path.resolve('/w');
    const results = [
      summarize(path.join(cwd, 'a.xml'), [
        { ruleId: 'alias-charset', severity: 2, message: 'Bad \u00e9.', line: 1, column: 1 },
        { ruleId: 'alias-charset', severity: 2, message: 'Bad \u00e9.', line: 2, column: 1 },
        { ruleId: 'alias-charset', severity: 2, message: 'Bad \u00e9.', line: 3, column: 1 },
      ]),
    ];
    const full = markdown(results, { cwd, color: false });
    expect(markdownWithin(results, { cwd, color: false }, Buffer.byteLength(full))).toBe(full);
    const cut = markdownWithin(results, { cwd, color: false }, Buffer.byteLength(full) - 1);
    expect(Buffer.byteLength(cut)).toBeLessThan(Buffer.byteLength(full));
    expect(cut).toContain('| a.xml | 1 | error |');
    expect(cut.endsWith('\n... and 2 more findings: see the annotations or the SARIF report.\n')).toBe(true);
    for (let max = 0; max < Buffer.byteLength(full); max += 7) {
      const text = markdownWithin(results, { cwd, color: false }, max);
      const head = text.indexOf('| --- | ---: | --- | --- | --- |');
      // Only the head may exceed a limit below its own size.
      if (Buffer.byteLength(text) > max)
        expect(text.split('\n').some((l) => l.startsWith('| a.xml'))).toBe(false);
      expect(head).toBeGreaterThan(0);
    }
  });
});
