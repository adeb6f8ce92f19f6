/**
 * Shared by the rewriter's corpus tests: the golden cases under fixtures/fix, the fixture files,
 * and what "an alias the fix wrote" means.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDomain, type DomainDocument } from '@virt-alias/parser';
import { PRESET_NAMES, type LintSettings, type PresetName } from '@virt-alias/rules';
import { loadMapping } from '../src/index.js';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
export const FIX_CASES = join(FIXTURES, 'fix');

/** One golden case: fixtures/fix/<name>/{input.xml, expected.xml, preset?, mapping.json?}. */
export interface FixCase {
  readonly name: string;
  readonly dir: string;
  /** Read as UTF-8: a byte order mark stays in the string as U+FEFF. */
  readonly input: string;
  readonly expected: string;
  readonly expectedBytes: Buffer;
  readonly preset: PresetName;
  readonly mappingFile: string | undefined;
}

function isPreset(value: string): value is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(value);
}

export function readFixCases(): FixCase[] {
  return readdirSync(FIX_CASES, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = join(FIX_CASES, name);
      const presetFile = join(dir, 'preset');
      const preset = existsSync(presetFile) ? readFileSync(presetFile, 'utf8').trim() : 'recommended';
      if (!isPreset(preset)) throw new Error(`${name}/preset: unknown preset ${JSON.stringify(preset)}`);
      const mappingFile = join(dir, 'mapping.json');
      const expectedBytes = readFileSync(join(dir, 'expected.xml'));
      return {
        name,
        dir,
        input: readFileSync(join(dir, 'input.xml'), 'utf8'),
        expected: expectedBytes.toString('utf8'),
        expectedBytes,
        preset,
        mappingFile: existsSync(mappingFile) ? mappingFile : undefined,
      };
    });
}

/** The lint settings of a case: its mapping file, when it has one. */
export async function settingsFor(mappingFile: string | undefined): Promise<LintSettings> {
  return mappingFile ? { mappingFor: await loadMapping(mappingFile) } : {};
}

/** A fixture file with its path relative to fixtures/. */
export interface FixtureFile {
  readonly rel: string;
  readonly path: string;
  readonly text: string;
}

/** Every `.xml` file under fixtures/`dir` (recursively), sorted by path. */
export function fixtureFiles(dir = ''): FixtureFile[] {
  const root = join(FIXTURES, dir);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.xml'))
    .sort()
    .map((p) => {
      const path = join(root, p);
      return { rel: relative(FIXTURES, path), path, text: readFileSync(path, 'utf8') };
    });
}

export function parseOrThrow(text: string, what: string): DomainDocument {
  const r = parseDomain(text);
  if (r.kind !== 'domain') throw new Error(`${what} does not parse as a domain (${r.kind})`);
  return r.document;
}

/** An alias a fix wrote: on device `index` (document order), `before` is what it had. */
export interface WrittenAlias {
  readonly index: number;
  readonly kind: string;
  readonly name: string;
  readonly before: string | undefined;
}

/**
 * The aliases a fix wrote: every device whose first direct `<alias>` name differs between the two
 * texts (a new alias, or a renamed one). A fix never adds, removes or reorders devices, so the
 * devices of both texts correspond by position.
 */
export function writtenAliases(input: DomainDocument, output: DomainDocument): WrittenAlias[] {
  if (input.devices.length !== output.devices.length) {
    throw new Error(
      `the fix changed the number of devices: ${input.devices.length} -> ${output.devices.length}`,
    );
  }
  const out: WrittenAlias[] = [];
  output.devices.forEach((d, index) => {
    const before = input.devices[index]!;
    if (d.kind !== before.kind) throw new Error(`device ${index} changed kind: ${before.kind} -> ${d.kind}`);
    const name = d.alias?.name;
    if (name !== undefined && name !== before.alias?.name) {
      out.push({ index, kind: d.kind, name, before: before.alias?.name });
    }
  });
  return out;
}
