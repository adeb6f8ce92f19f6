import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SchemaCompileError } from './relaxng.js';
import { createSchemaLoader, DOMAIN_SCHEMA_FILE } from './schema-loader.js';

const RNG = 'http://relaxng.org/ns/structure/1.0';
const DATATYPES = 'http://www.w3.org/2001/XMLSchema-datatypes';

/** A `domain.rng` in the shape of libvirt's: the start in one file, the definitions included. */
const MAIN = `<?xml version="1.0"?>
<grammar xmlns="${RNG}" datatypeLibrary="${DATATYPES}">
  <include href="common.rng"/>
  <start><ref name="domain"/></start>
</grammar>
`;
const COMMON = `<?xml version="1.0"?>
<grammar xmlns="${RNG}" datatypeLibrary="${DATATYPES}">
  <define name="domain">
    <element name="domain">
      <element name="name"><data type="string"><param name="pattern">[a-z]+</param></data></element>
    </element>
  </define>
</grammar>
`;

const root = mkdtempSync(path.join(tmpdir(), 'virt-alias schema '));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

let dirs = 0;
/** A fresh schema directory under `root` holding these files. */
function schemaDir(files: Readonly<Record<string, string>>): string {
  const dir = path.join(root, `schemas ${++dirs}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The default reader, counting the files it is asked for. */
function countingReader() {
  const reads: string[] = [];
  return {
    reads,
    read: (file: string): Uint8Array => {
      reads.push(file);
      return readFileSync(file);
    },
  };
}

function compileError(run: () => unknown): SchemaCompileError {
  try {
    run();
  } catch (error) {
    if (error instanceof SchemaCompileError) return error;
    throw error;
  }
  throw new Error('expected a SchemaCompileError');
}

describe('schema loader', () => {
  it('resolves includes from the schema directory (a path with spaces), through the reader only', () => {
    const dir = schemaDir({ [DOMAIN_SCHEMA_FILE]: MAIN, 'common.rng': COMMON });
    const { reads, read } = countingReader();
    const schema = createSchemaLoader(read)(dir);
    expect(reads).toEqual([path.join(dir, 'domain.rng'), path.join(dir, 'common.rng')]);
    expect(schema.validate('<domain><name>abc</name></domain>')).toEqual({ kind: 'valid' });
    const verdict = schema.validate('<domain>\n  <name>a b</name>\n</domain>');
    expect(verdict.kind).toBe('invalid');
    // Validating reads nothing.
    expect(reads).toHaveLength(2);
  });

  it('compiles each directory once per loader, and keeps a failure too', () => {
    const dir = schemaDir({ [DOMAIN_SCHEMA_FILE]: MAIN, 'common.rng': COMMON });
    const { reads, read } = countingReader();
    const load = createSchemaLoader(read);
    const first = load(dir);
    expect(load(`${dir}/./`)).toBe(first);
    expect(reads).toHaveLength(2);

    const missing = path.join(root, 'no such dir');
    const error = compileError(() => load(missing));
    expect(compileError(() => load(missing))).toBe(error);
    expect(reads.filter((f) => f.startsWith(missing))).toHaveLength(1);
  });

  it('names the missing file and the reason when the directory does not exist', () => {
    const missing = path.join(root, 'absent');
    expect(compileError(() => createSchemaLoader()(missing)).message).toBe(
      `cannot read ${path.join(missing, 'domain.rng')}: no such file or directory (ENOENT)`,
    );
  });

  it('names an included file that cannot be read', () => {
    const dir = schemaDir({ [DOMAIN_SCHEMA_FILE]: MAIN });
    const { message } = compileError(() => createSchemaLoader()(dir));
    expect(message).toContain(`${path.join(dir, 'common.rng')}: no such file or directory (ENOENT)`);
    expect(message).toMatch(/does not compile/);
  });

  it('refuses an include from outside the schema directory', () => {
    const outside = path.join(root, 'outside');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'common.rng'), COMMON);
    const dir = schemaDir({ [DOMAIN_SCHEMA_FILE]: MAIN.replace('common.rng', '../outside/common.rng') });
    const { reads, read } = countingReader();
    expect(compileError(() => createSchemaLoader(read)(dir)).message).toMatch(
      /does not compile: .*outside\/common\.rng: not inside the schema directory/,
    );
    expect(reads).toEqual([path.join(dir, 'domain.rng')]);
  });

  it('resolves includes in a subdirectory relative to the including file', () => {
    const dir = schemaDir({
      [DOMAIN_SCHEMA_FILE]: MAIN.replace('common.rng', 'sub/outer.rng'),
      'sub/outer.rng': `<grammar xmlns="${RNG}"><include href="common.rng"/></grammar>`,
      'sub/common.rng': COMMON,
    });
    expect(createSchemaLoader()(dir).validate('<domain><name>x</name></domain>')).toEqual({ kind: 'valid' });
  });

  it('reports a schema that is not RelaxNG, and one that is not XML', () => {
    const notRng = schemaDir({ [DOMAIN_SCHEMA_FILE]: '<domain/>' });
    expect(compileError(() => createSchemaLoader()(notRng)).message).toMatch(
      /domain\.rng does not compile: .*domain/,
    );
    const notXml = schemaDir({ [DOMAIN_SCHEMA_FILE]: '<grammar' });
    expect(compileError(() => createSchemaLoader()(notXml)).message).toMatch(/domain\.rng does not compile/);
  });

  it('refuses a FIFO in place of domain.rng instead of blocking on it', () => {
    const dir = schemaDir({});
    execFileSync('mkfifo', [path.join(dir, DOMAIN_SCHEMA_FILE)]);
    expect(compileError(() => createSchemaLoader()(dir)).message).toMatch(/not a regular file/);
  });

  it('refuses a schema file over 10 MiB without reading it whole', () => {
    const dir = schemaDir({});
    const file = path.join(dir, DOMAIN_SCHEMA_FILE);
    writeFileSync(file, '');
    truncateSync(file, 10_485_761);
    expect(compileError(() => createSchemaLoader()(dir)).message).toBe(
      `cannot read ${file}: larger than 10,485,760 bytes`,
    );
  });

  it('reports a document libxml2 cannot parse, with its line', () => {
    const dir = schemaDir({ [DOMAIN_SCHEMA_FILE]: MAIN, 'common.rng': COMMON });
    const deep = `<domain>\n${'<a>'.repeat(300)}${'</a>'.repeat(300)}\n</domain>`;
    const verdict = createSchemaLoader()(dir).validate(deep);
    expect(verdict.kind).toBe('not-well-formed');
    if (verdict.kind !== 'not-well-formed') return;
    expect(verdict.diagnostics[0]?.line).toBe(2);
    expect(verdict.diagnostics[0]?.message).toMatch(/Excessive depth in document: 256/);
  });
});
