/**
 * What the fix writes, the real libvirt keeps. Each fixed text (the golden outputs of
 * fixtures/fix, and fixText's output for fixtures/nova, fixtures/live and fixtures/layout under
 * every preset) is written to a temp file and run through
 * `virsh -c test:///default "define FILE; dumpxml --inactive NAME"` (test driver, in-process, a
 * fresh state per virsh process). The define must succeed and every alias the fix wrote must be
 * in the dump: libvirt drops an invalid alias silently, so a dropped one is a fix that did nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRESET_NAMES, resolveConfig } from '@virt-alias/rules';
import { IN_CI, mapLimit, runProgram } from '@virt-alias/rules/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixText } from '../src/index.js';
import { fixtureFiles, parseOrThrow, readFixCases, settingsFor, writtenAliases } from './helpers.js';

const INSTALL_HINT = 'install the Debian/Ubuntu package libvirt-clients';
const CORPORA = ['nova', 'live', 'layout'] as const;

/**
 * Fixed texts libvirt is known to disagree with because of a tool bug (see golden.test.ts): they
 * run as `it.fails` until the bug is fixed.
 */
const KNOWN_TOOL_BUGS: Readonly<Record<string, string>> = {};

async function virshVersion(): Promise<string | null> {
  try {
    const r = await runProgram('virsh', ['--version']);
    return r.code === 0 ? r.stdout.trim() : null;
  } catch {
    return null;
  }
}

interface Subject {
  readonly label: string;
  readonly input: string;
  readonly fixed: string;
}

async function subjects(): Promise<Subject[]> {
  const out: Subject[] = [];
  for (const c of readFixCases()) {
    out.push({ label: `fix/${c.name}/expected.xml`, input: c.input, fixed: c.expected });
    const tool = fixText(c.input, resolveConfig({ preset: c.preset }), {
      settings: await settingsFor(c.mappingFile),
    }).output;
    if (tool !== c.expected) out.push({ label: `fix/${c.name} (tool output)`, input: c.input, fixed: tool });
  }
  for (const dir of CORPORA) {
    for (const f of fixtureFiles(dir)) {
      const seen = new Set<string>();
      for (const preset of PRESET_NAMES) {
        const fixed = fixText(f.text, resolveConfig({ preset }), { filePath: f.rel }).output;
        if (seen.has(fixed)) continue;
        seen.add(fixed);
        out.push({ label: `${f.rel} fixed (${preset})`, input: f.text, fixed });
      }
    }
  }
  return out;
}

interface Outcome {
  readonly written: readonly string[];
  readonly defineError?: string;
  readonly kept: ReadonlySet<string>;
}

/** Subjects per virsh process: process start-up is most of the cost of one define and dump. */
const BATCH = 8;

/**
 * One virsh process for a batch: `echo @@i; define FILE; dumpxml --inactive NAME; undefine NAME`
 * per subject. A failing command does not stop the chain; the undefine keeps names and uuids
 * that fixtures share from clashing.
 */
async function defineAndDump(batch: readonly Subject[], first: number, workDir: string): Promise<Outcome[]> {
  const prepared = await Promise.all(
    batch.map(async (s, k) => {
      const input = parseOrThrow(s.input, s.label);
      const fixed = parseOrThrow(s.fixed, s.label);
      const name = fixed.name;
      if (!name || !/^[\w.-]+$/.test(name))
        throw new Error(`${s.label}: needs a plain <name>, got ${String(name)}`);
      const file = join(workDir, `${first + k}.xml`);
      await writeFile(file, s.fixed);
      return { file, name, written: writtenAliases(input, fixed).map((w) => w.name) };
    }),
  );
  const commands = prepared.flatMap(({ file, name }, k) => [
    `echo @@${k}`,
    `define '${file}'`,
    `dumpxml --inactive '${name}'`,
    `undefine '${name}'`,
  ]);
  const r = await runProgram('virsh', ['-c', 'test:///default', commands.join('; ')]);
  // Each subject's output follows its own `@@k` line.
  const blocks = new Map<number, string>();
  const parts = r.stdout.split(/^@@(\d+)$/m);
  for (let i = 1; i + 1 < parts.length; i += 2) blocks.set(Number(parts[i]), parts[i + 1]!);
  return prepared.map(({ file, written }, k) => {
    const block = blocks.get(k);
    if (block === undefined) throw new Error(`${batch[k]!.label}: no output from virsh: ${r.stderr}`);
    if (!/^Domain '.*' defined from /m.test(block)) {
      const lines = r.stderr.split('\n');
      const at = lines.findIndex((l) => l.includes(`Failed to define domain from ${file}`));
      return {
        written,
        defineError: at < 0 ? r.stderr.trim() : lines.slice(at, at + 2).join(' '),
        kept: new Set(),
      };
    }
    const start = block.indexOf('<domain');
    const end = block.indexOf('</domain>');
    if (start < 0 || end < 0) throw new Error(`${batch[k]!.label}: dumpxml failed: ${r.stderr}`);
    const dump = parseOrThrow(
      block.slice(start, end + '</domain>'.length),
      `virsh dumpxml of ${batch[k]!.label}`,
    );
    return { written, kept: new Set(dump.devices.flatMap((d) => d.alias?.name ?? [])) };
  });
}

const version = await virshVersion();
const all = await subjects();

describe('libvirt is installed', () => {
  it('virsh is on PATH', (ctx) => {
    if (version) return;
    const message = `virsh not found on PATH: ${INSTALL_HINT}`;
    if (IN_CI) throw new Error(`CI: the libvirt tests must run, not be skipped. ${message}`);
    ctx.skip(`libvirt tests skipped: ${message}`);
  });
});

describe.skipIf(!version)(`virsh ${version ?? '(missing)'} keeps every alias the fix wrote`, () => {
  const outcomes = new Map<string, Outcome | Error>();
  let workDir = '';

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'virt-alias-fixed-'));
    const limit = Math.max(2, Math.min(8, availableParallelism()));
    const batches: number[] = [];
    for (let i = 0; i < all.length; i += BATCH) batches.push(i);
    const results = (
      await mapLimit(batches, limit, async (first) => {
        const batch = all.slice(first, first + BATCH);
        try {
          return await defineAndDump(batch, first, workDir);
        } catch (e) {
          return batch.map(() => (e instanceof Error ? e : new Error(String(e))));
        }
      })
    ).flat();
    all.forEach((s, i) => outcomes.set(s.label, results[i]!));
  });

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('covers the golden cases and every corpus', () => {
    expect(all.filter((s) => s.label.startsWith('fix/')).length).toBeGreaterThanOrEqual(25);
    for (const dir of CORPORA)
      expect(
        all.some((s) => s.label.startsWith(`${dir}/`)),
        dir,
      ).toBe(true);
    for (const label of Object.keys(KNOWN_TOOL_BUGS)) expect(all.map((s) => s.label)).toContain(label);
  });

  for (const s of all) {
    const bug = KNOWN_TOOL_BUGS[s.label];
    (bug ? it.fails : it)(`${s.label}${bug ? ` [known tool bug: ${bug}]` : ''}`, () => {
      const outcome = outcomes.get(s.label);
      if (outcome instanceof Error) throw outcome;
      if (!outcome) throw new Error('no outcome');
      expect(outcome.defineError, 'virsh define').toBeUndefined();
      const dropped = outcome.written.filter((n) => !outcome.kept.has(n));
      expect(dropped, 'aliases the fix wrote that libvirt dropped').toEqual([]);
    });
  }
});
