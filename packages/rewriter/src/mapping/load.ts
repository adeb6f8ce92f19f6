import { NotReadableFileError, readRegularFile } from '../read-regular-file.js';
import {
  lookupOf,
  mappingDataFromEntries,
  type MappingData,
  type MappingEntry,
  type MappingLookup,
} from './entries.js';
import { parseMappingCsv } from './csv.js';
import { parseMappingJson } from './json.js';
import { MappingError } from './problem.js';
import type { MappingFile } from './schema.js';

/** The data of an already parsed mapping value (no positions): the same checks as a file. */
export function mappingData(mapping: MappingFile, file = '<mapping>'): MappingData {
  const entries: MappingEntry[] = [];
  for (const [instance, devices] of Object.entries(mapping.instances)) {
    const add = (kind: MappingEntry['kind'], map: Readonly<Record<string, string>> | undefined): void => {
      for (const [key, uuid] of Object.entries(map ?? {})) entries.push({ instance, kind, key, uuid });
    };
    add('disk', devices.disks);
    add('interface', devices.interfaces);
    add('hostdev', devices.hostdevs);
  }
  return mappingDataFromEntries(entries, file);
}

/** `mappingData`, as a lookup. */
export function mappingLookup(mapping: MappingFile, file = '<mapping>'): MappingLookup {
  return lookupOf(mappingData(mapping, file));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a `.csv` or (any other name) JSON mapping file; throws MappingError with every problem
 * found, each at its line and column. Only a regular file of at most 64 MiB is read.
 */
export async function loadMappingData(file: string): Promise<MappingData> {
  let text: string;
  try {
    text = utf8.decode(await readRegularFile(file));
  } catch (e) {
    if (e instanceof NotReadableFileError) throw new MappingError(file, [{ message: e.message }]);
    if (e instanceof TypeError) throw new MappingError(file, [{ message: 'not valid UTF-8' }]);
    throw new MappingError(file, [
      { message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` },
    ]);
  }
  const entries = file.toLowerCase().endsWith('.csv')
    ? parseMappingCsv(text, file)
    : parseMappingJson(text, file);
  return mappingDataFromEntries(entries, file);
}

/** `loadMappingData`, as a lookup. */
export async function loadMapping(file: string): Promise<MappingLookup> {
  return lookupOf(await loadMappingData(file));
}
