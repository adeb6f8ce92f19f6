import { describe, expect, it } from 'vitest';
import { resolveFileConfig, type LocatedConfig } from './cascade.js';
import type { ConfigFile } from './types.js';

const at = (dir: string, config: ConfigFile): LocatedConfig => ({
  path: `${dir}/virt-alias.config.json`,
  dir,
  config,
});

function severities(chain: LocatedConfig[], file: string, cli = {}) {
  const r = resolveFileConfig(chain, file, cli);
  if (r.kind !== 'config') return r;
  return {
    preset: r.config.preset,
    rules: Object.fromEntries([...r.config.rules].map(([id, v]) => [id, v.severity])),
  };
}

describe('resolveFileConfig', () => {
  it('starts from recommended without any config', () => {
    expect(severities([], '/srv/a.xml')).toMatchObject({
      preset: 'recommended',
      rules: { 'alias-required': 2 },
    });
  });

  it('layers nearer files over farther ones', () => {
    const chain = [
      at('/srv', { preset: 'nova', rules: { 'identifier-unique': 'off', 'alias-identity': 'warn' } }),
      at('/srv/guests', { rules: { 'alias-identity': 'error' } }),
    ];
    const r = severities(chain, '/srv/guests/vm.xml');
    expect(r).toMatchObject({ preset: 'nova', rules: { 'alias-identity': 2 } });
    expect((r as { rules: Record<string, number> }).rules['identifier-unique']).toBeUndefined();
  });

  it('takes extends in order, and --preset over every file', () => {
    expect(severities([at('/srv', { extends: ['strict', 'nova'] })], '/srv/a.xml')).toMatchObject({
      preset: 'nova',
      rules: { 'identifier-unique': 1 },
    });
    expect(severities([at('/srv', { preset: 'nova' })], '/srv/a.xml', { preset: 'strict' })).toMatchObject({
      preset: 'strict',
      rules: { 'identifier-unique': 2 },
    });
  });

  it('applies overrides by glob relative to their file, minus excludedFiles', () => {
    const chain = [
      at('/srv', {
        overrides: [
          {
            files: ['live/**/*.xml'],
            excludedFiles: ['live/keep.xml'],
            rules: { 'alias-user-prefix': 'warn' },
          },
        ],
      }),
    ];
    expect(severities(chain, '/srv/live/a/b.xml')).toMatchObject({ rules: { 'alias-user-prefix': 1 } });
    expect(severities(chain, '/srv/live/keep.xml')).toMatchObject({ rules: { 'alias-user-prefix': 2 } });
    expect(severities(chain, '/srv/other/b.xml')).toMatchObject({ rules: { 'alias-user-prefix': 2 } });
  });

  it('lets --rule win over overrides', () => {
    const chain = [at('/srv', { overrides: [{ files: ['*.xml'], rules: { 'alias-charset': 'off' } }] })];
    expect(severities(chain, '/srv/a.xml', { rules: { 'alias-charset': 'warn' } })).toMatchObject({
      rules: { 'alias-charset': 1 },
    });
  });

  it('ignores files and whole directories by glob', () => {
    const chain = [at('/srv', { ignores: ['archive', 'tmp/*.xml', '**/.old/**'] })];
    expect(resolveFileConfig(chain, '/srv/archive/2024/vm.xml')).toEqual({
      kind: 'ignored',
      by: '/srv/virt-alias.config.json',
    });
    expect(resolveFileConfig(chain, '/srv/tmp/vm.xml').kind).toBe('ignored');
    expect(resolveFileConfig(chain, '/srv/x/.old/vm.xml').kind).toBe('ignored');
    expect(resolveFileConfig(chain, '/srv/tmp/sub/vm.xml').kind).toBe('config');
    expect(resolveFileConfig(chain, '/srv/archived.xml').kind).toBe('config');
  });
});
