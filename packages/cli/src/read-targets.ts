import { readDomainFile, readDomainStream, type ReadOutcome as DocumentRead } from '@virt-alias/engine';
import { mapLimit } from '@virt-alias/rules';
import type { Target } from './targets.js';

/** How many files are read at once. */
export const READ_CONCURRENCY = 16;

/**
 * A target's text; or why it could not be read (an I/O error: exit 2); or the one fatal finding
 * that stands for a document libvirt itself would refuse to read (too large: exit 1).
 */
export type ReadOutcome = DocumentRead & { readonly target: Target; readonly filePath: string };

/**
 * Reads every target in this thread, `READ_CONCURRENCY` at a time; outcomes in target order.
 * `lint` and `fix` leave reading to the engine's workers; this is for commands that want the
 * texts themselves.
 */
export function readTargets(
  targets: readonly Target[],
  stdin: AsyncIterable<Uint8Array | string>,
): Promise<ReadOutcome[]> {
  return mapLimit(targets, READ_CONCURRENCY, async (target): Promise<ReadOutcome> => {
    if (target.kind === 'stdin')
      return { target, filePath: target.filePath, ...(await readDomainStream(stdin)) };
    const read = await readDomainFile(target.path);
    const outcome: DocumentRead = 'bytes' in read ? { text: read.text } : read;
    return { target, filePath: target.path, ...outcome };
  });
}
