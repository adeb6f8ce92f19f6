/** A half-open span of UTF-16 code-unit offsets into the source text: `[start, end)`. */
export type Range = readonly [start: number, end: number];

/** A 1-based line and 1-based column; the column counts UTF-16 code units, as editors and ESLint do. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface XmlAttribute {
  /** Qualified name as written, e.g. `name` or `xmlns:nova`. */
  readonly name: string;
  readonly local: string;
  readonly prefix: string;
  readonly uri: string;
  /** The value after entity and whitespace normalization, as libvirt reads it. */
  readonly value: string;
  /** The whole `name="value"` text. */
  readonly range: Range;
  /** The value between the quotes, as written in the source. */
  readonly valueRange: Range;
  readonly quote: '"' | "'";
}

/** An XML comment, `<!-- ... -->`, anywhere in the document (before the root element too). */
export interface XmlComment {
  /**
   * Exactly the source between `<!--` and `-->`: line endings are kept as written (saxes would
   * fold `\r\n`), so `text === source.slice(range[0] + 4, range[1] - 3)`.
   */
  readonly text: string;
  /** The whole comment, from `<` of `<!--` to `>` of `-->`. */
  readonly range: Range;
}

export interface XmlElement {
  readonly name: string;
  readonly local: string;
  readonly prefix: string;
  readonly uri: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  readonly parent: XmlElement | null;
  /** `<name ...>` or `<name .../>`. */
  readonly startTag: Range;
  /** `</name>`, or null for a self-closing element. */
  readonly endTag: Range | null;
  /** From the start tag's `<` to the end tag's `>`. */
  readonly range: Range;
  /** Character data directly inside the element (text and CDATA), decoded. */
  readonly text: string;
}
