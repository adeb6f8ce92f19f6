import type { MappingEntry, MappingKind } from './entries.js';
import { MappingError, type MappingProblem } from './problem.js';
import { MAC_PATTERN, PCI_ADDRESS_PATTERN, TARGET_DEV_PATTERN, UUID_PATTERN } from './schema.js';

export const CSV_HEADER = ['instance_uuid', 'kind', 'key', 'uuid'] as const;

const UUID = new RegExp(UUID_PATTERN);

const KEYS: Readonly<Record<MappingKind, { readonly pattern: RegExp; readonly what: string }>> = {
  disk: { pattern: new RegExp(TARGET_DEV_PATTERN), what: 'a disk target dev (vdb, sda)' },
  interface: { pattern: new RegExp(MAC_PATTERN), what: 'a MAC address (fa:16:3e:12:34:56)' },
  hostdev: { pattern: new RegExp(PCI_ADDRESS_PATTERN), what: 'a PCI address dddd:bb:ss.f (0000:81:00.1)' },
};

const isKind = (kind: string): kind is MappingKind => Object.hasOwn(KEYS, kind);

interface Cell {
  readonly text: string;
  /** 1-based column of its first non-blank character. */
  readonly column: number;
}

function cellsOf(line: string): Cell[] {
  const cells: Cell[] = [];
  let start = 0;
  for (const raw of line.split(',')) {
    const lead = raw.length - raw.trimStart().length;
    cells.push({ text: raw.trim(), column: start + lead + 1 });
    start += raw.length + 1;
  }
  return cells;
}

/**
 * `instance_uuid,kind,key,uuid` rows: kind `disk` (key: target dev), `interface` (key: MAC) or
 * `hostdev` (key: host PCI address). Blank lines and `#` comments are skipped. Every bad cell is
 * reported at its line and column; nothing is kept from a file with one.
 */
export function parseMappingCsv(text: string, file: string): MappingEntry[] {
  const problems: MappingProblem[] = [];
  const entries: MappingEntry[] = [];
  let headerSeen = false;
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  body.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.trim().startsWith('#')) return;
    const cells = cellsOf(raw);
    const problem = (cell: Cell | undefined, message: string): void => {
      problems.push({ at: { line, column: cell?.column ?? 1 }, message });
    };
    if (!headerSeen) {
      headerSeen = true;
      if (cells.map((c) => c.text).join(',') !== CSV_HEADER.join(',')) {
        problem(cells[0], `the header must be ${CSV_HEADER.join(',')}`);
      }
      return;
    }
    if (cells.length !== CSV_HEADER.length) {
      problem(
        cells[0],
        `expected ${CSV_HEADER.length} cells (${CSV_HEADER.join(',')}), found ${cells.length}`,
      );
      return;
    }
    const [instance, kind, key, uuid] = cells as [Cell, Cell, Cell, Cell];
    const before = problems.length;
    if (!UUID.test(instance.text)) {
      problem(instance, `${JSON.stringify(instance.text)} is not an instance uuid (the domain's <uuid>)`);
    }
    if (!isKind(kind.text)) {
      problem(kind, `kind must be "disk", "interface" or "hostdev", not ${JSON.stringify(kind.text)}`);
    } else if (!KEYS[kind.text].pattern.test(key.text)) {
      problem(key, `${JSON.stringify(key.text)} is not ${KEYS[kind.text].what}`);
    }
    if (!UUID.test(uuid.text)) problem(uuid, `${JSON.stringify(uuid.text)} is not a uuid`);
    if (problems.length > before || !isKind(kind.text)) return;
    entries.push({
      instance: instance.text,
      kind: kind.text,
      key: key.text,
      uuid: uuid.text,
      at: { line, column: key.column },
    });
  });
  if (problems.length > 0) throw new MappingError(file, problems);
  return entries;
}
