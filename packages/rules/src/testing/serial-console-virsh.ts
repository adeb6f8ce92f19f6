/**
 * What libvirt does with the serial/console combinations: each is defined with the real `virsh`
 * (test driver, in-process), a batch per virsh process, and dumped back with
 * `dumpxml --inactive`. Which device libvirt wrote back is read from the `<log file>` markers:
 * libvirt copies a marker with the rest of the device (a console that mirrors serial[0] shows
 * serial[0]'s) and leaves it out of its source comparison.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { childrenNamed, parseDomain, type DomainDocument, type XmlElement } from '@virt-alias/parser';
import { mapLimit, runProgram } from './programs.js';
import { devicesOf, marker, type Combination, type Slot } from './serial-console-combinations.js';

export type Verdict =
  | { readonly kind: 'defined'; readonly kept: ReadonlySet<Slot> }
  | { readonly kind: 'duplicate'; readonly name: string };

/** virsh's command line holds one argument of at most 128 KiB: batches stay well below it. */
const BATCH_CHARS = 64 * 1024;

function batches(commands: readonly { id: string; command: string }[]): { id: string; command: string }[][] {
  const out: { id: string; command: string }[][] = [];
  let current: { id: string; command: string }[] = [];
  let size = 0;
  for (const c of commands) {
    if (size + c.command.length + 2 > BATCH_CHARS && current.length > 0) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(c);
    size += c.command.length + 2;
  }
  if (current.length > 0) out.push(current);
  return out;
}

export function parseOrThrow(text: string, what: string): DomainDocument {
  const r = parseDomain(text);
  if (r.kind !== 'domain') throw new Error(`${what} does not parse as a domain`);
  return r.document;
}

const aliasName = (el: XmlElement): string | undefined =>
  childrenNamed(el, 'alias')[0]?.attributes.find((a) => a.name === 'name')?.value;

/**
 * The slots whose own alias a dump shows, found by their `<log>` marker (the disk is `vda`). A
 * console whose marker the dump does not show was replaced: it is the dump's console that shows
 * no console's marker, in order (the one that mirrors serial[0]).
 */
function keptSlots(dump: DomainDocument, c: Combination): Set<Slot> {
  const markerOf = (el: XmlElement): string | undefined =>
    childrenNamed(el, 'log')[0]?.attributes.find((a) => a.name === 'file')?.value;
  const shown = (kind: string): { marker: string | undefined; alias: string | undefined }[] =>
    dump.devices
      .filter((d) => d.kind === kind)
      .map((d) => ({
        marker: kind === 'disk' ? marker('disk') : markerOf(d.element),
        alias: aliasName(d.element),
      }));
  const consoleMarkers = new Set(c.structure.consoles.map((_, i) => marker(`console${i}` as Slot)));
  const replacements = shown('console').filter((d) => !consoleMarkers.has(d.marker ?? ''));
  const where = new Map<Slot, { alias: string | undefined }[]>();
  for (const slot of devicesOf(c.structure)) {
    const kind = slot.replace(/\d$/, '');
    const own = shown(kind).filter((d) => d.marker === marker(slot));
    where.set(slot, own.length > 0 || kind !== 'console' ? own : replacements.splice(0, 1));
  }
  return new Set(
    [...c.aliases].filter(([slot, name]) => where.get(slot)?.some((d) => d.alias === name)).map(([s]) => s),
  );
}

/**
 * Defines every combination, a batch of them per virsh process (`define; dumpxml --inactive;`
 * chained: virsh goes on after a failed command), and reads what libvirt did with each.
 */
export async function libvirtVerdicts(
  list: readonly Combination[],
  text: (c: Combination) => string,
  dump: boolean,
  workDir: string,
): Promise<Map<string, Verdict>> {
  const dir = await mkdtemp(join(workDir, 'run-'));
  const byPath = new Map<string, Combination>();
  const commands: { id: string; command: string }[] = [];
  await mapLimit(list, 16, async (c) => {
    const path = join(dir, `${c.id}.xml`);
    await writeFile(path, text(c));
    byPath.set(path, c);
  });
  for (const c of list) {
    const define = `define '${join(dir, `${c.id}.xml`)}'`;
    commands.push({ id: c.id, command: dump ? `${define}; dumpxml --inactive ${c.id}` : define });
  }
  const verdicts = new Map<string, Verdict>();
  const byId = new Map(list.map((c) => [c.id, c]));
  await mapLimit(batches(commands), 2, async (batch) => {
    const r = await runProgram('virsh', ['-c', 'test:///default', batch.map((b) => b.command).join('; ')]);
    for (const m of r.stdout.matchAll(/^Domain '(\S+)' defined from /gm)) {
      if (!dump) verdicts.set(m[1]!, { kind: 'defined', kept: new Set() });
    }
    for (const m of r.stdout.matchAll(/^<domain[^]*?^<\/domain>$/gm)) {
      const dump = parseOrThrow(m[0], 'a virsh dump');
      const c = byId.get(dump.name ?? '');
      if (!c) throw new Error(`virsh dumped an unknown domain ${String(dump.name)}`);
      verdicts.set(c.id, { kind: 'defined', kept: keptSlots(dump, c) });
    }
    const lines = r.stderr.split('\n');
    lines.forEach((line, i) => {
      const failed = /^error: Failed to define domain from (.+)$/.exec(line);
      if (!failed) return;
      const c = byPath.get(failed[1]!);
      const reason = lines[i + 1] ?? '';
      const dup = /non unique alias detected: (\S+)$/.exec(reason);
      if (!c || !dup) throw new Error(`virsh refused ${failed[1]!}: ${reason}`);
      verdicts.set(c.id, { kind: 'duplicate', name: dup[1]! });
    });
  });
  const missing = list.filter((c) => !verdicts.has(c.id));
  if (missing.length > 0)
    throw new Error(`no virsh verdict for ${missing.length} domains, first ${missing[0]!.id}`);
  return verdicts;
}
