import { lstatSync, type BigIntStats } from 'node:fs';
import { lstat } from 'node:fs/promises';
// The one place the engine reads domain files: through the project's safe reader (no FIFO, no
// device, no more than libvirt's 10 MiB).
import {
  InputTooLargeError,
  MAX_INPUT_BYTES,
  readRegularFile,
  readRegularFileSync,
  readStream,
  type LintMessage,
} from '@virt-alias/rules';
import { LineIndex, type Position } from '@virt-alias/parser';
import { describeFsError, errorMessage, isFsError } from './fs-errors.js';

/**
 * A document's text; or why it could not be read (an I/O error: exit 2); or the one fatal finding
 * that stands for a document libvirt itself would refuse to read (too large: exit 1).
 */
export type ReadOutcome =
  { readonly text: string } | { readonly error: string } | { readonly fatal: LintMessage };

/** Bytes that are not UTF-8: fixing them would rewrite bytes outside any edit, so never decoded. */
export class NotUtf8Error extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The offset of the first byte that does not start a well-formed UTF-8 sequence (Unicode's
 * table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF), or -1.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let more: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) more = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      more = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      more = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= more; k++) {
      const d = bytes[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += more + 1;
  }
  return -1;
}

/**
 * The text of bytes read as UTF-8 (a domain, a config file, a baseline), or where the first byte
 * that is not UTF-8 is: its line and column (as the parser counts them: a column is a UTF-16
 * unit) and its byte offset. A byte-order mark stays in the text. A lossy decoding would turn a
 * Latin-1 `é` in a config's glob into U+FFFD, and the glob would match nothing without a word.
 */
export function decodeStrictUtf8(
  bytes: Uint8Array,
): { readonly text: string } | { readonly at: Position; readonly offset: number } {
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    // Not the first U+FFFD of a lossy decoding: the file may hold a real one before the bad byte.
    const offset = Math.max(0, firstInvalidUtf8(bytes));
    const before = utf8.decode(bytes.subarray(0, offset));
    return { at: new LineIndex(before).positionAt(before.length), offset };
  }
}

/**
 * UTF-8, as libvirt writes domain XML; the parser handles a byte-order mark. Invalid UTF-8 is
 * refused (`decodeStrictUtf8`'s place of the first bad byte), rather than replaced.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  const decoded = decodeStrictUtf8(bytes);
  if ('text' in decoded) return decoded.text;
  const { at, offset } = decoded;
  throw new NotUtf8Error(
    `not valid UTF-8 at line ${at.line}, column ${at.column} (byte offset ${offset}); libvirt domain XML is UTF-8`,
  );
}

function tooLarge(error: InputTooLargeError): LintMessage {
  return {
    ruleId: null,
    fatal: true,
    severity: 2,
    message:
      `${error.message} (10 MiB), more than libvirt reads: virsh define refuses it ` +
      `("Value too large for defined data type"); not read further`,
    line: 1,
    column: 1,
  };
}

async function readReason(file: string, error: unknown): Promise<string> {
  if (isFsError(error, 'ENOENT')) {
    const link = await lstat(file).catch(() => undefined);
    if (link?.isSymbolicLink()) return 'broken symbolic link (ENOENT)';
  }
  return describeFsError(error);
}

function readReasonSync(file: string, error: unknown): string {
  if (isFsError(error, 'ENOENT') && lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink())
    return 'broken symbolic link (ENOENT)';
  return describeFsError(error);
}

export type DomainFileRead =
  { readonly bytes: Uint8Array; readonly text: string } | Exclude<ReadOutcome, { text: string }>;

function failedRead(
  error: unknown,
  reason: (error: unknown) => string,
): Exclude<DomainFileRead, { text: string }> {
  if (error instanceof NotUtf8Error) return { error: error.message };
  if (error instanceof InputTooLargeError) return { fatal: tooLarge(error) };
  return { error: `cannot read: ${reason(error)}` };
}

/** Reads one domain file, as bytes (the cache hashes them) and text. */
export async function readDomainFile(file: string): Promise<DomainFileRead> {
  try {
    const bytes = await readRegularFile(file, MAX_INPUT_BYTES);
    return { bytes, text: decodeUtf8(bytes) };
  } catch (error) {
    const reason = await readReason(file, error);
    return failedRead(error, () => reason);
  }
}

/**
 * `readDomainFile`, synchronous, for worker threads: the bytes are read into `scratch` when they
 * fit, so they are valid only until the next read into it (the text is a copy).
 */
export function readDomainFileSync(
  file: string,
  scratch?: Buffer,
  /** Told the file's metadata before it is read (`readRegularFileSync`'s `onStat`). */
  onStat?: (stats: BigIntStats) => void,
  /** Told the metadata of the file opened, whose bytes are read (`readRegularFileSync`'s `onOpen`). */
  onOpen?: (stats: BigIntStats) => void,
): DomainFileRead {
  try {
    const bytes = readRegularFileSync(file, MAX_INPUT_BYTES, scratch, onStat, onOpen);
    return { bytes, text: decodeUtf8(bytes) };
  } catch (error) {
    return failedRead(error, (e) => readReasonSync(file, e));
  }
}

/** Reads standard input (or any stream) to its end, as one domain document. */
export async function readDomainStream(stream: AsyncIterable<Uint8Array | string>): Promise<ReadOutcome> {
  try {
    return { text: decodeUtf8(await readStream(stream, MAX_INPUT_BYTES)) };
  } catch (error) {
    if (error instanceof InputTooLargeError) return { fatal: tooLarge(error) };
    return { error: `cannot read standard input: ${errorMessage(error)}` };
  }
}
