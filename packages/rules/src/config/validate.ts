import type { ErrorObject, ValidateFunction } from 'ajv';
import { compileSchema } from '../json-schema.js';
import { allRules, ruleById } from '../rules/index.js';
import { PRESET_NAMES } from './presets.js';
import { isSeverity } from './severity.js';
import type { ConfigFile, RulesConfig } from './types.js';

/** One problem in a config, at a JSON Pointer path such as `/rules/alias-required/1/devices/0`. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
  /** The last step of `path` is a property name that should not be there: point at the name. */
  readonly atKey?: true;
}

let validateShape: ValidateFunction | null = null;
const optionValidators = new Map<string, ValidateFunction>();

/**
 * The config's outer shape. Rule entries are checked one by one below, so that a bad option
 * gives one precise message instead of ajv's tangle of `oneOf` branches.
 */
function shapeValidator(): ValidateFunction {
  const ruleIds = Object.fromEntries(allRules.map((r) => [r.id, {}]));
  const rules = { type: 'object', additionalProperties: false, properties: ruleIds };
  const globs = { type: 'array', items: { type: 'string', minLength: 1 } };
  const preset = { enum: [...PRESET_NAMES] };
  validateShape ??= compileSchema({
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      root: { type: 'boolean' },
      extends: { anyOf: [preset, { type: 'array', items: preset }] },
      preset,
      rules,
      ignores: globs,
      overrides: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files'],
          properties: { files: { ...globs, minItems: 1 }, excludedFiles: globs, rules },
        },
      },
    },
  });
  return validateShape;
}

function optionsValidator(id: string): ValidateFunction {
  let v = optionValidators.get(id);
  if (!v) {
    v = compileSchema(ruleById(id)!.meta.schema);
    optionValidators.set(id, v);
  }
  return v;
}

const quote = (v: unknown): string => JSON.stringify(v);

function describe(error: ErrorObject, base = ''): ConfigProblem {
  const path = base + error.instancePath || '/';
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperty':
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      if (path === '/rules' || /^\/overrides\/\d+\/rules$/.test(path)) {
        const known = allRules.map((r) => r.id).join(', ');
        return {
          path: `${path}/${name}`,
          message: `unknown rule ${quote(name)} (known rules: ${known})`,
          atKey: true,
        };
      }
      return {
        path: `${path === '/' ? '' : path}/${name}`,
        message: `unknown property ${quote(name)}`,
        atKey: true,
      };
    }
    case 'enum':
      return {
        path,
        message: `must be one of ${(p.allowedValues as unknown[]).map(quote).join(', ')}`,
      };
    default:
      return { path, message: error.message ?? 'is invalid' };
  }
}

function checkSeverity(value: unknown, path: string, out: ConfigProblem[]): void {
  if (!isSeverity(value)) {
    out.push({
      path,
      message: `severity must be one of "off", "warn", "error", 0, 1, 2; got ${quote(value)}`,
    });
  }
}

/** Every problem of a config value, or none. Paths are JSON Pointers into the file. */
export function validateConfig(value: unknown): ConfigProblem[] {
  const shape = shapeValidator();
  if (!shape(value)) {
    const errors = shape.errors ?? [];
    // `extends` is a preset or a list of them: one message, not ajv's anyOf branches.
    const badExtends = errors.filter((e) => e.instancePath.startsWith('/extends'));
    const extendsProblem: ConfigProblem[] =
      badExtends.length > 0
        ? [
            {
              path: '/extends',
              message: `must be a preset or a list of presets: ${PRESET_NAMES.map(quote).join(', ')}`,
            },
          ]
        : [];
    return [...extendsProblem, ...errors.filter((e) => !badExtends.includes(e)).map((e) => describe(e))];
  }
  const config = value as ConfigFile;
  const out: ConfigProblem[] = [];
  checkRules(config.rules, '/rules', out);
  (config.overrides ?? []).forEach((o, i) => {
    checkRules(o.rules, `/overrides/${i}/rules`, out);
  });
  return out;
}

/** Each rule entry on its own: a severity, or [severity, options] checked by the rule's schema. */
function checkRules(rules: RulesConfig | undefined, base: string, out: ConfigProblem[]): void {
  for (const [id, entry] of Object.entries(rules ?? {})) {
    const path = `${base}/${id}`;
    if (!Array.isArray(entry)) {
      checkSeverity(entry, path, out);
      continue;
    }
    if (entry.length < 1 || entry.length > 2) {
      out.push({ path, message: 'must be a severity, or [severity] or [severity, options]' });
      continue;
    }
    checkSeverity(entry[0], `${path}/0`, out);
    if (entry.length === 2) {
      const validate = optionsValidator(id);
      if (!validate(entry[1])) out.push(...(validate.errors ?? []).map((e) => describe(e, `${path}/1`)));
    }
  }
}

/** Checks a rule's options as given on the command line or by a preset. */
export function validateRuleOptions(id: string, options: unknown): ConfigProblem[] {
  const validate = optionsValidator(id);
  return validate(options) ? [] : (validate.errors ?? []).map((e) => describe(e, `/rules/${id}/1`));
}
