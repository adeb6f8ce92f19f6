import path from 'node:path';
import { MAX_INPUT_BYTES, readRegularFileSync } from '../../read-regular-file.js';
import { compileRelaxNg, SchemaCompileError, type CompiledSchema, type ReadFile } from './relaxng.js';

/** Where libvirt installs its schemas (Debian, Fedora, and libvirt's own `make install`). */
export const DEFAULT_SCHEMA_DIR = '/usr/share/libvirt/schemas';

/** The schema of `<domain>` in that directory; it includes its siblings. */
export const DOMAIN_SCHEMA_FILE = 'domain.rng';

/**
 * The domain schema of a directory, compiled. Throws `SchemaCompileError` when it cannot be
 * read or compiled. The rule reaches the file system through this function only.
 */
export type SchemaLoader = (dir: string) => CompiledSchema;

/**
 * A loader that compiles each directory's schema once, on first use, and keeps it (a failure
 * too) for the life of the process: of the worker, once linting runs in worker threads, since
 * each worker has its own copy of this module. Relative directories resolve against the
 * process's working directory.
 */
export function createSchemaLoader(read: ReadFile = readSchemaFile): SchemaLoader {
  const compiled = new Map<string, CompiledSchema | SchemaCompileError>();
  return (dir) => {
    const file = path.join(path.resolve(dir), DOMAIN_SCHEMA_FILE);
    let entry = compiled.get(file);
    if (entry === undefined) {
      try {
        entry = compileRelaxNg(file, read);
      } catch (error) {
        if (!(error instanceof SchemaCompileError)) throw error;
        entry = error;
      }
      compiled.set(file, entry);
    }
    if (entry instanceof SchemaCompileError) throw entry;
    return entry;
  };
}

/**
 * A FIFO or a device in place of a schema file would block the run or never end, and a huge
 * file would take the memory: regular files only, each held to libvirt's 10 MiB (libvirt's own
 * schema files are a few hundred KiB).
 */
function readSchemaFile(file: string): Uint8Array {
  return readRegularFileSync(file, MAX_INPUT_BYTES);
}

/** The process's loader: reads regular files only, at most 10 MiB each. */
export const loadSchema: SchemaLoader = createSchemaLoader();
