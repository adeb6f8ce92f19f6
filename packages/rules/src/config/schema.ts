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
  const rulesSchema = {
    description: 'Per-rule severity, and options as ["error", {...}].',
    type: 'object',
    additionalProperties: false,
    properties: rules,
  };
  const preset = { enum: [...PRESET_NAMES] };
  const globs = (description: string) => ({
    description,
    type: 'array',
    items: { type: 'string', minLength: 1 },
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/virt-alias/virt-alias/blob/main/docs/config.schema.json',
    title: 'virt-alias configuration',
    description:
      'virt-alias.config.json: presets and per-rule settings. Files are found from each linted file\'s directory upward and merged, nearer ones winning, up to one with "root": true.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The JSON Schema this file follows (for editors).' },
      root: { type: 'boolean', description: 'Do not merge config files from the directories above.' },
      extends: {
        description: 'Presets to start from, later ones winning (default "recommended").',
        anyOf: [preset, { type: 'array', items: preset }],
      },
      preset: { description: 'One preset to start from: the shorthand of "extends".', ...preset },
      rules: rulesSchema,
      ignores: globs("Globs, relative to this file's directory, of files not to lint."),
      overrides: {
        description: 'Rules for the files matching "files" (globs relative to this file\'s directory).',
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files'],
          properties: {
            files: { ...globs('Files this override applies to.'), minItems: 1 },
            excludedFiles: globs('Files among those it does not apply to.'),
            rules: rulesSchema,
          },
        },
      },
    },
  };
}
