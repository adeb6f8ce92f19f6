/**
 * The bundled fixtures linted as a user would (`virt-alias lint fixtures/rules fixtures/nova
 * fixtures/live`, compact format), against a reviewed snapshot: every rule's findings at their
 * exact line and column, so a change in any rule or position shows up as a diff to review
 * (markdownlint lints its real-world corpora the same way).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('virt-alias lint on the bundled fixtures', () => {
  it.each(['recommended', 'strict'])('%s preset: findings match the reviewed snapshot', async (preset) => {
    const r = await run(
      [
        'lint',
        '--no-config',
        '--preset',
        preset,
        '--format',
        'compact',
        'fixtures/rules',
        'fixtures/nova',
        'fixtures/live',
      ],
      { cwd: ROOT },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    await expect(r.stdout).toMatchFileSnapshot(path.join('__snapshots__', `fixtures-lint.${preset}.txt`));
  });

  it('every rule has findings in fixtures/rules/<rule>/invalid.xml under its own name', async () => {
    const r = await run(
      ['lint', '--no-config', '--preset', 'recommended', '--format', 'compact', 'fixtures/rules'],
      {
        cwd: ROOT,
      },
    );
    const lines = r.stdout.trim().split('\n');
    for (const id of [
      'alias-required',
      'alias-user-prefix',
      'alias-charset',
      'alias-unique',
      'alias-placement',
      'alias-identity',
      'identifier-unique',
      'teaming-reference',
    ]) {
      expect(
        lines.filter((l) => l.startsWith(`fixtures/rules/${id}/invalid.xml:`) && l.endsWith(`[${id}]`))
          .length,
      ).toBeGreaterThanOrEqual(2);
      expect(
        lines.filter((l) => l.startsWith(`fixtures/rules/${id}/valid.xml:`) && l.endsWith(`[${id}]`)),
      ).toEqual([]);
    }
  });
});
