import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { PRESET_NAMES, PRESETS } from './presets.js';
import { buildConfigSchema } from './schema.js';

interface Schema {
  properties: {
    preset: { enum: string[] };
    rules: {
      additionalProperties: boolean;
      properties: Record<string, { description: string; oneOf: unknown[] }>;
    };
  };
}

const RULE_IDS = [
  'alias-required',
  'alias-user-prefix',
  'alias-charset',
  'alias-unique',
  'alias-placement',
  'alias-identity',
  'alias-local-disk',
  'identifier-unique',
  'teaming-reference',
  'live-dump',
  'libvirt-schema',
];

describe('buildConfigSchema', () => {
  const schema = buildConfigSchema();
  const shape = schema as unknown as Schema;

  it('has every rule, in the documented order, and nothing else', () => {
    expect(Object.keys(shape.properties.rules.properties)).toEqual(RULE_IDS);
    expect(allRules.map((r) => r.id)).toEqual(RULE_IDS);
    expect(shape.properties.rules.additionalProperties).toBe(false);
  });

  it("carries each rule's description and options schema", () => {
    for (const rule of allRules) {
      const entry = shape.properties.rules.properties[rule.id]!;
      expect(entry.description).toBe(rule.meta.docs.description);
      expect(JSON.stringify(entry.oneOf)).toContain(JSON.stringify(rule.meta.schema));
    }
  });

  it('lists the presets', () => {
    expect(shape.properties.preset.enum).toEqual([...PRESET_NAMES]);
  });

  it('is a schema a JSON Schema validator agrees with', () => {
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate({ preset: 'nova', rules: { 'alias-required': ['warn', { devices: ['disk'] }] } })).toBe(
      true,
    );
    for (const name of PRESET_NAMES) expect(validate({ preset: name, rules: PRESETS[name] })).toBe(true);
    expect(validate({ rules: { 'alias-required': ['warn', { devices: ['bogus'] }] } })).toBe(false);
    expect(validate({ rules: { 'no-such-rule': 'error' } })).toBe(false);
    expect(validate({ rules: { 'alias-unique': 'fatal' } })).toBe(false);
    expect(validate({ preset: 'all' })).toBe(false);
    expect(validate({ extends: 'x' })).toBe(false);
  });
});
