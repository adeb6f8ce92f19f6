import path from 'node:path';
import type { ResolvedConfig } from '../../config/resolve.js';
import { LIBVIRT_SCHEMA_RULE_ID, type LibvirtSchemaOptions } from './index.js';
import type { SchemaVerdict } from './relaxng.js';
import { loadSchema } from './schema-loader.js';

/** libvirt's schema's verdict on one text, made before its lint, and the schema that made it. */
export interface SchemaVerdictAhead {
  /** The compiled schema's main file (`CompiledSchema.file`). */
  readonly file: string;
  readonly verdict: SchemaVerdict;
}

/**
 * The schema directory a config validates with: the one `libvirt-schema`'s options give in the
 * config and its Nova-managed variant alike. Undefined when the rule is off in both, or when the
 * two name different directories (which one applies is known only once the document is parsed).
 */
function schemaDirOf(config: ResolvedConfig): string | undefined {
  let dir: string | undefined;
  for (const c of [config, config.novaManaged]) {
    const rule = c?.rules.get(LIBVIRT_SCHEMA_RULE_ID);
    if (!rule) continue;
    // As the loader takes it: a relative directory from the working directory.
    const schemaDir = path.resolve((rule.options as LibvirtSchemaOptions).schemaDir);
    if (dir !== undefined && dir !== schemaDir) return undefined;
    dir = schemaDir;
  }
  return dir;
}

/**
 * Validates `text` as `libvirt-schema` would when `config` lints it, through the same loader, for
 * a thread that validates while another lints: the lint takes the verdict through
 * `LintSettings.schemaVerdict`, and gives the same findings as if it had validated itself.
 * Undefined when there is nothing to validate ahead (the rule off, or its directory not known
 * before the parse) or the schema does not compile: the rule then does its own work, and reports
 * its own errors, at the lint.
 */
export function validateAhead(config: ResolvedConfig, text: string): SchemaVerdictAhead | undefined {
  const dir = schemaDirOf(config);
  if (dir === undefined) return undefined;
  let schema;
  try {
    schema = loadSchema(dir);
  } catch {
    return undefined;
  }
  return { file: schema.file, verdict: schema.validate(text) };
}
