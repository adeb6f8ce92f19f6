import type { DomainMapping } from './naming/mapping.js';
import type { SchemaVerdict } from './rules/libvirt-schema/relaxng.js';

/** What rules get besides their options: per-run and per-file data, not configuration. */
export interface LintSettings {
  /** Looks up the mapping of a domain by its uuid (lower-cased). */
  readonly mappingFor?: (domainUuid: string) => DomainMapping | undefined;
  /**
   * libvirt's schema's verdict on this very text, made before its lint (a worker thread validates
   * what the calling thread lints: docs/decisions/0022), by the compiled schema whose main file is
   * given; undefined: `libvirt-schema` validates the text itself.
   */
  readonly schemaVerdict?: (schemaFile: string) => SchemaVerdict | undefined;
}
