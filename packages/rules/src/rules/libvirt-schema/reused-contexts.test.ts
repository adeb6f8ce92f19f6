import * as functions from 'libxml2-wasm/lib/libxml2.mjs';
import * as libxml2 from 'libxml2-wasm';
import { describe, expect, it } from 'vitest';
import { PARSES_PER_PARSER_CONTEXT, ReusedContexts, type Libxml2Functions } from './reused-contexts.js';

const RNG = `<element name="domain" xmlns="http://relaxng.org/ns/structure/1.0"
  datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <attribute name="type"><choice><value>kvm</value><value>qemu</value></choice></attribute>
  <element name="name"><data type="token"/></element>
  <zeroOrMore><element name="disk"><attribute name="dev"/><empty/></element></zeroOrMore>
</element>`;

const VALID = `<domain type='kvm'>\n  <name>a</name>\n  <disk dev='vda'/>\n</domain>\n`;
const INVALID = `<domain type='xen'>\n  <name>a</name>\n  <disk/>\n  <bogus/>\n</domain>\n`;
const MALFORMED = `<domain type='kvm'>\n  <name>a</nam>\n</domain>\n`;
const DEEP = `${'<a>'.repeat(300)}${'</a>'.repeat(300)}`;

// RelaxNG is deprecated in libxml2 and libvirt validates with it all the same (decision 8).
const { ParseOption, RelaxNGValidator, XmlDocument, XmlParseError, XmlValidateError } = libxml2;
const OPTIONS: libxml2.ParseOption =
  ParseOption.XML_PARSE_COMPACT | ParseOption.XML_PARSE_BIG_LINES | ParseOption.XML_PARSE_NONET;

type Validator = { validate(doc: libxml2.XmlDocument): void };

/** What libxml2-wasm's own classes say of a document, each with its own contexts. */
function byTheClasses(validator: Validator, text: string): unknown {
  let doc: libxml2.XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(Buffer.from(text), { option: OPTIONS });
  } catch (error) {
    if (error instanceof XmlParseError) return { refused: error.details };
    throw error;
  }
  try {
    validator.validate(doc);
    return { valid: true };
  } catch (error) {
    if (error instanceof XmlValidateError) return { invalid: error.details };
    throw error;
  } finally {
    doc.dispose();
  }
}

function byReusedContexts(contexts: ReusedContexts, text: string): unknown {
  const parsed = contexts.parse(Buffer.from(text), OPTIONS);
  if ('refused' in parsed) return { refused: parsed.refused };
  try {
    const details = contexts.validate(parsed.doc);
    return details ? { invalid: details } : { valid: true };
  } finally {
    contexts.free(parsed.doc);
  }
}

describe('ReusedContexts', () => {
  it("says what libxml2-wasm's classes say, document after document, and keeps its contexts until one fails", () => {
    const validator = RelaxNGValidator.fromDoc(XmlDocument.fromString(RNG));
    const made = { parser: 0, validator: 0 };
    const counted: Libxml2Functions = {
      ...functions,
      xmlNewParserCtxt: () => {
        made.parser++;
        return functions.xmlNewParserCtxt();
      },
      xmlRelaxNGNewValidCtxt: (schema) => {
        made.validator++;
        return functions.xmlRelaxNGNewValidCtxt(schema);
      },
    };
    const contexts = new ReusedContexts(counted, validator);
    const texts = [VALID, VALID, INVALID, VALID, MALFORMED, VALID, DEEP, INVALID, INVALID, VALID, VALID];
    for (const text of texts) expect(byReusedContexts(contexts, text)).toEqual(byTheClasses(validator, text));
    // One parser context, and one more after each document libxml2 refused (2); one validation
    // context, and one more after each invalid one (3) but the last, which nothing followed.
    expect(made).toEqual({ parser: 3, validator: 4 });
    expect(byTheClasses(validator, INVALID)).toMatchObject({
      invalid: [{ line: 1 }, { line: 3 }, { line: 4 }],
    });
    validator.dispose();
  });

  it('renews its parser context every PARSES_PER_PARSER_CONTEXT documents (its dictionary of names grows with them)', () => {
    const validator = RelaxNGValidator.fromDoc(XmlDocument.fromString(RNG));
    let made = 0;
    const counted: Libxml2Functions = {
      ...functions,
      xmlNewParserCtxt: () => {
        made++;
        return functions.xmlNewParserCtxt();
      },
    };
    const contexts = new ReusedContexts(counted, validator);
    for (let i = 0; i <= 2 * PARSES_PER_PARSER_CONTEXT; i++) {
      // Names no document before had.
      const text = `<domain type='kvm'><name>a</name><n${i}/></domain>`;
      expect(byReusedContexts(contexts, text)).toEqual(byTheClasses(validator, text));
    }
    expect(made).toBe(3);
    validator.dispose();
  });
});
