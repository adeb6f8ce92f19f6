import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, lineColumnAt } from './json-syntax.js';

const accepts = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('findJsonSyntaxError', () => {
  it.each([['{"a": [1, -2.5e+3, true, false, null, "\\u00e9\\n"]}'], ['  "x"  '], ['0'], ['[]'], ['{}']])(
    'accepts %j',
    (text) => {
      expect(findJsonSyntaxError(text)).toBeNull();
    },
  );

  it.each([
    ['{"a": }', 6, 'expected a value, found "}"'],
    ['{"a" 1}', 5, `expected ':' after the property name`],
    ['[1,]', 3, 'expected a value'],
    ['01', 1, 'after the end'],
    ['"abc', 0, 'unterminated string'],
    ['"\\x"', 2, 'bad escape'],
    ['"\\u12g4"', 5, 'bad \\u escape'],
    ['tru', 3, 'expected "true"'],
    ['-', 1, 'expected a digit'],
    ['1.', 2, 'expected a digit'],
    ['', 0, 'end of input'],
  ])('%j: offset %i, %s', (text, offset, message) => {
    const found = findJsonSyntaxError(text);
    expect(found?.offset).toBe(offset);
    expect(found?.message).toContain(message);
  });

  it('agrees with JSON.parse on what is JSON', () => {
    const jsonish = fc.oneof(
      fc.json(),
      fc.json().map((s) => s.slice(0, -1)),
      fc.json().chain((s) => fc.nat(s.length).map((n) => s.slice(0, n) + s.slice(n + 1))),
      fc
        .json()
        .chain((s) =>
          fc
            .tuple(fc.nat(s.length), fc.constantFrom(',', '}', ']', '"', ':', ' ', '\n', '\\', '0', '-', '.'))
            .map(([n, c]) => s.slice(0, n) + c + s.slice(n)),
        ),
      fc.string(),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        expect(findJsonSyntaxError(text) === null).toBe(accepts(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('lineColumnAt', () => {
  it('counts 1-based lines and columns', () => {
    expect(lineColumnAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumnAt('ab\r\ncd', 4)).toEqual({ line: 2, column: 1 });
    expect(lineColumnAt('ab', 2)).toEqual({ line: 1, column: 3 });
  });
});
