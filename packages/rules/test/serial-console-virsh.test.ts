/**
 * libvirt's serial/console rules, asked of libvirt itself. Every combination of OS type (x86 HVM,
 * Xen PV), serial[0] target type and source, console[0] target type and source, number of
 * serials and consoles, and which aliases collide is defined with the real `virsh` (test driver,
 * in-process, fresh state per process) and dumped back with `dumpxml --inactive`. What libvirt
 * did is the truth lint must match on every combination:
 * - define fails with "non unique alias detected: N" <=> an alias-unique error names N;
 * - libvirt does not write a device's alias back on that device <=> an alias error
 *   (alias-placement, alias-unique, ...) starts inside that `<alias>`.
 * Which device libvirt wrote back is read from a `<log file>` marker each serial and console
 * carries (see src/testing/serial-console-virsh.ts). Without markers, the
 * combinations where serial[0] or console[0] shares the disk's alias (those that tell which
 * aliases libvirt checks for uniqueness) must define or fail exactly alike.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintText, resolveConfig } from '../src/index.js';
import {
  combinations,
  CONSOLE_TARGETS,
  describeCombination,
  devicesOf,
  domainText,
  requireTools,
  libvirtVerdicts,
  parseOrThrow,
  probeProgram,
  SERIAL_TARGETS,
  slotElements,
  type Combination,
  type Verdict,
} from '../src/testing/index.js';

const virshVersion = await probeProgram('virsh', ['--version']);

const strict = resolveConfig({ preset: 'strict' });

/** The rules whose findings say "libvirt drops or refuses this alias". */
const ALIAS_RULES: ReadonlySet<string> = new Set([
  'alias-user-prefix',
  'alias-charset',
  'alias-placement',
  'alias-unique',
]);

/**
 * Where lint disagrees with libvirt on one combination: empty when it agrees. Without `kept`
 * only the define outcome is compared (a domain without markers says nothing about the rest).
 */
function disagreements(c: Combination, text: string, verdict: Verdict, kept = true): string[] {
  const doc = parseOrThrow(text, c.id);
  const result = lintText(text, strict, { filePath: `${c.id}.xml` });
  const errors = result.messages.filter(
    (m) => m.severity === 2 && m.ruleId !== null && ALIAS_RULES.has(m.ruleId),
  );
  const duplicates = errors.filter((m) => m.ruleId === 'alias-unique');
  if (verdict.kind === 'duplicate') {
    return duplicates.some((m) => m.message.includes(`"${verdict.name}"`))
      ? []
      : [`define fails ("non unique alias detected: ${verdict.name}"), lint reports no such duplicate`];
  }
  const out = duplicates.map((m) => `define succeeds, lint reports: ${m.message}`);
  if (!kept) return out;
  for (const [slot, element] of slotElements(doc)) {
    const found = errors.filter((m) => {
      const offset = doc.lines.lineStarts[m.line - 1]! + m.column - 1;
      return offset >= element.range[0] && offset < element.range[1];
    });
    if (verdict.kept.has(slot) && found.length > 0) {
      out.push(
        `libvirt keeps ${slot}'s alias, lint reports: ${found.map((m) => `[${m.ruleId}] ${m.message}`).join(' | ')}`,
      );
    } else if (!verdict.kept.has(slot) && found.length === 0) {
      out.push(`libvirt drops ${slot}'s alias "${c.aliases.get(slot)}", lint reports nothing there`);
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------

requireTools(
  'the serial/console agreement test',
  { virsh: virshVersion },
  'install the Debian/Ubuntu package libvirt-clients',
);

describe.skipIf(!virshVersion)(`serial and console aliases agree with virsh ${virshVersion ?? ''}`, () => {
  const all = combinations();
  /** At most one serial and console; serial[0] or console[0] shares the disk's alias. */
  const probes = all.filter((c) => {
    if (c.structure.serials.length > 1 || c.structure.consoles.length > 1) return false;
    const holders = [...c.aliases].filter(([, name]) => name === c.aliases.get('disk')).map(([slot]) => slot);
    return (
      c.aliases.size === devicesOf(c.structure).length &&
      holders.length === 2 &&
      /^(serial|console)0$/.test(holders[0]!)
    );
  });
  let workDir = '';
  let marked = new Map<string, Verdict>();
  let plain = new Map<string, Verdict>();

  // Thousands of defines: a loaded machine must not turn this into a timeout.
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'virt-alias-serial-console-'));
    marked = await libvirtVerdicts(all, (c) => domainText(c, true), true, workDir);
    plain = await libvirtVerdicts(probes, (c) => domainText(c, false), false, workDir);
  }, 600_000);

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('covers every dimension', () => {
    const seen = (f: (c: Combination) => string | undefined): Set<string | undefined> => new Set(all.map(f));
    expect(seen((c) => c.structure.os)).toEqual(new Set(['hvm', 'xen', 'linux', 'xenpvh']));
    expect(seen((c) => c.structure.serials[0]?.target)).toEqual(new Set(SERIAL_TARGETS));
    expect(seen((c) => c.structure.consoles[0]?.target)).toEqual(new Set(CONSOLE_TARGETS));
    const outcomes = [...marked.values()];
    expect(outcomes.some((v) => v.kind === 'duplicate')).toBe(true);
    expect(outcomes.some((v) => v.kind === 'defined' && v.kept.size < 2)).toBe(true);
  });

  it('the <log> markers change nothing: the plain domains define or fail alike', () => {
    expect(probes.length).toBeGreaterThan(all.length / 10);
    const differ = probes.filter((c) => {
      const a = marked.get(c.id)!;
      const b = plain.get(c.id)!;
      return a.kind !== b.kind || (a.kind === 'duplicate' && b.kind === 'duplicate' && a.name !== b.name);
    });
    expect(differ.map((c) => `${c.id} ${describeCombination(c)}`)).toEqual([]);
  });

  it('lint agrees with libvirt on every combination', () => {
    const problems: string[] = [];
    const agreeing = new Map<string, [agree: number, total: number]>();
    for (const c of all) {
      const unmarked = plain.get(c.id);
      const found = [
        ...disagreements(c, domainText(c, true), marked.get(c.id)!),
        ...(unmarked ? disagreements(c, domainText(c, false), unmarked, false) : []),
      ];
      const [agree, total] = agreeing.get(c.structure.os) ?? [0, 0];
      agreeing.set(c.structure.os, [agree + (found.length === 0 ? 1 : 0), total + 1]);
      if (found.length > 0)
        problems.push(`${c.id} ${describeCombination(c)}:\n    ${[...new Set(found)].join('\n    ')}`);
    }
    const summary = [...agreeing]
      .map(([os, [agree, total]]) => `${os} ${agree}/${total} (${((100 * agree) / total).toFixed(1)}%)`)
      .join(', ');
    console.info(`serial/console agreement with virsh: ${summary} (${all.length} combinations)`);
    expect(
      problems.slice(0, 40),
      `agreement with virsh: ${summary}; ${problems.length} combinations differ`,
    ).toEqual([]);
    // Thousands of lint runs: a loaded machine must not turn this into a timeout.
  }, 600_000);
});
