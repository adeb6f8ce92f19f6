/** Where and why a text is not JSON: a 0-based UTF-16 offset and a short reason. */
export interface JsonSyntaxProblem {
  readonly offset: number;
  readonly message: string;
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * The first syntax error of a JSON text (RFC 8259, as `JSON.parse` reads it), or null. Exists
 * because V8's messages carry no position for some errors ("Unexpected token", "Unexpected end").
 */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | null {
  let i = 0;

  const describe = (at: number): string => (at >= text.length ? 'end of input' : JSON.stringify(text[at]));
  const fail = (reason: string, at = i): never => {
    throw new Stop(at, reason);
  };
  const unexpected = (expected: string): never => fail(`expected ${expected}, found ${describe(i)}`);

  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };

  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) unexpected(JSON.stringify(word));
      i++;
    }
  };

  const digits = (): void => {
    if (!/[0-9]/.test(text[i] ?? '')) unexpected('a digit');
    while (/[0-9]/.test(text[i] ?? '')) i++;
  };

  const number = (): void => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };

  const string = (): void => {
    const start = i;
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      const ch = text.charCodeAt(i);
      if (ch === 0x22) {
        i++;
        return;
      }
      if (ch < 0x20) fail('control character in string (escape it, e.g. \\n)');
      if (ch === 0x5c) {
        i++;
        const esc = text[i];
        if (esc === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? ''))
              fail('bad \\u escape: four hex digits expected', i + k);
          }
          i += 5;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) {
          i++;
        } else {
          fail(`bad escape \\${esc ?? ''} in string`);
        }
        continue;
      }
      i++;
    }
  };

  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') object();
    else if (ch === '[') array();
    else if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) number();
    else unexpected('a value');
  };

  const object = (): void => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') unexpected('a double-quoted property name');
      string();
      ws();
      if (text[i] !== ':') unexpected(`':' after the property name`);
      i++;
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      unexpected(`',' or '}' after the property value`);
    }
  };

  const array = (): void => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      unexpected(`',' or ']' after the array element`);
    }
  };

  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${describe(i)} after the end of the JSON value`);
    return null;
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, message: e.reason };
    throw e;
  }
}

/** 1-based line and column (UTF-16 units) of an offset, as editors count them. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
