import { lstat, readFile } from 'node:fs/promises';
import { mapLimit } from './concurrency.js';
import { describeFsError, errorMessage, isFsError } from './errors.js';
import type { Target } from './targets.js';

/** How many files are read at once. */
export const READ_CONCURRENCY = 16;

export type ReadOutcome =
  | { readonly target: Target; readonly filePath: string; readonly text: string }
  | { readonly target: Target; readonly filePath: string; readonly error: string };

/** UTF-8, as libvirt writes domain XML. A byte-order mark stays in the text: the parser handles it. */
export function decodeUtf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
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
      return { target, filePath: target.path, error: `cannot read: ${await readReason(target.path, error)}` };
    }
  });
}
