import { firstInvalidUtf8 } from '@virt-alias/engine';
import { LineIndex, type Position } from '@virt-alias/parser';

// A byte-order mark stays in the text, as Buffer#toString keeps it: the config readers skip it.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text of a file virt-alias reads as UTF-8 (a config file, a baseline), or where its first
 * byte that is not UTF-8 is: a lossy decoding would turn a Latin-1 `é` in a glob into U+FFFD,
 * and the glob would match nothing without a word.
 */
export function decodeStrictUtf8(
  bytes: Uint8Array,
): { readonly text: string } | { readonly at: Position; readonly offset: number } {
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    const offset = Math.max(0, firstInvalidUtf8(bytes));
    const before = utf8.decode(bytes.subarray(0, offset));
    return { at: new LineIndex(before).positionAt(before.length), offset };
  }
}
