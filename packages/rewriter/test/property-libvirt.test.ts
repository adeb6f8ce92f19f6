/**
 * What the real libvirt makes of `fixText`'s output, on generated domains (domain-arbitrary.ts:
 * devices of many kinds with random valid, invalid, duplicate, nested, extra and ignored
 * aliases), fixed under every preset and defined with `virsh -c test:///default`:
 *
 * (a) a fixed text never fails to define for a duplicate alias;
 * (b) a fixed text that defines keeps every alias it carries: `dumpxml --inactive` shows exactly
 *     the aliases of the fixed text, device kind by device kind (so it carries none that libvirt
 *     ignores or drops);
 * (c) every finding of a fixable rule left after the fix says why it cannot be fixed.
 *
 * The domains have no `<serial>` or `<console>` (serial[0] and the console that mirrors it follow
 * rules of their own) and no element libvirt does not know as a device (it drops those whole).
 * A text may fail to define for reasons that have nothing to do with aliases (two disks on one
 * target, a USB device without USB): those are counted, and most texts must define.
 *
 * The seed is fixed and the number of domains bounded, so CI runs the same cases in a few
 * seconds (virsh runs a batch of texts per process). To search longer or elsewhere:
 *   PROP_LIBVIRT_RUNS=2000 PROP_SEED=$RANDOM pnpm exec vitest run packages/rewriter/test/property-libvirt.test.ts
 * A failure names the domain's index and prints its fixed text; the same seed and runs reproduce it.
 */
import fc from 'fast-check';
import { PRESET_NAMES, resolveConfig, ruleById, type LintMessage } from '@virt-alias/rules';
import { requireTools } from '@virt-alias/rules/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixText, mappingLookup } from '../src/index.js';
import { domainArbitrary } from './domain-arbitrary.js';
import { parseOrThrow } from './helpers.js';
import { defineAll, deviceAliases, INSTALL_HINT, virshVersion, type DefineOutcome } from './virsh-batch.js';

const RUNS = Number(process.env.PROP_LIBVIRT_RUNS ?? 300);
const SEED = Number(process.env.PROP_SEED ?? 20_260_112);

interface Subject {
  readonly label: string;
  readonly text: string;
  readonly left: readonly LintMessage[];
}

const FIXABLE = (m: LintMessage): boolean => ruleById(m.ruleId ?? '')?.meta.fixable === 'code';

function subjects(): Subject[] {
  const kinds = { consoleArea: false, unknownElements: false } as const;
  // Half of them crowded: devices sharing an alias or a volume are what the plan has to sort out.
  const domain = fc.oneof(domainArbitrary(kinds), domainArbitrary({ ...kinds, crowded: true }));
  const domains = fc.sample(domain, { numRuns: RUNS, seed: SEED });
  return domains.flatMap(({ text, mapping }, i) => {
    const settings = mapping ? { mappingFor: mappingLookup(mapping) } : {};
    const seen = new Set<string>();
    return PRESET_NAMES.flatMap((preset) => {
      const label = `domain #${i} [${preset}]`;
      const outcome = fixText(text, resolveConfig({ preset }), { settings, filePath: label });
      // A live dump is never fixed (rule live-dump): its generated names are dropped on define by design.
      if (outcome.result.liveDump) {
        if (outcome.output !== text) throw new Error(`${label}: fix changed a live dump`);
        return [];
      }
      // Same output, same libvirt verdict: one define per distinct text.
      if (seen.has(outcome.output)) return [];
      seen.add(outcome.output);
      return [{ label, text: outcome.output, left: outcome.result.messages }];
    });
  });
}

const version = await virshVersion();
const all = subjects();

/** The failures, each with its fixed text, for an assertion message. */
function report(what: string, failures: readonly { s: Subject; why: string }[]): string {
  const shown = failures
    .slice(0, 3)
    .map(({ s, why }) => `--- ${s.label}: ${why}\n${s.text}`)
    .join('\n');
  return `${failures.length} fixed texts ${what} (seed ${SEED}, ${RUNS} domains):\n${shown}`;
}

requireTools('the libvirt property tests', { virsh: version }, INSTALL_HINT);

describe('fixed generated domains', () => {
  it('(c) every finding of a fixable rule left after the fix says why', () => {
    const failures = all.flatMap((s) =>
      s.left
        .filter((m) => FIXABLE(m) && m.fix === undefined && m.unfixable === undefined)
        .map((m) => ({ s, why: `${m.line}:${m.column} ${m.ruleId ?? ''} ${m.message}` })),
    );
    expect(failures.length, report('leave a finding without a reason', failures)).toBe(0);
  });
});

describe.skipIf(!version)(`virsh ${version ?? '(missing)'} on fixed generated domains`, () => {
  const outcomes: (DefineOutcome | Error)[] = [];

  beforeAll(async () => {
    outcomes.push(...(await defineAll(all.map(({ label, text }) => ({ label, text })))));
  }, 60_000);

  const each = <T>(pick: (s: Subject, o: DefineOutcome) => T | undefined): { s: Subject; why: T }[] =>
    all.flatMap((s, i) => {
      const o = outcomes[i];
      if (o instanceof Error) throw o;
      if (!o) throw new Error(`${s.label}: no outcome`);
      const why = pick(s, o);
      return why === undefined ? [] : [{ s, why }];
    });

  it('most fixed texts define (the checks below are not vacuous)', () => {
    const defined = each((_, o) => ('dump' in o ? true : undefined)).length;
    expect(defined, `${defined} of ${all.length} fixed texts defined`).toBeGreaterThanOrEqual(
      all.length * 0.6,
    );
  });

  it('(a) no fixed text fails to define for a duplicate alias', () => {
    const failures = each((_, o) =>
      'defineError' in o && /non unique alias/.test(o.defineError) ? o.defineError : undefined,
    );
    expect(failures.length, report('fail define for a duplicate alias', failures)).toBe(0);
  });

  it('(b) a fixed text that defines keeps exactly the aliases it carries', () => {
    const failures = each((s, o) => {
      if (!('dump' in o)) return undefined;
      const carried = deviceAliases(parseOrThrow(s.text, s.label));
      const kept = deviceAliases(o.dump);
      const lost = carried.filter((a) => !kept.includes(a));
      const extra = kept.filter((a) => !carried.includes(a));
      return lost.length + extra.length > 0
        ? `lost ${JSON.stringify(lost)}, gained ${JSON.stringify(extra)}`
        : undefined;
    });
    expect(failures.length, report('lose or gain aliases on define', failures)).toBe(0);
  });
});
