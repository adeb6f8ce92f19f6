/**
 * What the fix writes, the real libvirt keeps. Each fixed text (the golden outputs of
 * fixtures/fix, and fixText's output for fixtures/nova, fixtures/live and fixtures/layout under
 * every preset) is written to a temp file and run through
 * `virsh -c test:///default "define FILE; dumpxml --inactive NAME"` (test driver, in-process, a
 * fresh state per virsh process). The define must succeed and every alias the fix wrote must be
 * in the dump: libvirt drops an invalid alias silently, so a dropped one is a fix that did nothing.
 */
import { PRESET_NAMES, resolveConfig } from '@virt-alias/rules';
import { requireTools } from '@virt-alias/rules/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixText } from '../src/index.js';
import { fixtureFiles, parseOrThrow, readFixCases, settingsFor, writtenAliases } from './helpers.js';
import { defineAll, INSTALL_HINT, keptAliases, virshVersion, type DefineOutcome } from './virsh-batch.js';

const CORPORA = ['nova', 'live', 'layout'] as const;

/**
 * Fixed texts libvirt is known to disagree with because of a tool bug (see golden.test.ts): they
 * run as `it.fails` until the bug is fixed.
 */
const KNOWN_TOOL_BUGS: Readonly<Record<string, string>> = {};

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

const version = await virshVersion();
const all = await subjects();

requireTools('the libvirt tests of fixed aliases', { virsh: version }, INSTALL_HINT);

describe.skipIf(!version)(`virsh ${version ?? '(missing)'} keeps every alias the fix wrote`, () => {
  const outcomes = new Map<string, DefineOutcome | Error>();

  beforeAll(async () => {
    const results = await defineAll(all.map((s) => ({ label: s.label, text: s.fixed })));
    all.forEach((s, i) => outcomes.set(s.label, results[i]!));
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
      if ('defineError' in outcome) expect.fail(`virsh define: ${outcome.defineError}`);
      const kept = new Set(keptAliases(outcome.dump));
      const written = writtenAliases(parseOrThrow(s.input, s.label), parseOrThrow(s.fixed, s.label));
      const dropped = written.map((w) => w.name).filter((n) => !kept.has(n));
      expect(dropped, 'aliases the fix wrote that libvirt dropped').toEqual([]);
    });
  }
});
