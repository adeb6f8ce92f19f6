import { fstatSync } from 'node:fs';
import type { CliIo } from './io.js';

/** An input that fails at its first read with `message`. */
const failing = (message: string): AsyncIterable<Uint8Array> => ({
  [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error(message)) }),
});

/**
 * Standard input as a document is read from it. Node reads a directory on fd 0
 * (`virt-alias lint - < dumps/`) as a stream that ends at once, without an error: linted as an
 * empty document, it was a parse error (exit 1), and `fix -` passed nothing through.
 */
export function stdinDocument(io: CliIo): AsyncIterable<Uint8Array | string> {
  if (io.stdin !== process.stdin) return io.stdin;
  let directory = false;
  try {
    directory = fstatSync(0).isDirectory();
  } catch {
    // No fd 0 to look at: the stream says what it can.
  }
  return directory ? failing('is a directory (EISDIR)') : io.stdin;
}
