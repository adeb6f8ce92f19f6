import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, firstInvalidUtf8, NotUtf8Error } from './read-file.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

const refusal = (b: Uint8Array): string => {
  try {
    decodeUtf8(b);
  } catch (error) {
    if (error instanceof NotUtf8Error) return error.message;
    throw error;
  }
  throw new Error('decoded');
};

describe('decodeUtf8', () => {
  it('says where the first bad byte is: line, column (as the parser counts them) and byte offset', () => {
    expect(refusal(bytes('<domain>\n  <name>caf', [0xe9], '</name>'))).toBe(
      'not valid UTF-8 at line 2, column 12 (byte offset 20); libvirt domain XML is UTF-8',
    );
    // Lines end at \r\n, \n and a lone \r; a column is a UTF-16 unit; a BOM is no column.
    expect(refusal(bytes('a\r\nb\rc\n\u{1F600}x', [0xff]))).toMatch(
      / at line 4, column 4 \(byte offset 12\)/,
    );
    expect(refusal(bytes('\uFEFFab', [0xc3]))).toMatch(/ at line 1, column 3 \(byte offset 5\)/);
  });

  it('is not misled by a real U+FFFD before the bad byte (the lossy decoding was)', () => {
    expect(refusal(bytes('<a>\uFFFD\uFFFD</a>\n<b>', [0x80]))).toMatch(
      / at line 2, column 4 \(byte offset 17\)/,
    );
  });

  it('keeps a byte order mark in the text', () => {
    expect(decodeUtf8(bytes('\uFEFF<domain/>'))).toBe('\uFEFF<domain/>');
  });
});

describe('firstInvalidUtf8', () => {
  it('refuses overlong forms, surrogates, code points past U+10FFFF and cut sequences', () => {
    for (const bad of [
      [0xc0, 0xaf],
      [0xc1, 0xbf],
      [0xe0, 0x80, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf0, 0x8f, 0xbf, 0xbf],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf5, 0x80, 0x80, 0x80],
      [0xe2, 0x82],
      [0x80],
      [0xff],
    ]) {
      expect(firstInvalidUtf8(bytes('ok', bad)), bad.join(',')).toBe(2);
    }
    expect(
      firstInvalidUtf8(bytes('\u0000\u007f\u0080\u07ff\u0800\uD7FF\uE000\uFFFF\u{10000}\u{10FFFF}')),
    ).toBe(-1);
  });

  it("agrees with the platform's strict decoder on any bytes", () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        const at = firstInvalidUtf8(b);
        if (at < 0) expect(() => strict.decode(b)).not.toThrow();
        else {
          expect(() => strict.decode(b)).toThrow();
          // Everything before it decodes; the bad byte is where decoding stops.
          expect(() => strict.decode(b.subarray(0, at))).not.toThrow();
        }
      }),
      { seed: 8, numRuns: 5000 },
    );
  });
});
