import { readFileSync } from 'node:fs';

/**
 * The address space this process may use ("Max address space" of `/proc/self/limits`: `ulimit
 * -v`, systemd's `LimitAS=`), in bytes; undefined when unlimited or not known.
 */
export function addressSpaceLimit(
  limits: () => string = () => readFileSync('/proc/self/limits', 'utf8'),
): number | undefined {
  try {
    const match = /^Max address space\s+(\d+)\s/m.exec(limits());
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

const GIB = 1024 ** 3;

/** The reason the Emscripten glue gives, without its wrapping: `Aborted(<reason>). Build with ...`. */
function reasonOf(thrown: unknown): string {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return /^Aborted\((.*)\)(?:\. Build with -sASSERTIONS for more info\.)?$/s.exec(message)?.[1] ?? message;
}

/**
 * libxml2-wasm could not be loaded in this thread. V8 (with Node's default trap handler) reserves
 * 10 GiB of address space for each WebAssembly memory, whatever it uses: under an address-space
 * limit below that, every instantiation fails. The message says so, and what to do.
 */
export class Libxml2LoadError extends Error {
  override readonly name = 'Libxml2LoadError';

  constructor(thrown: unknown, limit = addressSpaceLimit()) {
    const reason = reasonOf(thrown);
    const memory = /Cannot allocate Wasm memory|Out of memory/i.test(reason);
    const why = !memory
      ? ''
      : limit === undefined
        ? ': the machine may be out of memory'
        : `: Node reserves 10 GiB of address space for each WebAssembly memory, and this process may ` +
          `use ${(limit / GIB).toFixed(1)} GiB (ulimit -v, systemd's LimitAS=). Raise that limit, or run ` +
          'with NODE_OPTIONS=--disable-wasm-trap-handler (Node then checks the bounds in the code and ' +
          'reserves only what the memory uses)';
    super(`libxml2-wasm cannot ${memory ? 'get its WebAssembly memory' : 'be loaded'} (${reason})${why}`, {
      cause: thrown,
    });
  }
}
