/**
 * What fix writes on serials and consoles, libvirt keeps. The serial/console combinations of
 * packages/rules/test/serial-console-virsh.test.ts (where lint is shown to agree with virsh) for
 * HVM guests, whose consoles libvirt rewrites (a Xen PV console is a device like any other), are
 * fixed, one in two under the default preset and the others under strict (for time); every
 * fixed text that changed is defined with the real `virsh` (test driver) and dumped back: the
 * define must succeed, libvirt must write back every alias on the device that carries it (a
 * console that mirrors serial[0] included), and no error may be left without a reason.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig, type PresetName } from '@virt-alias/rules';
import {
  combinations,
  describeCombination,
  domainText,
  requireTools,
  libvirtVerdicts,
  parseOrThrow,
  probeProgram,
  slotAliases,
  type Combination,
} from '@virt-alias/rules/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixText } from '../src/index.js';

const virshVersion = await probeProgram('virsh', ['--version']);
const PRESETS: readonly PresetName[] = ['recommended', 'strict'];

interface Fixed {
  readonly combination: Combination;
  readonly preset: PresetName;
  readonly output: string;
  /** Errors left without a reason. */
  readonly left: readonly string[];
}

/** Every combination fix changes; the fixed aliases replace the generated ones. */
function fixAll(): Fixed[] {
  const configs = PRESETS.map((preset) => [preset, resolveConfig({ preset })] as const);
  const out: Fixed[] = [];
  combinations()
    .filter((c) => c.structure.os === 'hvm')
    .forEach((c, i) => {
      const [preset, config] = configs[i % configs.length]!;
      const outcome = fixText(domainText(c, true), config, { filePath: `${c.id}.xml` });
      if (!outcome.changed) return;
      out.push({
        combination: { ...c, aliases: slotAliases(parseOrThrow(outcome.output, `${c.id} fixed`)) },
        preset,
        output: outcome.output,
        left: outcome.result.messages
          .filter((m) => m.severity === 2 && m.unfixable === undefined)
          .map((m) => `${m.line}:${m.column} [${m.ruleId ?? ''}] ${m.message}`),
      });
    });
  return out;
}

requireTools(
  'the serial/console fix test',
  { virsh: virshVersion },
  'install the Debian/Ubuntu package libvirt-clients',
);

describe.skipIf(!virshVersion)('libvirt keeps what fix writes on serials and consoles', () => {
  let workDir = '';
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'virt-alias-serial-console-fix-'));
  });
  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it(
    'every fixed domain defines and keeps every alias',
    async () => {
      const fixed = fixAll();
      for (const preset of PRESETS) {
        expect(fixed.filter((f) => f.preset === preset).length, `${preset} fixes some`).toBeGreaterThan(100);
      }
      const byId = new Map(fixed.map((f) => [f.combination.id, f]));
      const verdicts = await libvirtVerdicts(
        fixed.map((f) => f.combination),
        (c) => byId.get(c.id)!.output,
        true,
        workDir,
      );
      const problems: string[] = [];
      for (const f of fixed) {
        const c = f.combination;
        const verdict = verdicts.get(c.id)!;
        const found =
          verdict.kind === 'duplicate'
            ? [`define fails: non unique alias detected: ${verdict.name}`]
            : [...c.aliases]
                .filter(([slot]) => !verdict.kept.has(slot))
                .map(([slot, name]) => `libvirt drops ${slot}'s alias "${name}"`);
        found.push(...f.left.map((m) => `left without a reason: ${m}`));
        if (found.length > 0)
          problems.push(`${c.id} [${f.preset}] ${describeCombination(c)}:\n    ${found.join('\n    ')}`);
      }
      expect(problems.slice(0, 20), `${problems.length} of ${fixed.length} fixed domains`).toEqual([]);
    },
    // Thousands of fixes and defines: a loaded machine must not turn this into a timeout.
    600_000,
  );
});
