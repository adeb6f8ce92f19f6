// Source map version 3 mappings: decode, keep the segments of some sources, encode again.
// The bundle's map must name only files the tarball ships: segments of a source that is not
// shipped (third-party code) become unmapped, so a stack frame there shows the bundle's own line
// instead of a file the user does not have.

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** The base64 VLQ numbers of one segment. */
function decodeSegment(text) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`source map: invalid character ${JSON.stringify(char)}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  if (shift !== 0) throw new Error('source map: truncated segment');
  return values;
}

function encodeValue(value) {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let text = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    text += BASE64[digit];
  } while (rest > 0);
  return text;
}

/**
 * Lines of segments with absolute values: [column] or [column, source, line, column(, name)].
 * In the text every field is relative to the previous segment's, the column to the same line's.
 */
export function decodeMappings(mappings) {
  const state = [0, 0, 0, 0, 0];
  return mappings.split(';').map((line) => {
    state[0] = 0;
    return line
      .split(',')
      .filter((segment) => segment !== '')
      .map((segment) => {
        const fields = decodeSegment(segment);
        if (![1, 4, 5].includes(fields.length)) {
          throw new Error(`source map: a segment of ${fields.length} fields`);
        }
        return fields.map((delta, i) => (state[i] += delta));
      });
  });
}

export function encodeMappings(lines) {
  const state = [0, 0, 0, 0, 0];
  return lines
    .map((segments) => {
      state[0] = 0;
      return segments
        .map((fields) =>
          fields
            .map((value, i) => {
              const text = encodeValue(value - state[i]);
              state[i] = value;
              return text;
            })
            .join(''),
        )
        .join(',');
    })
    .join(';');
}

/**
 * `map` with only the sources `rename` returns a new name for, under that name: the segments of
 * the others lose their source (unmapped), and their entries go from `sources`. No sourcesContent:
 * the kept sources are shipped beside the map.
 */
export function keepSources(map, rename) {
  const index = new Map();
  const sources = [];
  map.sources.forEach((source, i) => {
    const name = rename(source);
    if (name !== undefined) {
      index.set(i, sources.length);
      sources.push(name);
    }
  });
  const lines = decodeMappings(map.mappings).map((segments) =>
    segments.map((fields) => {
      if (fields.length === 1) return fields;
      const source = index.get(fields[1]);
      return source === undefined ? [fields[0]] : [fields[0], source, ...fields.slice(2)];
    }),
  );
  const kept = { ...map, sources, mappings: encodeMappings(lines) };
  delete kept.sourcesContent;
  return kept;
}
