import { allRules } from '@virt-alias/rules';
import { describe, expect, it } from 'vitest';
import type { RuleInfo } from '../src/rules-command.js';
import { run, tempTree } from './helpers.js';

describe('virt-alias rules', () => {
  it('text: an aligned table with a row per rule', async () => {
    const r = await run(['rules'], { cwd: await tempTree() });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RULE +NOVA +RECOMMENDED +STRICT +FIXABLE +DESCRIPTION +DOCS$/);
    expect(lines).toHaveLength(allRules.length + 1);
    const charset = lines.find((l) => l.startsWith('alias-charset '))!;
    expect(charset).toMatch(/^alias-charset +error +error +error +yes +A `ua-` alias/);
    expect(charset).toContain(allRules.find((x) => x.id === 'alias-charset')!.meta.docs.url);
    // Aligned: the DOCS column starts at the same place on every line.
    const docsAt = lines[0]!.indexOf('DOCS');
    for (const line of lines.slice(1)) expect(line.indexOf('https://')).toBe(docsAt);
  });

  it('json: every rule with its presets, fixable flag, description and docs', async () => {
    const r = await run(['rules', '--format', 'json'], { cwd: await tempTree() });
    expect(r.code).toBe(0);
    const infos = JSON.parse(r.stdout) as RuleInfo[];
    expect(infos.map((i) => i.id)).toEqual(allRules.map((x) => x.id));
    const byId = new Map(infos.map((i) => [i.id, i]));
    // What the presets document (docs/configuration.md), written out rather than recomputed.
    expect(byId.get('identifier-unique')).toMatchObject({
      type: 'suggestion',
      fixable: false,
      presets: { nova: 'warn', recommended: 'warn', strict: 'error' },
    });
    expect(byId.get('alias-required')).toMatchObject({
      type: 'problem',
      fixable: true,
      presets: { nova: 'error', recommended: 'error', strict: 'error' },
      url: 'https://github.com/virt-alias/virt-alias/blob/main/docs/rules/alias-required.md',
    });
    expect(byId.get('teaming-reference')).toMatchObject({
      fixable: false,
      presets: { recommended: 'error' },
    });
    for (const info of infos)
      expect(info.description).toBe(allRules.find((x) => x.id === info.id)!.meta.docs.description);
  });
});
