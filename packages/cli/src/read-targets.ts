import { lstat, readFile } from 'node:fs/promises';
import { mapLimit } from './concurrency.js';
import { describeFsError, errorMessage, isFsError } from './errors.js';
import type { Target } from './targets.js';

/** How many files are read at once. */
export const READ_CONCURRENCY = 16;

export type ReadOutcome =
  | { readonly target: Target; readonly filePath: string; readonly text: string }
  | { readonly target: Target; readonly filePath: string; readonly error: string };

/** Bytes that are not UTF-8: fixing them would rewrite bytes outside any edit, so never decoded. */
export class NotUtf8Error extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * UTF-8, as libvirt writes domain XML. A byte-order mark stays in the text: the parser handles
 * it. Invalid UTF-8 is refused, with the offset of the first bad byte, rather than replaced.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    // The lossy decoding puts U+FFFD where the first bad byte was: its byte offset names it.
    const lossy = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    const first = lossy.indexOf('\uFFFD');
    const offset = first >= 0 ? Buffer.byteLength(lossy.slice(0, first), 'utf8') : 0;
    throw new NotUtf8Error(
      `not valid UTF-8 (first bad byte at offset ${offset}); libvirt domain XML is UTF-8`,
    );
  }
}

export async function readStream(stream: AsyncIterable<Uint8Array | string>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function readReason(file: string, error: unknown): Promise<string> {
  if (isFsError(error, 'ENOENT')) {
    const link = await lstat(file).catch(() => undefined);
    if (link?.isSymbolicLink()) return 'broken symbolic link (ENOENT)';
  }
  return describeFsError(error);
}

/** Reads every target, `READ_CONCURRENCY` at a time; outcomes in target order. */
export function readTargets(
  targets: readonly Target[],
  stdin: AsyncIterable<Uint8Array | string>,
): Promise<ReadOutcome[]> {
  return mapLimit(targets, READ_CONCURRENCY, async (target): Promise<ReadOutcome> => {
    if (target.kind === 'stdin') {
      try {
        return { target, filePath: target.filePath, text: decodeUtf8(await readStream(stdin)) };
      } catch (error) {
        return {
          target,
          filePath: target.filePath,
          error: `cannot read standard input: ${errorMessage(error)}`,
        };
      }
    }
    try {
      return { target, filePath: target.path, text: decodeUtf8(await readFile(target.path)) };
    } catch (error) {
      if (error instanceof NotUtf8Error) return { target, filePath: target.path, error: error.message };
      return { target, filePath: target.path, error: `cannot read: ${await readReason(target.path, error)}` };
    }
  });
}
