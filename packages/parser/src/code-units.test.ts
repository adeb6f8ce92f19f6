import { describe, expect, it } from 'vitest';
import { withCodeUnits } from './code-units.js';
import { parseOutcome } from './testing/parse-outcome.js';
import { parseXmlWithSaxes } from './testing/saxes-tree.js';
import { parseXml } from './xml-tree.js';

/**
 * The scanner's loops read the text's code units from arrays shared by every scan (code-units.ts):
 * an ASCII text's and any other's, stale past the current text's end. Whatever came before, a
 * parse must give saxes's outcome, at the end of the input too.
 */

/** Names, spaces, CRLF line ends, values, text, a comment, CDATA and a processing instruction. */
const ASCII = [
  '<?xml version="1.0"?>\r\n',
  '<domain type=\'kvm\' id="1">\r\n',
  '  <name>instance-0001</name>\r\n',
  '  <!-- a comment -->\r\n',
  "  <devices><disk   type = 'file' device='disk'\r\n     bus=\"virtio\"/>\r\n",
  '    <x:y xmlns:x="urn:x" x:a="&amp;b">c &lt; d<![CDATA[ e ]]><?pi f?></x:y>\r\n',
  '  </devices>\r\n',
  '</domain>\r\n',
].join('');

/** The same with characters the ASCII copy cannot take, in every kind of run the loops read. */
const WIDE = ASCII.replace('instance', 'inst\u00e9nce')
  .replace('a comment', 'a \u{1F600} comment')
  .replace("'file'", "'fi\u{1F600}le'")
  .replace('c &lt; d', 'c \u2028&lt; d\u00e9')
  .replace('<disk', '<d\u00e9isk')
  .replace('</devices>', '</devices>\u00e9');

/** Long runs of name characters, spaces and value characters, to leave stale entries behind. */
const LONG = `<domain${' a'.repeat(40_000)} b="${'c'.repeat(40_000)}">${' '.repeat(40_000)}</domain>`;
const LONG_WIDE = LONG.replace('<domain', '<dom\u00e9in').replace('</domain>', '</dom\u00e9in>');

function differences(texts: Iterable<string>, before: string): string[] {
  const found: string[] = [];
  for (const text of texts) {
    parseOutcome(parseXml, before);
    const scanner = parseOutcome(parseXml, text);
    const saxes = parseOutcome(parseXmlWithSaxes, text);
    if (scanner !== saxes) found.push(`${JSON.stringify(text)}\n  scanner ${scanner}\n  saxes   ${saxes}`);
  }
  return found;
}

/** Every prefix that does not split a surrogate pair (a lone surrogate is the documented difference). */
function* truncations(text: string): Generator<string> {
  for (let end = 0; end <= text.length; end++) {
    const last = text.charCodeAt(end - 1);
    if (!(last >= 0xd800 && last <= 0xdbff)) yield text.slice(0, end);
  }
}

describe('code units shared by every scan', () => {
  it('hold an ASCII text as bytes and any other as UTF-16 code units, then a 0', () => {
    const kept = (text: string): Uint8Array | Uint16Array => withCodeUnits(text, (units) => units);
    kept(LONG);
    kept(LONG_WIDE);
    const ascii = kept('<a/>');
    expect(ascii).toBeInstanceOf(Uint8Array);
    expect([...ascii.subarray(0, 5)]).toEqual([0x3c, 0x61, 0x2f, 0x3e, 0]);
    const wide = kept('<\u00e9\u{1F600}/>');
    expect(wide).toBeInstanceOf(Uint16Array);
    expect([...wide.subarray(0, 7)]).toEqual([0x3c, 0xe9, 0xd83d, 0xde00, 0x2f, 0x3e, 0]);
  });

  it('grow for a long text', () => {
    const units = withCodeUnits(LONG, (shared) => shared);
    expect(units.length).toBeGreaterThan(LONG.length);
    expect(units[LONG.length - 1]).toBe(0x3e);
    expect(units[LONG.length]).toBe(0);
    expect(differences([LONG, LONG_WIDE], '<a/>')).toEqual([]);
  });

  it.each([
    ['an ASCII text', ASCII],
    ['a text with other characters', WIDE],
  ])('give saxes its outcome on every truncation of %s, after longer texts', (_, text) => {
    expect(differences(truncations(text), LONG)).toEqual([]);
    expect(differences(truncations(text), LONG_WIDE)).toEqual([]);
  });

  it('are not shared with a scan begun while another runs (a stopAtRoot that parses)', () => {
    const inner = `<other>${'x'.repeat(200)}<zzzz/></other>`;
    for (const text of [ASCII, WIDE]) {
      const alone = parseOutcome(parseXml, text);
      const nested = parseOutcome(parseXml, text, {
        stopAtRoot: () => {
          parseXml(inner);
          parseXml(inner.replaceAll('other', '\u00e9'));
          return false;
        },
      });
      expect(nested).toBe(alone);
    }
  });
});
