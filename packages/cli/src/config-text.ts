import path from 'node:path';
import { LineIndex, type Position } from '@virt-alias/parser';
import { JSON_TOO_DEEP, jsonSyntaxMessage, jsonTooDeepAt } from '@virt-alias/rewriter';
import {
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node as JsonNode,
  type ParseError,
} from 'jsonc-parser';
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';

/** How a config file is read, by its name (docs/decisions/0014-config-formats.md). */
export type ConfigFormat = 'json' | 'jsonc' | 'yaml';

/** `.yaml`/`.yml`: YAML 1.2; `.jsonc`: JSON with comments and trailing commas; else JSON. */
export function configFormatOf(file: string): ConfigFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return ext === '.jsonc' ? 'jsonc' : 'json';
}

/** Where a value of the config is, by JSON Pointer; `atKey`: at its property name instead. */
export type Locate = (pointer: string, atKey?: boolean) => Position;

/** A config text read: its value and where each part of it is, or its first syntax error. */
export type ConfigText =
  | { readonly ok: true; readonly value: unknown; readonly locate: Locate }
  | { readonly ok: false; readonly at: Position; readonly message: string };

function segments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Follows a pointer through a tree as far as it goes: the offset of the last value reached, or of
 * the property name that led to it. A pointer to something absent (a missing property) stops at
 * the object that lacks it.
 */
function walk<N>(
  root: N | undefined,
  pointer: string,
  step: (node: N, segment: string) => { key?: N; value: N } | undefined,
  offsetOf: (node: N) => number,
  atKey: boolean,
): number {
  let node = root;
  let key: N | undefined;
  for (const segment of segments(pointer)) {
    const next = node === undefined ? undefined : step(node, segment);
    if (!next) {
      key = undefined;
      break;
    }
    ({ key, value: node } = next);
  }
  const at = atKey && key !== undefined ? key : node;
  return at === undefined ? 0 : offsetOf(at);
}

/** The first key given twice in one object: JSON.parse would keep the last silently, YAML refuses it. */
function duplicateKey(node: JsonNode): { first: JsonNode; again: JsonNode } | undefined {
  if (node.type === 'object') {
    const seen = new Map<unknown, JsonNode>();
    for (const property of node.children ?? []) {
      const key = property.children?.[0];
      if (!key) continue;
      const first = seen.get(key.value);
      if (first) return { first, again: key };
      seen.set(key.value, key);
    }
  }
  for (const child of node.children ?? []) {
    const found = duplicateKey(child);
    if (found) return found;
  }
  return undefined;
}

function readJson(text: string, format: 'json' | 'jsonc'): ConfigText {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const shift = text.length - body.length;
  const lines = new LineIndex(text);
  const at = (offset: number): Position => lines.positionAt(offset + shift);
  const jsonc = format === 'jsonc';
  const deep = jsonTooDeepAt(body);
  if (deep !== undefined) {
    return { ok: false, at: at(deep), message: `invalid ${jsonc ? 'JSONC' : 'JSON'}: ${JSON_TOO_DEEP}` };
  }
  const errors: ParseError[] = [];
  const root = parseTree(body, errors, { disallowComments: !jsonc, allowTrailingComma: jsonc });
  const first = errors[0];
  if (first || !root) {
    const reason = first ? jsonSyntaxMessage(first.error) : 'a value expected';
    const comment = first !== undefined && printParseErrorCode(first.error) === 'InvalidCommentToken';
    const hint = comment ? `${reason} (a .jsonc or .yaml config file may have them)` : reason;
    return {
      ok: false,
      at: at(first?.offset ?? body.length),
      message: `invalid ${jsonc ? 'JSONC' : 'JSON'}: ${hint}`,
    };
  }
  const twice = duplicateKey(root);
  if (twice) {
    const line = at(twice.first.offset).line;
    const message = `invalid ${jsonc ? 'JSONC' : 'JSON'}: key ${JSON.stringify(twice.again.value)} appears twice in one object (also on line ${line})`;
    return { ok: false, at: at(twice.again.offset), message };
  }
  const step = (node: JsonNode, segment: string): { key?: JsonNode; value: JsonNode } | undefined => {
    if (node.type === 'object') {
      // The last of a key given twice is the one the value holds, as in JSON.parse.
      const property = node.children?.findLast((p) => p.children?.[0]?.value === segment);
      const [key, value] = property?.children ?? [];
      return key && value ? { key, value } : undefined;
    }
    const item =
      node.type === 'array' && /^\d+$/.test(segment) ? node.children?.[Number(segment)] : undefined;
    return item ? { value: item } : undefined;
  };
  return {
    ok: true,
    value: getNodeValue(root),
    locate: (pointer, atKey = false) => at(walk(root, pointer, step, (n) => n.offset, atKey)),
  };
}

function readYaml(text: string): ConfigText {
  const lines = new LineIndex(text);
  // The yaml package counts offsets in the text as given, a BOM included.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    // The yaml package's own advice names its API: say it in the user's terms.
    const message =
      first.code === 'MULTIPLE_DOCS'
        ? 'a config file holds one YAML document, not several'
        : // The yaml package recurses a level a call, and says so in the engine's words.
          first.code === 'RESOURCE_EXHAUSTION' && /call stack/i.test(first.message)
          ? 'lists and maps nested too deeply to read'
          : first.message;
    return { ok: false, at: lines.positionAt(first.pos[0]), message: `invalid YAML: ${message}` };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, at: lines.positionAt(0), message: `invalid YAML: ${(error as Error).message}` };
  }
  const step = (node: YamlNode, segment: string): { key?: YamlNode; value: YamlNode } | undefined => {
    if (isMap(node)) {
      const pair = node.items.findLast((p) => isScalar(p.key) && String(p.key.value) === segment);
      return pair && isScalar(pair.key) && pair.value
        ? { key: pair.key, value: pair.value as YamlNode }
        : undefined;
    }
    const item = isSeq(node) && /^\d+$/.test(segment) ? node.items[Number(segment)] : undefined;
    return item ? { value: item as YamlNode } : undefined;
  };
  const root = (doc.contents ?? undefined) as YamlNode | undefined;
  return {
    ok: true,
    value: value ?? null,
    locate: (pointer, atKey = false) =>
      lines.positionAt(walk(root, pointer, step, (n) => n.range?.[0] ?? 0, atKey)),
  };
}

/** Reads a config text in its format, keeping where each value is for the messages. */
export function readConfigText(text: string, format: ConfigFormat): ConfigText {
  return format === 'yaml' ? readYaml(text) : readJson(text, format);
}
