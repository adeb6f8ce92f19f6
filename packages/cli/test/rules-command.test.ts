import { allRules, PRESET_NAMES, PRESETS } from '@virt-alias/rules';
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
    for (const info of infos) {
      const rule = allRules.find((x) => x.id === info.id)!;
      expect(info).toEqual({
        id: rule.id,
        type: rule.meta.type,
        description: rule.meta.docs.description,
        url: rule.meta.docs.url,
        fixable: rule.meta.fixable !== undefined,
        presets: Object.fromEntries(
          PRESET_NAMES.map((p) => {
            const entry = PRESETS[p][rule.id];
            const sev: unknown = Array.isArray(entry) ? (entry as readonly unknown[])[0] : entry;
            return [p, sev === 'warn' || sev === 1 ? 'warn' : sev === 'error' || sev === 2 ? 'error' : 'off'];
          }),
        ),
      });
    }
  });
});
