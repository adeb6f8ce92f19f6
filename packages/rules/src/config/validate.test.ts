import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { PRESET_NAMES, PRESETS } from './presets.js';
import { validateConfig, validateRuleOptions } from './validate.js';

describe('validateConfig', () => {
  it('accepts an empty config, a preset, and every kind of rule entry', () => {
    expect(validateConfig({})).toEqual([]);
    expect(
      validateConfig({
        $schema: './node_modules/virt-alias/config.schema.json',
        preset: 'strict',
        rules: {
          'alias-required': ['error', { devices: ['volume-disk', 'hostdev', 'smartcard', '*'] }],
          'alias-unique': 'off',
          'alias-charset': ['warn'],
          'identifier-unique': 1,
          'teaming-reference': [0, {}],
        },
      }),
    ).toEqual([]);
  });

  it.each(PRESET_NAMES)('accepts the %s preset written out as a config', (name) => {
    expect(validateConfig({ preset: name, rules: PRESETS[name] })).toEqual([]);
  });

  it('names an unknown rule and lists the known ones', () => {
    const problems = validateConfig({ rules: { 'alias-requried': 'error' } });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('/rules/alias-requried');
    expect(problems[0]!.message).toContain('unknown rule "alias-requried"');
    for (const rule of allRules) expect(problems[0]!.message).toContain(rule.id);
  });

  it('rejects a bad severity, alone or as the first item', () => {
    expect(validateConfig({ rules: { 'alias-unique': 'fatal' } })).toEqual([
      {
        path: '/rules/alias-unique',
        message: 'severity must be one of "off", "warn", "error", 0, 1, 2; got "fatal"',
      },
    ]);
    expect(validateConfig({ rules: { 'alias-unique': [3] } })).toEqual([
      {
        path: '/rules/alias-unique/0',
        message: 'severity must be one of "off", "warn", "error", 0, 1, 2; got 3',
      },
    ]);
  });

  it('rejects an entry array of the wrong length', () => {
    for (const entry of [[], ['error', {}, {}]]) {
      expect(validateConfig({ rules: { 'alias-unique': entry } })).toEqual([
        { path: '/rules/alias-unique', message: 'must be a severity, or [severity] or [severity, options]' },
      ]);
    }
  });

  it('points at a bad device selector of alias-required and lists the allowed ones', () => {
    const problems = validateConfig({ rules: { 'alias-required': ['error', { devices: ['bogus'] }] } });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('/rules/alias-required/1/devices/0');
    expect(problems[0]!.message).toMatch(
      /^must be one of "volume-disk", "disk", "interface", "hostdev", "\*", /,
    );
    expect(problems[0]!.message).toContain('"nvram"');
    expect(problems[0]!.message).not.toContain('"graphics"');
  });

  it('reports every bad option at once, each at its own path', () => {
    const problems = validateConfig({
      rules: {
        'alias-required': ['error', { devices: ['disk', 'graphics'], scope: 'all' }],
        'alias-charset': ['warn', { strict: true }],
      },
    });
    expect(problems.map((p) => p.path).sort()).toEqual([
      '/rules/alias-charset/1/strict',
      '/rules/alias-required/1/devices/1',
      '/rules/alias-required/1/scope',
    ]);
    expect(problems.find((p) => p.path.endsWith('/scope'))!.message).toBe('unknown property "scope"');
  });

  it('rejects a duplicate selector and a non-array devices option', () => {
    expect(validateConfig({ rules: { 'alias-required': ['error', { devices: ['disk', 'disk'] }] } })).toEqual(
      [
        {
          path: '/rules/alias-required/1/devices',
          message: expect.stringContaining('duplicate items') as unknown,
        },
      ],
    );
    expect(validateConfig({ rules: { 'alias-required': ['error', { devices: 'disk' }] } })).toEqual([
      { path: '/rules/alias-required/1/devices', message: 'must be array' },
    ]);
  });

  it('rejects an unknown top-level key', () => {
    expect(validateConfig({ preset: 'nova', plugins: 'x' })).toEqual([
      // atKey: the property's name is what is wrong, so messages point at it.
      { path: '/plugins', message: 'unknown property "plugins"', atKey: true },
    ]);
  });

  it('accepts the cascade keys and names a bad extends in one message', () => {
    expect(
      validateConfig({
        root: true,
        extends: ['nova', 'strict'],
        ignores: ['archive/**'],
        overrides: [
          { files: ['live/*.xml'], excludedFiles: ['live/keep.xml'], rules: { 'alias-user-prefix': 'off' } },
        ],
      }),
    ).toEqual([]);
    expect(validateConfig({ extends: ['nova', 'eslint:recommended'] })).toEqual([
      { path: '/extends', message: 'must be a preset or a list of presets: "nova", "recommended", "strict"' },
    ]);
  });

  it('checks the rules of every override like top-level rules', () => {
    expect(
      validateConfig({
        overrides: [
          { files: ['a.xml'], rules: { 'alias-required': ['error', { devices: ['bogus'] }] } },
          { files: ['b.xml'], rules: { 'alias-requried': 'warn' } },
          { rules: {} },
        ],
      }),
    ).toEqual([
      {
        path: '/overrides/1/rules/alias-requried',
        message: expect.stringMatching(/^unknown rule "alias-requried"/) as unknown,
        atKey: true,
      },
      { path: '/overrides/2', message: "must have required property 'files'" },
    ]);
    expect(
      validateConfig({
        overrides: [{ files: ['a.xml'], rules: { 'alias-required': ['error', { devices: ['bogus'] }] } }],
      }),
    ).toEqual([
      {
        path: '/overrides/0/rules/alias-required/1/devices/0',
        message: expect.stringMatching(/^must be one of/) as unknown,
      },
    ]);
  });

  it('rejects a bad preset', () => {
    expect(validateConfig({ preset: 'recomended' })).toEqual([
      { path: '/preset', message: 'must be one of "nova", "recommended", "strict"' },
    ]);
  });

  it('rejects a config that is not an object', () => {
    for (const value of [null, [], 'strict', 3]) {
      expect(validateConfig(value)).toEqual([{ path: '/', message: 'must be object' }]);
    }
    expect(validateConfig({ rules: [] })).toEqual([{ path: '/rules', message: 'must be object' }]);
  });
});

describe('validateRuleOptions', () => {
  it('checks options given outside a config file', () => {
    expect(validateRuleOptions('alias-required', { devices: ['interface'] })).toEqual([]);
    expect(validateRuleOptions('alias-required', { devices: ['volume'] })).toEqual([
      {
        path: '/rules/alias-required/1/devices/0',
        message: expect.stringMatching(/^must be one of /) as unknown,
      },
    ]);
  });

  it.each(allRules.map((r) => r.id))('%s accepts its own default options', (id) => {
    expect(validateRuleOptions(id, allRules.find((r) => r.id === id)!.meta.defaultOptions)).toEqual([]);
  });
});
