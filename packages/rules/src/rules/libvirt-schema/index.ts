import { defineRule, docsUrl, RuleConfigError, type RuleModule } from '../../rule.js';
import { SchemaCompileError, type CompiledSchema } from './relaxng.js';
import { schemaFindings } from './schema-findings.js';
import { DEFAULT_SCHEMA_DIR, loadSchema, type SchemaLoader } from './schema-loader.js';

export const LIBVIRT_SCHEMA_RULE_ID = 'libvirt-schema';

// A type alias, not an interface: it must stay assignable to the generic options record.
export type LibvirtSchemaOptions = { readonly schemaDir: string };

type MessageId = 'invalid' | 'notWellFormed';

/**
 * The rule, reading its schema through `load`: the default export uses the process's cached
 * loader; tests give their own.
 */
export function createLibvirtSchemaRule(load: SchemaLoader): RuleModule<LibvirtSchemaOptions, MessageId> {
  const id = LIBVIRT_SCHEMA_RULE_ID;
  const schemaOf = (options: LibvirtSchemaOptions): CompiledSchema => {
    try {
      return load(options.schemaDir);
    } catch (error) {
      if (!(error instanceof SchemaCompileError)) throw error;
      throw new RuleConfigError(
        id,
        `rule ${id}: ${error.message}. libvirt's schemas come with libvirt (Debian and Ubuntu: ` +
          `package libvirt0); give the directory holding domain.rng with --schema DIR or the ` +
          `rule's schemaDir option, or turn the rule off.`,
        { cause: error },
      );
    }
  };
  return defineRule<LibvirtSchemaOptions, MessageId>({
    id,
    meta: {
      type: 'problem',
      docs: {
        description: "The domain validates against libvirt's own RelaxNG schema (domain.rng).",
        url: docsUrl(id),
      },
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          schemaDir: {
            type: 'string',
            minLength: 1,
            description:
              "The directory holding libvirt's `domain.rng` and the files it includes; a relative path is taken from the working directory. `--schema DIR` sets it for a run.",
          },
        },
      },
      defaultOptions: { schemaDir: DEFAULT_SCHEMA_DIR },
      messages: {
        invalid: "libvirt's schema (domain.rng) rejects this: {{reason}}",
        notWellFormed: 'libxml2 (as libvirt runs it) cannot parse the domain: {{reason}}',
      },
    },
    prepare(options) {
      schemaOf(options);
    },
    create(context) {
      const { document } = context;
      const schema = schemaOf(context.options);
      const verdict = context.settings.schemaVerdict?.(schema.file) ?? schema.validate(document.text);
      const messageId = verdict.kind === 'not-well-formed' ? 'notWellFormed' : 'invalid';
      for (const { message, range } of schemaFindings(document, verdict)) {
        context.report({ messageId, range, data: { reason: message } });
      }
      return {};
    },
  });
}

export default createLibvirtSchemaRule(loadSchema);
