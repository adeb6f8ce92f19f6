import { LineIndex, type Position } from '@virt-alias/parser';
import { compileSchema } from '@virt-alias/rules';
import type { ErrorObject, ValidateFunction } from 'ajv';
import {
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError,
  type ParseErrorCode,
} from 'jsonc-parser';
import { JSON_TOO_DEEP, jsonTooDeepAt } from '../json-depth.js';
import type { MappingEntry, MappingKind } from './entries.js';
import { byPlace, MappingError, type MappingProblem } from './problem.js';
import { mappingSchema } from './schema.js';

/** jsonc-parser's error codes, by name, in words. */
const SYNTAX: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a double-quoted property name expected',
  ValueExpected: 'a value expected',
  ColonExpected: "':' expected",
  CommaExpected: "',' expected",
  CloseBraceExpected: "'}' expected",
  CloseBracketExpected: "']' expected",
  EndOfFileExpected: 'end of file expected after the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'incomplete number',
  InvalidUnicode: 'bad \\u escape: four hex digits expected',
  InvalidEscapeCharacter: 'bad escape in string',
  InvalidCharacter: 'control character in string (escape it, e.g. \\n)',
};

/** A jsonc-parser syntax error in words, for every JSON file virt-alias reads. */
export function jsonSyntaxMessage(error: ParseErrorCode): string {
  const code = printParseErrorCode(error);
  return SYNTAX[code] ?? code;
}

const DEVICE_FIELDS: readonly (readonly [string, MappingKind])[] = [
  ['disks', 'disk'],
  ['interfaces', 'interface'],
  ['hostdevs', 'hostdev'],
];

/** What a key of each object must be, by the object's JSON pointer (instances, then device maps). */
function keyProblem(parentPath: string, key: string): string {
  const quoted = JSON.stringify(key);
  if (parentPath === '/instances') return `${quoted} is not an instance uuid (the domain's <uuid>)`;
  if (parentPath.endsWith('/disks')) return `${quoted} is not a disk target dev (vdb, sda)`;
  if (parentPath.endsWith('/interfaces')) return `${quoted} is not a MAC address (fa:16:3e:12:34:56)`;
  if (parentPath.endsWith('/hostdevs')) return `${quoted} is not a PCI address dddd:bb:ss.f (0000:81:00.1)`;
  return `key ${quoted} is not valid here`;
}

let validate: ValidateFunction | null = null;

/** Positions in the text as it was read: the BOM that parsing skipped still counts as an offset. */
class Positions {
  private readonly lines: LineIndex;
  constructor(
    text: string,
    private readonly shift: number,
  ) {
    this.lines = new LineIndex(text);
  }
  at(offset: number): Position {
    return this.lines.positionAt(offset + this.shift);
  }
}

function pathOf(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const propertyKey = (object: Node | undefined, name: string): Node | undefined =>
  object?.children?.find((p) => p.children?.[0]?.value === name)?.children?.[0];

function schemaProblem(e: ErrorObject, root: Node, positions: Positions): MappingProblem | null {
  const node = findNodeAtLocation(root, pathOf(e.instancePath)) ?? root;
  const at = (n: Node | undefined): { at: Position } => ({ at: positions.at((n ?? node).offset) });
  const params = e.params as { propertyName?: string; additionalProperty?: string; missingProperty?: string };
  switch (e.keyword) {
    case 'propertyNames': {
      const name = params.propertyName ?? '';
      return { ...at(propertyKey(node, name)), message: keyProblem(e.instancePath, name) };
    }
    case 'pattern':
      // The pattern failure of a property name comes with its propertyNames error: reported once.
      if ((e as ErrorObject & { propertyName?: string }).propertyName !== undefined) return null;
      return { ...at(node), message: `${JSON.stringify(getNodeValue(node))} is not a uuid` };
    case 'additionalProperties': {
      const name = params.additionalProperty ?? '';
      const expected =
        e.instancePath === ''
          ? 'expected "instances" (and "$schema")'
          : 'expected "disks", "interfaces" or "hostdevs"';
      return {
        ...at(propertyKey(node, name)),
        message: `unknown property ${JSON.stringify(name)}: ${expected}`,
      };
    }
    case 'required':
      return { ...at(node), message: `property ${JSON.stringify(params.missingProperty)} is missing` };
    default:
      return { ...at(node), message: e.message ?? 'is invalid' };
  }
}

/**
 * Keys given twice in one object, or differing only in case: JSON.parse and every other
 * reader keep the last one silently. Checked in every object, so a uuid, MAC or PCI address in
 * another case never stands for a second entry.
 */
function duplicateKeys(node: Node, positions: Positions, problems: MappingProblem[]): void {
  if (node.type === 'object') {
    const seen = new Map<string, Node>();
    for (const property of node.children ?? []) {
      const key = property.children?.[0];
      if (typeof key?.value !== 'string') continue;
      const first = seen.get(key.value.toLowerCase());
      if (first) {
        const line = positions.at(first.offset).line;
        problems.push({
          at: positions.at(key.offset),
          message:
            first.value === key.value
              ? `key ${JSON.stringify(key.value)} appears twice (also on line ${line}): JSON readers keep only the last`
              : `key ${JSON.stringify(key.value)} differs only in case from ${JSON.stringify(first.value)} on line ${line}: one key given twice`,
        });
      } else seen.set(key.value.toLowerCase(), key);
    }
  }
  for (const child of node.children ?? []) duplicateKeys(child, positions, problems);
}

/**
 * The entries of a JSON mapping text, each with its position. Throws MappingError for a syntax
 * error (the first, at its place), for duplicate keys, and for every schema violation.
 */
export function parseMappingJson(text: string, file: string): MappingEntry[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const positions = new Positions(text, text.length - body.length);
  const deep = jsonTooDeepAt(body);
  if (deep !== undefined) {
    throw new MappingError(file, [{ at: positions.at(deep), message: `invalid JSON: ${JSON_TOO_DEEP}` }]);
  }
  const errors: ParseError[] = [];
  const root = parseTree(body, errors, { disallowComments: true, allowTrailingComma: false });
  const syntax = errors[0];
  if (syntax || !root) {
    const reason = syntax ? jsonSyntaxMessage(syntax.error) : SYNTAX.ValueExpected!;
    throw new MappingError(file, [
      { at: positions.at(syntax?.offset ?? 0), message: `invalid JSON: ${reason}` },
    ]);
  }
  const problems: MappingProblem[] = [];
  duplicateKeys(root, positions, problems);
  if (problems.length > 0) throw new MappingError(file, problems.sort(byPlace));

  validate ??= compileSchema(mappingSchema);
  if (!validate(getNodeValue(root))) {
    const seen = new Set<string>();
    for (const e of validate.errors ?? []) {
      const problem = schemaProblem(e, root, positions);
      const id = problem && `${problem.at?.line}:${problem.at?.column}:${problem.message}`;
      if (problem && id && !seen.has(id)) {
        seen.add(id);
        problems.push(problem);
      }
    }
    problems.sort(byPlace);
    throw new MappingError(file, problems);
  }

  const entries: MappingEntry[] = [];
  for (const instance of findNodeAtLocation(root, ['instances'])?.children ?? []) {
    const [instanceKey, devices] = instance.children ?? [];
    for (const [field, kind] of DEVICE_FIELDS) {
      for (const property of propertyValue(devices, field)?.children ?? []) {
        const [key, uuid] = property.children ?? [];
        entries.push({
          instance: instanceKey!.value as string,
          kind,
          key: key!.value as string,
          uuid: uuid!.value as string,
          at: positions.at(key!.offset),
        });
      }
    }
  }
  return entries;
}

const propertyValue = (object: Node | undefined, name: string): Node | undefined =>
  object?.children?.find((p) => p.children?.[0]?.value === name)?.children?.[1];
