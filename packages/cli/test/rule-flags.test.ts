import { validateConfig } from '@virt-alias/rules';
import { describe, expect, it, vi } from 'vitest';
import { parseRuleFlags } from '../src/rule-flags.js';

vi.mock('@virt-alias/rules', async (importOriginal) => {
  const original = await importOriginal<typeof import('@virt-alias/rules')>();
  return { ...original, validateConfig: vi.fn(original.validateConfig) };
});

describe('parseRuleFlags', () => {
  it('a known rule with a bare severity needs no schema check (ajv stays unloaded); anything else is checked', () => {
    const check = vi.mocked(validateConfig);
    check.mockClear();
    expect(parseRuleFlags(['libvirt-schema=error', 'alias-charset=1', 'alias-required=off'])).toEqual({
      'libvirt-schema': 'error',
      'alias-charset': 1,
      'alias-required': 'off',
    });
    expect(check).not.toHaveBeenCalled();
    expect(() => parseRuleFlags(['alias-charset=loud'])).toThrow(
      '--rule alias-charset=loud: severity must be one of "off", "warn", "error", 0, 1, 2; got "loud"',
    );
    expect(() => parseRuleFlags(['no-such-rule=error'])).toThrow(
      /--rule no-such-rule=error: .*unknown rule "no-such-rule"/,
    );
    expect(parseRuleFlags(['libvirt-schema=["error", {"schemaDir": "/x"}]'])).toEqual({
      'libvirt-schema': ['error', { schemaDir: '/x' }],
    });
    expect(check).toHaveBeenCalledTimes(3);
  });

  it('a value nested thousands deep is a usage error, not a stack overflow', () => {
    const deep = `alias-required=${'['.repeat(50000)}${']'.repeat(50000)}`;
    expect(() => parseRuleFlags([deep])).toThrow(
      /^--rule alias-required: the value has arrays and objects nested more than 100 deep$/,
    );
  });
});
