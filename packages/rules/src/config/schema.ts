import { allRules } from '../rules/index.js';
import { PRESET_NAMES } from './presets.js';

const SEVERITY = {
  description: '"off" or 0, "warn" or 1, "error" or 2.',
  enum: ['off', 'warn', 'error', 0, 1, 2],
};

/**
 * JSON Schema (draft-07) of `virt-alias.config.json`, built from the rules' metadata so that a
 * new rule or option is in the schema without a second edit. Shipped as `config.schema.json`.
 */
export function buildConfigSchema(): Record<string, unknown> {
  const rules: Record<string, unknown> = {};
  for (const rule of allRules) {
    rules[rule.id] = {
      description: rule.meta.docs.description,
      markdownDescription: `${rule.meta.docs.description}\n\n[Docs](${rule.meta.docs.url})`,
      oneOf: [
        SEVERITY,
        {
          type: 'array',
          items: [SEVERITY, rule.meta.schema],
          minItems: 1,
          maxItems: 2,
          additionalItems: false,
        },
      ],
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/virt-alias/virt-alias/blob/main/docs/config.schema.json',
    title: 'virt-alias configuration',
    description: 'virt-alias.config.json: the preset and per-rule settings of virt-alias.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The JSON Schema this file follows (for editors).' },
      preset: {
        description: 'The preset the rules start from (default "recommended").',
        enum: [...PRESET_NAMES],
      },
      rules: {
        description: 'Per-rule severity, and options as ["error", {...}].',
        type: 'object',
        additionalProperties: false,
        properties: rules,
      },
    },
  };
}
