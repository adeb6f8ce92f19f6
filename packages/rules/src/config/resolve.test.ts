import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { PRESET_NAMES } from './presets.js';
import { resolveConfig } from './resolve.js';

const rule = (config: ReturnType<typeof resolveConfig>, id: string) => config.rules.get(id);

describe('resolveConfig', () => {
  it('starts from the recommended preset', () => {
    const config = resolveConfig();
    expect(config.preset).toBe('recommended');
    expect(rule(config, 'alias-required')).toEqual({
      severity: 2,
      options: { devices: ['volume-disk', 'interface', 'hostdev'] },
    });
    expect(rule(config, 'identifier-unique')).toEqual({ severity: 1, options: {} });
    expect(rule(config, 'alias-charset')).toEqual({ severity: 2, options: {} });
  });

  /** Rules only `strict` turns on: they need something outside the file (libvirt's schema). */
  const STRICT_ONLY = ['libvirt-schema'];

  it.each(PRESET_NAMES)('the %s preset enables every rule (strict only: the opt-in ones too)', (preset) => {
    const expected = allRules
      .map((r) => r.id)
      .filter((id) => preset === 'strict' || !STRICT_ONLY.includes(id));
    expect([...resolveConfig({ preset }).rules.keys()].sort()).toEqual(expected.sort());
  });

  it('presets differ in scope and severity', () => {
    expect(rule(resolveConfig({ preset: 'nova' }), 'alias-required')?.options).toEqual({
      devices: ['volume-disk'],
    });
    const strict = resolveConfig({ file: { preset: 'strict' } });
    expect(strict.preset).toBe('strict');
    expect(rule(strict, 'alias-required')?.options).toEqual({ devices: ['*'] });
    expect(rule(strict, 'identifier-unique')?.severity).toBe(2);
  });

  it("the command line's preset wins over the file's", () => {
    expect(resolveConfig({ file: { preset: 'strict' }, preset: 'nova' }).preset).toBe('nova');
  });

  it("the file's rules win over the preset", () => {
    const config = resolveConfig({
      file: { rules: { 'identifier-unique': 'error', 'alias-required': ['warn', { devices: ['disk'] }] } },
    });
    expect(rule(config, 'identifier-unique')).toEqual({ severity: 2, options: {} });
    expect(rule(config, 'alias-required')).toEqual({ severity: 1, options: { devices: ['disk'] } });
  });

  it("the command line's rules win over the file", () => {
    const config = resolveConfig({
      file: { rules: { 'identifier-unique': 'off', 'alias-required': ['warn', { devices: ['disk'] }] } },
      rules: { 'identifier-unique': 'warn', 'alias-required': ['error', { devices: ['hostdev'] }] },
    });
    expect(rule(config, 'identifier-unique')).toEqual({ severity: 1, options: {} });
    expect(rule(config, 'alias-required')).toEqual({ severity: 2, options: { devices: ['hostdev'] } });
  });

  it('a layer giving only a severity keeps the options below it', () => {
    const overFile = resolveConfig({
      file: { rules: { 'alias-required': ['error', { devices: ['disk'] }] } },
      rules: { 'alias-required': 'warn' },
    });
    expect(rule(overFile, 'alias-required')).toEqual({ severity: 1, options: { devices: ['disk'] } });
    const overPreset = resolveConfig({ preset: 'nova', file: { rules: { 'alias-required': ['warn'] } } });
    expect(rule(overPreset, 'alias-required')).toEqual({
      severity: 1,
      options: { devices: ['volume-disk'] },
    });
  });

  it('"off" and 0 disable a rule; a later layer can enable it again', () => {
    const config = resolveConfig({ file: { rules: { 'alias-unique': 'off', 'alias-identity': 0 } } });
    expect(config.rules.has('alias-unique')).toBe(false);
    expect(config.rules.has('alias-identity')).toBe(false);
    expect(config.rules.has('alias-charset')).toBe(true);
    const again = resolveConfig({ file: { rules: { 'alias-unique': 'off' } }, rules: { 'alias-unique': 2 } });
    expect(rule(again, 'alias-unique')).toEqual({ severity: 2, options: {} });
  });

  it('severities are numbers: "warn" and 1 are 1, "error" and 2 are 2', () => {
    const config = resolveConfig({
      rules: {
        'alias-unique': 1,
        'alias-charset': 'warn',
        'identifier-unique': 2,
        'teaming-reference': 'error',
      },
    });
    expect([1, 1, 2, 2]).toEqual(
      ['alias-unique', 'alias-charset', 'identifier-unique', 'teaming-reference'].map(
        (id) => rule(config, id)?.severity,
      ),
    );
  });

  it('options given are completed with the rule defaults', () => {
    const config = resolveConfig({ rules: { 'alias-required': ['error', {}] } });
    expect(rule(config, 'alias-required')?.options).toEqual({
      devices: ['volume-disk', 'interface', 'hostdev'],
    });
  });
});
