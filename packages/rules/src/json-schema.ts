import { Ajv, type AnySchema, type ValidateFunction } from 'ajv';

let ajv: Ajv | undefined;

/**
 * The one Ajv setup of virt-alias, for config files, rule options, mapping files, baselines and
 * audit reports: strict (a typo in a schema throws instead of checking nothing), every error
 * reported (callers that show one pick the first), union types allowed (`"type": ["string",
 * "null"]`). One instance: a schema with an `$id` is compiled once and then found by it.
 */
export function compileSchema<T = unknown>(schema: AnySchema): ValidateFunction<T> {
  ajv ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const id = typeof schema === 'object' ? schema.$id : undefined;
  const known = typeof id === 'string' ? ajv.getSchema<T>(id) : undefined;
  return known ?? ajv.compile<T>(schema);
}
