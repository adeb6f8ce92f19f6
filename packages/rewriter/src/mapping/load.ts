import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import type { DomainMapping } from '@virt-alias/rules';
import { mappingSchema, type MappingFile } from './schema.js';

/** A mapping file that cannot be used, with where and why. */
export class MappingError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'MappingError';
  }
}

let validate: ReturnType<Ajv['compile']> | null = null;

function describe(e: ErrorObject): string {
  const at = e.instancePath || '/';
  if (e.keyword === 'propertyNames' || e.keyword === 'pattern') {
    const name = (e.params as { propertyName?: string }).propertyName;
    return name
      ? `${at}: key ${JSON.stringify(name)} is not valid here`
      : `${at}: ${e.message ?? 'is invalid'}`;
  }
  if (e.keyword === 'additionalProperties') {
    return `${at}: unknown property ${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)}`;
  }
  return `${at}: ${e.message ?? 'is invalid'}`;
}

export function validateMapping(value: unknown, file: string): MappingFile {
  validate ??= new Ajv({ allErrors: true, strict: true }).compile(mappingSchema);
  if (!validate(value)) {
    const problems = (validate.errors ?? []).filter((e) => e.keyword !== 'if').map(describe);
    throw new MappingError(file, [...new Set(problems)]);
  }
  return value as MappingFile;
}

const CSV_HEADER = ['instance_uuid', 'kind', 'key', 'uuid'];

/** `instance_uuid,kind,key,uuid` rows; kind is `disk` (key = target dev) or `interface` (key = MAC). */
export function parseMappingCsv(text: string, file: string): MappingFile {
  const instances: Record<string, { disks: Record<string, string>; interfaces: Record<string, string> }> = {};
  const problems: string[] = [];
  let headerSeen = false;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(',').map((c) => c.trim());
    if (!headerSeen) {
      headerSeen = true;
      if (cells.join(',') !== CSV_HEADER.join(',')) {
        problems.push(`line ${i + 1}: the header must be ${CSV_HEADER.join(',')}`);
      }
      return;
    }
    const [instance, kind, key, uuid] = cells;
    if (cells.length !== 4 || !instance || !key || !uuid) {
      problems.push(`line ${i + 1}: expected 4 cells: ${CSV_HEADER.join(',')}`);
      return;
    }
    if (kind !== 'disk' && kind !== 'interface') {
      problems.push(`line ${i + 1}: kind must be "disk" or "interface", not ${JSON.stringify(kind)}`);
      return;
    }
    const entry = (instances[instance] ??= { disks: {}, interfaces: {} });
    entry[kind === 'disk' ? 'disks' : 'interfaces'][key] = uuid;
  });
  if (problems.length > 0) throw new MappingError(file, problems);
  return validateMapping({ instances }, file);
}

export type MappingLookup = (domainUuid: string) => DomainMapping | undefined;

/** Normalises keys (MACs and uuids lower-cased) for lookups from the parsed XML. */
export function mappingLookup(mapping: MappingFile): MappingLookup {
  const byInstance = new Map<string, DomainMapping>();
  for (const [instance, entry] of Object.entries(mapping.instances)) {
    byInstance.set(instance.toLowerCase(), {
      disks: new Map(Object.entries(entry.disks ?? {}).map(([dev, uuid]) => [dev, uuid.toLowerCase()])),
      interfaces: new Map(
        Object.entries(entry.interfaces ?? {}).map(([mac, uuid]) => [mac.toLowerCase(), uuid.toLowerCase()]),
      ),
    });
  }
  return (uuid) => byInstance.get(uuid.toLowerCase());
}

/** Reads a `.json` or `.csv` mapping file; throws MappingError with every problem found. */
export async function loadMapping(file: string): Promise<MappingLookup> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new MappingError(file, [`cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`]);
  }
  if (file.toLowerCase().endsWith('.csv')) return mappingLookup(parseMappingCsv(text, file));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new MappingError(file, [`not valid JSON: ${(e as Error).message}`]);
  }
  return mappingLookup(validateMapping(value, file));
}
