/**
 * Defining domain texts with the real libvirt, many per virsh process: `virsh -c test:///default`
 * (test driver, in-process, a fresh state per process) runs
 * `echo @@k; define FILE; dumpxml --inactive NAME; undefine NAME` for each text of a batch.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { attributeValue, type DomainDocument } from '@virt-alias/parser';
import { mapLimit, probeProgram, runProgram } from '@virt-alias/rules/testing';
import { parseOrThrow } from './helpers.js';

export const INSTALL_HINT = 'install the Debian/Ubuntu package libvirt-clients';

/** `virsh --version`, or null when virsh cannot run. */
export const virshVersion = (): Promise<string | null> => probeProgram('virsh', ['--version']);

/** A domain text to define; `label` names it in errors. */
export interface DefineSubject {
  readonly label: string;
  readonly text: string;
}

/** Why define failed (virsh's own lines), or the inactive definition libvirt stored. */
export type DefineOutcome = { readonly defineError: string } | { readonly dump: DomainDocument };

/** Texts per virsh process: process start-up is most of the cost of one define and dump. */
const BATCH = 8;

async function defineBatch(
  batch: readonly DefineSubject[],
  first: number,
  workDir: string,
): Promise<DefineOutcome[]> {
  const prepared = await Promise.all(
    batch.map(async (s, k) => {
      const name = parseOrThrow(s.text, s.label).name;
      if (!name || !/^[\w.-]+$/.test(name))
        throw new Error(`${s.label}: needs a plain <name>, got ${String(name)}`);
      const file = join(workDir, `${first + k}.xml`);
      await writeFile(file, s.text);
      return { file, name };
    }),
  );
  // A failing command does not stop the chain; the undefine keeps names and uuids that texts
  // share from clashing.
  const commands = prepared.flatMap(({ file, name }, k) => [
    `echo @@${k}`,
    `define '${file}'`,
    `dumpxml --inactive '${name}'`,
    `undefine '${name}'`,
  ]);
  const r = await runProgram('virsh', ['-c', 'test:///default', commands.join('; ')]);
  // Each text's output follows its own `@@k` line.
  const blocks = new Map<number, string>();
  const parts = r.stdout.split(/^@@(\d+)$/m);
  for (let i = 1; i + 1 < parts.length; i += 2) blocks.set(Number(parts[i]), parts[i + 1]!);
  return prepared.map(({ file }, k) => {
    const label = batch[k]!.label;
    const block = blocks.get(k);
    if (block === undefined) throw new Error(`${label}: no output from virsh: ${r.stderr}`);
    if (!/^Domain '.*' defined from /m.test(block)) {
      const lines = r.stderr.split('\n');
      const at = lines.findIndex((l) => l.includes(`Failed to define domain from ${file}`));
      return { defineError: at < 0 ? r.stderr.trim() : lines.slice(at, at + 2).join(' ') };
    }
    const start = block.indexOf('<domain');
    const end = block.indexOf('</domain>');
    if (start < 0 || end < 0) throw new Error(`${label}: dumpxml failed: ${r.stderr}`);
    return { dump: parseOrThrow(block.slice(start, end + '</domain>'.length), `virsh dumpxml of ${label}`) };
  });
}

/**
 * Defines every text (in batches, a few virsh processes at a time) and returns, in input order,
 * each outcome, or the error that kept its batch from running.
 */
export async function defineAll(subjects: readonly DefineSubject[]): Promise<(DefineOutcome | Error)[]> {
  const workDir = await mkdtemp(join(tmpdir(), 'virt-alias-define-'));
  try {
    const limit = Math.max(2, Math.min(8, availableParallelism()));
    const firsts: number[] = [];
    for (let i = 0; i < subjects.length; i += BATCH) firsts.push(i);
    const results = await mapLimit(firsts, limit, async (first) => {
      const batch = subjects.slice(first, first + BATCH);
      try {
        return await defineBatch(batch, first, workDir);
      } catch (e) {
        return batch.map(() => (e instanceof Error ? e : new Error(String(e))));
      }
    });
    return results.flat();
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The alias name of every device that has one (the first direct `<alias>`), in device order. */
export function keptAliases(dump: DomainDocument): string[] {
  return dump.devices.flatMap((d) => d.alias?.name ?? []);
}

/**
 * Every `<alias>` anywhere among the devices, as `kind name` (`kind name (ignored)` for one libvirt
 * does not read), sorted: libvirt stores devices grouped by kind, not in the order written.
 */
export function deviceAliases(document: DomainDocument): string[] {
  return document.devices
    .flatMap((d) => [
      ...d.aliasElements.map(
        (el, i) => `${d.kind} ${attributeValue(el, 'name') ?? ''}${i > 0 ? ' (ignored)' : ''}`,
      ),
      ...d.nestedAliases.map((el) => `${d.kind} ${attributeValue(el, 'name') ?? ''} (ignored)`),
    ])
    .sort();
}
