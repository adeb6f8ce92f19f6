import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import type { ErrorDetail, ParseOption, XmlDocument } from 'libxml2-wasm';
import { ReusedContexts, type Libxml2Functions } from './reused-contexts.js';
import { Libxml2LoadError } from './wasm-memory.js';

type Libxml2 = typeof import('libxml2-wasm');

/** Lines written to `console.error` while libxml2-wasm loads (see `loadLibxml2`). */
let whileLoading: string[] | undefined;

/** Where libxml2-wasm's glue writes its standard error: named as its, once it has loaded. */
function glueErrors(...args: unknown[]): void {
  const line = format(...args);
  if (whileLoading) whileLoading.push(line);
  else process.stderr.write(`libxml2-wasm: ${line}\n`);
}

/**
 * libxml2-wasm, loaded by `loadLibxml2` only for a run whose config turns the rule on: it costs
 * every thread that loads it about 12 MiB and 40 ms, and the rule is off but in `strict`. Its
 * module awaits the WebAssembly's compilation at the top level, so it cannot load on demand in
 * the middle of a synchronous lint.
 */
let loaded: { api: Libxml2; functions: Libxml2Functions } | undefined;

/**
 * Loads libxml2-wasm in this thread. Throws `Libxml2LoadError` when it cannot: most likely the
 * WebAssembly memory, which V8 reserves 10 GiB of address space for (`wasm-memory.ts`).
 */
export function loadLibxml2(): Promise<void> {
  // Once per thread, and one load at a time: a second would take the first's stand-in for
  // `console.error` as the one to restore. One that failed may be tried again.
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

let loading: Promise<void> | undefined;

async function load(): Promise<void> {
  // libxml2-wasm's Emscripten glue binds `console.error` as it instantiates, and prints there what
  // it then throws (an abort: the WebAssembly memory cannot be had); libxml2's own writes to its
  // standard error go there too. Bound to `glueErrors` instead: the thrown error says it once,
  // with the remedy, and what libxml2 writes later is named as its.
  // What others wrote meanwhile is written once it has loaded; a failed load's lines were the glue's.
  const { error } = console;
  const lines: string[] = [];
  whileLoading = lines;
  console.error = glueErrors;
  try {
    const [api, functions] = await Promise.all([
      import('libxml2-wasm'),
      import('libxml2-wasm/lib/libxml2.mjs'),
    ]);
    loaded = { api, functions };
  } catch (thrown) {
    throw new Libxml2LoadError(thrown);
  } finally {
    console.error = error;
    whileLoading = undefined;
  }
  for (const line of lines) console.error(line);
}

function libxml2(): Libxml2 {
  return loadedLibxml2().api;
}

function loadedLibxml2(): { api: Libxml2; functions: Libxml2Functions } {
  if (!loaded) throw new Error('libxml2-wasm is not loaded: await loadRuleSupport(configs) first');
  return loaded;
}

/**
 * libvirt's RelaxNG schema compiled by libxml2 (libxml2-wasm), and documents validated against
 * it. Every byte of the schema comes through `ReadFile`: this module never opens a file itself.
 */

/** Reads one schema file, by absolute path. */
export type ReadFile = (file: string) => Uint8Array;

export interface SchemaDiagnostic {
  /** libxml2's message, without its trailing newline. */
  readonly message: string;
  /** 1-based; 0 when libxml2 names no line. */
  readonly line: number;
  /** 1-based; 0 when libxml2 gives none (validation errors never do). */
  readonly column: number;
  /** libxml2's path to the node the error is about, e.g. `/domain/devices/disk[2]`. */
  readonly xpath: string | undefined;
}

export type SchemaVerdict =
  | { readonly kind: 'valid' }
  | { readonly kind: 'invalid'; readonly diagnostics: readonly SchemaDiagnostic[] }
  /** libxml2 refused to parse the text (e.g. nesting deeper than 256). */
  | { readonly kind: 'not-well-formed'; readonly diagnostics: readonly SchemaDiagnostic[] };

export interface CompiledSchema {
  /** The schema's main file, absolute. */
  readonly file: string;
  validate(text: string): SchemaVerdict;
}

/** The schema could not be read or compiled: what libxml2 and the reads said. */
export class SchemaCompileError extends Error {
  override readonly name = 'SchemaCompileError';
}

/**
 * While a schema compiles: the directory its includes may come from, and how to read them.
 * libxml2's input callbacks are process-wide; outside a compile they serve nothing, so the
 * documents validated later can never make libxml2 read a file.
 */
let serving: { readonly dir: string; readonly read: ReadFile; readonly failures: string[] } | undefined;

function servedPath(name: string): string | undefined {
  if (!serving) return undefined;
  let file: string;
  try {
    file = name.startsWith('file:') ? fileURLToPath(name) : name;
  } catch {
    return undefined;
  }
  if (!path.isAbsolute(file)) return undefined;
  file = path.normalize(file);
  return file.startsWith(serving.dir + path.sep) ? file : undefined;
}

let providerRegistered = false;

function registerProvider(): void {
  if (providerRegistered) return;
  const { closeBuffer, openBuffer, readBuffer, xmlRegisterInputProvider } = libxml2();
  providerRegistered = xmlRegisterInputProvider({
    match(name) {
      if (!serving) return false;
      if (servedPath(name) !== undefined) return true;
      serving.failures.push(`${name}: not inside the schema directory ${serving.dir}`);
      return false;
    },
    open(name) {
      const file = servedPath(name);
      if (file === undefined || !serving) return undefined;
      try {
        return openBuffer(serving.read(file));
      } catch (error) {
        serving.failures.push(`${file}: ${readFailure(error)}`);
        return undefined;
      }
    },
    read: readBuffer,
    close(fd) {
      closeBuffer(fd);
      return true;
    },
  });
  if (!providerRegistered) throw new SchemaCompileError('libxml2 refused the schema input callbacks');
}

/** `no such file or directory (ENOENT)` from Node's `ENOENT: no such file or directory, open '...'`. */
export function readFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /^([A-Z][A-Z0-9]+): ([^,]+),/.exec(message);
  return match ? `${match[2]} (${match[1]})` : message;
}

function diagnostic(detail: ErrorDetail): SchemaDiagnostic {
  return {
    message: detail.message.trim(),
    line: detail.line > 0 ? detail.line : 0,
    column: detail.col > 0 ? detail.col : 0,
    xpath: detail.xpath,
  };
}

function describe(details: readonly ErrorDetail[]): string {
  return details
    .map((d) => `${d.file ? `${d.file}${d.line > 0 ? `:${d.line}` : ''}: ` : ''}${d.message.trim()}`)
    .join('; ');
}

/**
 * xmllint's own defaults (compact nodes, exact line numbers past 65535), with libxml2's limits
 * (no XML_PARSE_HUGE), as libvirt parses; no network.
 */
const documentOptions = ({ ParseOption: options }: Libxml2): ParseOption =>
  options.XML_PARSE_COMPACT | options.XML_PARSE_BIG_LINES | options.XML_PARSE_NONET;

/** libxml2-wasm's `RelaxNGValidator` (deprecated, see `compileRelaxNg`), by its shape. */
type CompiledValidator = { validate(doc: XmlDocument): void };

/**
 * A validation of one document at a time: libxml2 parses the text's UTF-8 bytes (encoded by
 * Node: libxml2-wasm's JavaScript encoder cost a fifth of the parse on a Nova guest; the bytes
 * are the file's, whose text was decoded from UTF-8), then validates its tree.
 */
function validatorOf(validator: CompiledValidator): (text: string) => SchemaVerdict {
  const { api, functions } = loadedLibxml2();
  const contexts = new ReusedContexts(functions, validator);
  const options = documentOptions(api);
  return (text) => {
    const parsed = contexts.parse(Buffer.from(text, 'utf8'), options);
    if ('refused' in parsed) return { kind: 'not-well-formed', diagnostics: parsed.refused.map(diagnostic) };
    try {
      const details = contexts.validate(parsed.doc);
      return details ? { kind: 'invalid', diagnostics: details.map(diagnostic) } : { kind: 'valid' };
    } finally {
      contexts.free(parsed.doc);
    }
  };
}

/**
 * Compiles the RelaxNG schema whose main file is `file` (absolute). Its includes resolve
 * relative to the including file and must stay inside the main file's directory. Throws
 * `SchemaCompileError` when a file cannot be read or the schema does not compile.
 */
export function compileRelaxNg(file: string, read: ReadFile): CompiledSchema {
  const { RelaxNGValidator, XmlDocument, XmlError, XmlLibError } = libxml2();
  registerProvider();
  let bytes: Uint8Array;
  try {
    bytes = read(file);
  } catch (error) {
    throw new SchemaCompileError(`cannot read ${file}: ${readFailure(error)}`, { cause: error });
  }
  const failures: string[] = [];
  serving = { dir: path.dirname(file), read, failures };
  let rng: XmlDocument | undefined;
  let validator: CompiledValidator;
  try {
    rng = XmlDocument.fromBuffer(bytes, { url: pathToFileURL(file).href });
    // libxml2 copies the schema document: it can go once compiled. RelaxNG is deprecated in
    // libxml2, and libvirt validates with it all the same: see docs/decisions/0008.
    validator = RelaxNGValidator.fromDoc(rng);
  } catch (error) {
    if (!(error instanceof XmlError)) throw error;
    const details = error instanceof XmlLibError ? describe(error.details) : '';
    const reasons = [...failures, details || error.message];
    throw new SchemaCompileError(`${file} does not compile: ${reasons.join('; ')}`, { cause: error });
  } finally {
    serving = undefined;
    rng?.dispose();
  }
  return { file, validate: validatorOf(validator) };
}
