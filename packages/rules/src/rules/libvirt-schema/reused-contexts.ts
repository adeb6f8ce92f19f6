import type { ErrorDetail } from 'libxml2-wasm';

/**
 * libxml2-wasm's own module of libxml2 functions (`lib/libxml2.mjs`), below its public classes:
 * the same functions `XmlDocument.fromBuffer` and `RelaxNGValidator.validate` call, on the same
 * WebAssembly instance. Not part of its documented API; the lockfile pins the version, and the
 * agreement test (verdicts equal to xmllint's) and the rule's tests run through this path.
 */
export type Libxml2Functions = typeof import('libxml2-wasm/lib/libxml2.mjs');

/** What one document came to: its libxml2 tree, or the diagnostics that refused it. */
export type Parsed = { readonly doc: number } | { readonly refused: readonly ErrorDetail[] };

/**
 * One parser context and one RelaxNG validation context, kept from one document to the next.
 * libxml2-wasm's classes make both anew for every document (plus a JavaScript wrapper with a
 * finalizer for the tree): reusing them took a valid Nova guest's parse and validation from
 * 0.79 to 0.74 ms of CPU (docs/decisions/0018-schema-runs-lint-in-the-calling-thread-too.md).
 * Which diagnostics count, and what they say, is as in those classes: a parse fails on an error
 * or a fatal error (level 2 or more) or when libxml2 gives no tree; a validation fails when
 * libxml2 says the document is invalid. A context that saw a failure is not trusted again: it
 * is freed and the next document gets a new one (failures are the rare case); so is a parser
 * context after `PARSES_PER_PARSER_CONTEXT` documents.
 */
export class ReusedContexts {
  private parser = 0;
  /** Documents the parser context has parsed: it is renewed after `PARSES_PER_PARSER_CONTEXT`. */
  private parsed = 0;
  private validator = 0;
  /** Diagnostics of the current parse or validation, collected by libxml2-wasm's handler. */
  private readonly details: ErrorDetail[] = [];
  private readonly slot: number;
  /** libxml2's compiled schema, `schema`'s: held by this object, whose finalizer frees it. */
  private readonly pointer: number;

  constructor(
    private readonly lib: Libxml2Functions,
    /** libxml2-wasm's `RelaxNGValidator`. */
    private readonly schema: object,
  ) {
    this.pointer = pointerOf(schema);
    this.slot = lib.error.storage.allocate(this.details);
  }

  /** Parses the document's UTF-8 bytes with libxml2's `options`; the tree must go to `free`. */
  parse(bytes: Uint8Array, options: number): Parsed {
    const { lib } = this;
    // Freed before the next document, once the last one's tree is freed too.
    if (this.parsed >= PARSES_PER_PARSER_CONTEXT) this.dropParser();
    if (this.parser === 0) {
      this.parser = lib.xmlNewParserCtxt();
      if (this.parser === 0) throw new Error('libxml2 could not allocate a parser context');
      lib.xmlCtxtSetErrorHandler(this.parser, lib.error.errorCollector, this.slot);
    }
    this.details.length = 0;
    const doc = lib.xmlReadMemory(this.parser, bytes, null, null, options);
    if (doc !== 0 && !this.details.some((d) => d.level >= XML_ERR_ERROR)) {
      this.parsed++;
      return { doc };
    }
    if (doc !== 0) lib.xmlFreeDoc(doc);
    this.dropParser();
    return { refused: this.details.splice(0) };
  }

  /** Validates a tree from `parse`: undefined when valid, else libxml2's diagnostics. */
  validate(doc: number): readonly ErrorDetail[] | undefined {
    const { lib } = this;
    if (this.validator === 0) {
      this.validator = lib.xmlRelaxNGNewValidCtxt(this.pointer);
      if (this.validator === 0) throw new Error('libxml2 could not allocate a validation context');
      lib.xmlRelaxNGSetValidStructuredErrors(this.validator, lib.error.errorCollector, this.slot);
    }
    this.details.length = 0;
    const verdict = lib.xmlRelaxNGValidateDoc(this.validator, doc);
    if (verdict === 0) return undefined;
    this.dropValidator();
    // libxml2-wasm's words for it.
    if (verdict < 0) throw new Error('Invalid input or internal error');
    return this.details.splice(0);
  }

  free(doc: number): void {
    this.lib.xmlFreeDoc(doc);
  }

  private dropParser(): void {
    this.lib.xmlFreeParserCtxt(this.parser);
    this.parser = 0;
    this.parsed = 0;
  }

  private dropValidator(): void {
    this.lib.xmlRelaxNGFreeValidCtxt(this.validator);
    this.validator = 0;
  }
}

/**
 * Documents one parser context parses before it is freed and a new one made. A context keeps a
 * dictionary of every element and attribute name it has read: kept for good, 200,000 documents
 * of distinct names grew the process to 553 MB against 135 MB with a context per document (the
 * same names throughout grow nothing), 84 MB with one context per 1000 documents.
 */
export const PARSES_PER_PARSER_CONTEXT = 1000;

/** libxml2's `XML_ERR_ERROR`: diagnostics at this level or above refuse a document. */
const XML_ERR_ERROR = 2;

/** The libxml2 pointer behind a libxml2-wasm object: its internal `_ptr`. */
function pointerOf(object: object): number {
  const pointer = (object as unknown as { _ptr?: unknown })._ptr;
  if (typeof pointer !== 'number' || pointer === 0) {
    throw new Error('libxml2-wasm has no pointer behind its RelaxNGValidator: see reused-contexts.ts');
  }
  return pointer;
}
