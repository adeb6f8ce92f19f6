import { InputTooLargeError, NotRegularFileError, readRegularFile } from '@virt-alias/rules';
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

/** 64 MiB: far above any mapping of a real fleet, far below what would exhaust memory. */
export const MAPPING_MAX_BYTES = 64 * 1024 * 1024;

const MIB = 1024 * 1024;

/** Why a file was refused unread, as mapping problems say it (`--mapping /dev/zero`). */
function refusal(error: NotRegularFileError | InputTooLargeError): string {
  if (error instanceof NotRegularFileError) return `${error.kind}, not a regular file: not read`;
  const { limit } = error;
  const size = limit % MIB === 0 ? `${limit / MIB} MiB (${limit} bytes)` : `${limit} bytes`;
  return `larger than ${size}, the most that is read: not read`;
}

/**
 * Reads a `.csv` or (any other name) JSON mapping file; throws MappingError with every problem
 * found, each at its line and column. Only a regular file of at most 64 MiB is read.
 */
export async function loadMappingData(file: string): Promise<MappingData> {
  let text: string;
  try {
    text = utf8.decode(await readRegularFile(file, MAPPING_MAX_BYTES));
  } catch (e) {
    if (e instanceof NotRegularFileError || e instanceof InputTooLargeError) {
      throw new MappingError(file, [{ message: refusal(e) }]);
    }
    if (e instanceof TypeError) throw new MappingError(file, [{ message: 'not valid UTF-8' }]);
    throw new MappingError(file, [
      { message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, cause: e },
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
