import { createRequire } from 'node:module';
import type { Ajv, AnySchema, ValidateFunction } from 'ajv';

let ajv: Ajv | undefined;

/**
 * ajv's module, loaded when the first schema is compiled: a run that checks no config file nor
 * rule option (`lint --no-config`, a cached re-run) does not load its 70 files (about 0.04 s,
 * docs/decisions/0016-startup-and-cache-rerun.md). Synchronous, as `compileSchema` is: in the
 * bundle, esbuild turns the call of the free `require` into its own copy of ajv; Node's ES
 * modules have no `require`, and there `createRequire` loads the package.
 */
function ajvModule(): typeof import('ajv') {
  return (
    typeof require === 'function'
      ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: the bundle's copy
        require('ajv')
      : createRequire(import.meta.url)('ajv')
  ) as typeof import('ajv');
}

/**
 * The one Ajv setup of virt-alias, for config files, rule options, mapping files, baselines and
 * audit reports: strict (a typo in a schema throws instead of checking nothing), every error
 * reported (callers that show one pick the first), union types allowed (`"type": ["string",
 * "null"]`). One instance: a schema with an `$id` is compiled once and then found by it.
 */
export function compileSchema<T = unknown>(schema: AnySchema): ValidateFunction<T> {
  ajv ??= new (ajvModule().Ajv)({ allErrors: true, strict: true, allowUnionTypes: true });
  const id = typeof schema === 'object' ? schema.$id : undefined;
  const known = typeof id === 'string' ? ajv.getSchema<T>(id) : undefined;
  return known ?? ajv.compile<T>(schema);
}
