/**
 * The fuzz suite (issue 8): every fixture under fixtures/, mutated as bytes (fuzz-mutations.ts:
 * byte and bit flips, truncation, bad UTF-8, NUL, byte order marks, line ends, tags and
 * attributes duplicated, removed and swapped, entities and DOCTYPEs, deep nesting, huge
 * attributes, odd alias values, duplicated devices, stray markup), runs through the whole
 * pipeline: the reader's UTF-8 check, the parser, lint under every preset (strict's
 * libvirt-schema included), `fixText`, and on a sample the CLI's `fix --out-dir` and `fix -`.
 *
 * Every input must end in findings or a clear error that says where (line and column), never an
 * exception, an "internal error" or a stack trace; the fix loop must settle before its bound
 * (steps are counted, no time is measured); a fixed text must parse as a domain, be its own fix
 * (fixing it again changes nothing), differ from the input in alias content only, and equal
 * the input outside the changes the fix reports; xmllint must accept every fixed output whose
 * input it accepted; the CLI must write exactly what `fixText` gives, and nothing for a file that
 * does not parse.
 *
 * CI runs a fixed seed: every fixture with every mutation once, then FUZZ_RUNS (default 300)
 * random stacks of 1-4 mutations with fast-check. A longer run, another seed:
 *
 *   FUZZ_RUNS=100000 FUZZ_SEED=7 pnpm exec vitest run packages/cli/test/fuzz.test.ts
 *
 * (`pnpm fuzz` runs the same file with FUZZ_RUNS=20000.) fast-check prints the seed and the
 * shrunk counterexample of a failure; FUZZ_SEED reproduces it.
 */
import { mkdir, open, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { decodeUtf8, NotUtf8Error } from '@virt-alias/engine';
import { parseDomain } from '@virt-alias/parser';
import { fixText, MAX_PASSES } from '@virt-alias/rewriter';
import {
  loadRuleSupport,
  PRESET_NAMES,
  resolveConfig,
  type LintMessage,
  type PresetName,
} from '@virt-alias/rules';
import { mapLimit, probeProgram, requireTools, xmllintVerdicts } from '@virt-alias/rules/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { withoutAliasContent } from '../../rewriter/test/alias-content.js';
import { fixtureFiles } from '../../rewriter/test/helpers.js';
import { applySteps, MUTATION_NAMES, type Step } from './fuzz-mutations.js';
import { spawnBin, tempTree } from './helpers.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/** A hang guard that grows with a longer run (50 ms a run, far above what one takes); not a speed limit. */
const RUN_GUARD_MS = Math.max(120_000, RUNS * 50);
/** The sweep's hang guard: it takes 10-40 s; a nice'd run on a loaded machine took 200 s. */
const SWEEP_GUARD_MS = 600_000;

const CONFIGS = PRESET_NAMES.map((preset) => [preset, resolveConfig({ preset })] as const);
const FIXTURES = fixtureFiles().map((f) => ({ rel: f.rel, bytes: Buffer.from(f.text, 'utf8') }));

const xmllint = await probeProgram('xmllint', ['--version']);
requireTools('the fuzz suite', { xmllint }, 'apt-get install libxml2-utils');

/** A stack trace line, as V8 writes one. */
const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|<anonymous>\)?)$/m;

/** What one input came to, for the xmllint and CLI checks that follow. */
interface Outcome {
  readonly label: string;
  readonly bytes: Buffer;
  /** Undefined when the bytes are not UTF-8. */
  readonly text: string | undefined;
  /** Per preset, the fixed text, when the fix changed something. */
  readonly fixed: ReadonlyMap<PresetName, string>;
}

/** Why a message is not a clear finding: a missing place, an internal error, a stack trace. */
function unclear(m: LintMessage): string | undefined {
  if (!(m.line >= 1 && m.column >= 1)) return `no line and column: ${m.line}:${m.column}`;
  if (m.message.trim() === '') return 'an empty message';
  if (/internal error/i.test(m.message) || STACK_LINE.test(m.message)) return 'an internal error';
  return undefined;
}

/**
 * Runs one input through the reader, the parser, lint and fix under every preset; pushes what
 * is wrong to `problems`. Exceptions are caught and recorded: one run reports every failure.
 */
function check(label: string, bytes: Buffer, problems: string[], configs = CONFIGS): Outcome {
  const fixed = new Map<PresetName, string>();
  let text: string;
  try {
    text = decodeUtf8(bytes);
  } catch (error) {
    if (!(error instanceof NotUtf8Error)) problems.push(`${label}: reading threw ${String(error)}`);
    else if (!/line \d+, column \d+/.test(error.message))
      problems.push(`${label}: the UTF-8 error says no line and column: ${error.message}`);
    return { label, bytes, text: undefined, fixed };
  }
  for (const [preset, config] of configs) {
    const at = `${label} [${preset}]`;
    try {
      // The findings the fix applied and the ones left: between them, every finding of the text.
      const outcome = fixText(text, config, { filePath: label });
      for (const m of [...outcome.fixed, ...outcome.result.messages]) {
        const why = unclear(m);
        if (why) problems.push(`${at}: ${why}: ${m.line}:${m.column} ${m.message}`);
      }
      // Bounded: the loop settled before its pass limit (a count, not a time).
      if (outcome.passes >= MAX_PASSES) problems.push(`${at}: the fix loop did not settle`);
      if (!outcome.changed) continue;
      const output = outcome.output;
      fixed.set(preset, output);
      if (parseDomain(output).kind !== 'domain') problems.push(`${at}: the fixed text does not parse`);
      if (withoutAliasContent(output) !== withoutAliasContent(text))
        problems.push(`${at}: the fix changed more than alias content`);
      // Byte for byte outside the changes the fix reports.
      let [inAt, outAt] = [0, 0];
      const end = { before: [text.length, text.length], after: [output.length, output.length] } as const;
      for (const { before, after } of [...outcome.changes, end]) {
        if (text.slice(inAt, before[0]) !== output.slice(outAt, after[0])) {
          problems.push(`${at}: text outside the changes differs (input ${inAt}-${before[0]})`);
          break;
        }
        [inAt, outAt] = [before[1], after[1]];
      }
      const again = fixText(output, config, { filePath: label });
      if (again.changed) problems.push(`${at}: fixing the fixed text changes it again`);
    } catch (error) {
      problems.push(
        `${at}: threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }
  return { label, bytes, text, fixed };
}

/**
 * Every fixture with every mutation, one seed each: the same inputs on every run. Each input is
 * fixed under one preset, in turn (every fixture and every mutation meets every preset): all
 * three on each of ~3,500 inputs would take the CI run past a minute; the random stacks below
 * run all three on each input.
 */
function sweep(): { label: string; bytes: Buffer; configs: typeof CONFIGS }[] {
  return FIXTURES.flatMap((f, i) =>
    MUTATION_NAMES.map((mutation, j) => {
      const steps: Step[] = [{ mutation, seed: SEED + i * 1009 + j * 7919 }];
      const configs = [CONFIGS[(i + j) % CONFIGS.length]!];
      return { label: `${f.rel}~${mutation}`, bytes: applySteps(f.bytes, steps), configs };
    }),
  );
}

/** A fixed sample of `xs`: every `n`-th. */
const every = <T>(xs: readonly T[], n: number): T[] => xs.filter((_, i) => i % n === 0);

// strict turns libvirt-schema on: libxml2-wasm is loaded before any in-process lint, as the CLI does.
beforeAll(() => loadRuleSupport(CONFIGS.map(([, config]) => config)));

describe('the fuzz suite: mutated fixtures through the whole pipeline', () => {
  const outcomes: Outcome[] = [];

  it('has fixtures, and every mutation changes some of them', () => {
    expect(FIXTURES.length).toBeGreaterThan(100);
    for (const mutation of MUTATION_NAMES) {
      const changed = FIXTURES.filter(
        (f, i) => !applySteps(f.bytes, [{ mutation, seed: i }]).equals(f.bytes),
      );
      expect(changed.length, mutation).toBeGreaterThan(FIXTURES.length / 3);
    }
  });

  it(
    `every fixture under every mutation: findings or clear errors, well-formed idempotent fixes (seed ${SEED})`,
    () => {
      const problems: string[] = [];
      for (const { label, bytes, configs } of sweep()) outcomes.push(check(label, bytes, problems, configs));
      expect(problems.slice(0, 20)).toEqual([]);
      // The sweep reaches every kind of verdict: not UTF-8, parse errors, findings, fixes.
      expect(outcomes.filter((o) => o.text === undefined).length).toBeGreaterThan(50);
      expect(outcomes.filter((o) => o.fixed.size > 0).length).toBeGreaterThan(800);
      const parseErrors = outcomes.filter(
        (o) => o.text !== undefined && parseDomain(o.text).kind === 'error',
      );
      expect(parseErrors.length).toBeGreaterThan(800);
    },
    SWEEP_GUARD_MS,
  );

  // Inputs that once failed (fast-check's shrunk counterexamples, by fixture path): replayed on
  // every run, whatever the seed.
  it.each([
    // An <alias> holding a <target> (tags swapped): the nova preset removes the alias whole.
    ['conformance/nested-alias.xml', [{ mutation: 'swapTags', seed: 832801292 }]],
  ] as const)('replays %s %j', (rel, steps) => {
    const f = FIXTURES.find((x) => x.rel === rel)!;
    const problems: string[] = [];
    check(rel, applySteps(f.bytes, steps), problems);
    expect(problems).toEqual([]);
  });

  it(
    `random stacks of 1-4 mutations, fast-check (seed ${SEED}, ${RUNS} runs)`,
    () => {
      const step = fc.record({ mutation: fc.constantFrom(...MUTATION_NAMES), seed: fc.nat() });
      fc.assert(
        fc.property(
          fc.nat({ max: FIXTURES.length - 1 }),
          fc.array(step, { minLength: 1, maxLength: 4 }),
          (index, steps) => {
            const f = FIXTURES[index]!;
            const problems: string[] = [];
            check(
              `${f.rel}~${steps.map((s) => `${s.mutation}:${s.seed}`).join(',')}`,
              applySteps(f.bytes, steps),
              problems,
            );
            expect(problems).toEqual([]);
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
    },
    RUN_GUARD_MS,
  );

  it('xmllint accepts every fixed text whose input it accepted (a sample of the sweep)', async () => {
    const pairs = every(
      outcomes.filter((o) => o.fixed.size > 0),
      2,
    ).flatMap((o) =>
      [...o.fixed].map(([preset, output]) => ({ label: `${o.label} [${preset}]`, input: o.text!, output })),
    );
    expect(pairs.length).toBeGreaterThan(200);
    const verdicts = await xmllintVerdicts(pairs.flatMap((p) => [p.input, p.output]));
    const broken = pairs.filter((p, i) => !verdicts[2 * i]!.parserError && verdicts[2 * i + 1]!.parserError);
    expect(broken.map((p) => `${p.label}: ${verdicts[2 * pairs.indexOf(p) + 1]!.errors.join('; ')}`)).toEqual(
      [],
    );
  });

  describe('the CLI, on a sample of the sweep', () => {
    /** What the CLI may say on stderr: never an internal error or a stack trace. */
    const expectNoCrash = (stderr: string, what: string): void => {
      expect(stderr, `${what}: internal error`).not.toMatch(/internal error/i);
      expect(stderr, `${what}: stack trace`).not.toMatch(STACK_LINE);
    };

    for (const preset of ['recommended', 'strict'] as const) {
      it(`fix --out-dir --preset ${preset}: writes exactly fixText's output, nothing for what does not parse`, async () => {
        const sample = every(outcomes, 17);
        expect(sample.length).toBeGreaterThan(150);
        const dir = await tempTree({}, { isolate: false });
        const names = sample.map((_, i) => `f${String(i).padStart(4, '0')}.xml`);
        await mkdir(path.join(dir, 'in'));
        await Promise.all(sample.map((o, i) => writeFile(path.join(dir, 'in', names[i]!), o.bytes)));
        const r = await spawnBin(['fix', '--no-config', '--preset', preset, '--out-dir', 'out', 'in'], {
          cwd: dir,
        });
        expectNoCrash(r.stderr, `fix --out-dir (${preset})`);
        expect([1, 2], r.stderr).toContain(r.code);
        const written = new Set(await readdir(path.join(dir, 'out')).catch(() => []));
        const config = resolveConfig({ preset });
        const wrong: string[] = [];
        await mapLimit(sample, 4, async (o) => {
          const name = names[sample.indexOf(o)]!;
          const at = `${name} (${o.label})`;
          const parsed = o.text === undefined ? undefined : parseDomain(o.text);
          if (parsed?.kind !== 'domain') {
            if (written.has(name) && parsed?.kind !== 'not-domain')
              wrong.push(`${at}: written, yet it does not parse`);
            // Not UTF-8 or malformed: an error naming the file, with a line and column for a parse error.
            const said = r.stderr.split('\n').filter((l) => l.includes(`in/${name}`));
            if (parsed === undefined && !said.some((l) => /not valid UTF-8 at line \d+, column \d+/.test(l)))
              wrong.push(`${at}: no UTF-8 error with line and column: ${said.join(' | ')}`);
            if (
              parsed?.kind === 'error' &&
              !said.some((l) => l.startsWith(`in/${name}:${parsed.error.line}:${parsed.error.column}: `))
            )
              wrong.push(`${at}: no parse error at its line and column: ${said.join(' | ')}`);
            return;
          }
          if (parsed.document.liveDump) {
            // Refused by design (a live dump is not a definition): said, never written.
            if (written.has(name)) wrong.push(`${at}: a live dump was written`);
            if (!r.stderr.includes(`in/${name}: not written: a live dump`))
              wrong.push(`${at}: live dump not reported`);
            return;
          }
          if (!written.has(name)) {
            wrong.push(
              `${at}: not written: ${r.stderr
                .split('\n')
                .filter((l) => l.includes(name))
                .join(' | ')}`,
            );
            return;
          }
          const out = await readFile(path.join(dir, 'out', name), 'utf8');
          if (out !== fixText(o.text!, config).output)
            wrong.push(`${at}: written text is not fixText's output`);
        });
        expect(wrong).toEqual([]);

        // lint --format json on the same files: every finding has its place; every file not in
        // the results is an error on stderr that names it.
        const lint = await spawnBin(['lint', '--no-config', '--preset', preset, '--format', 'json', 'in'], {
          cwd: dir,
        });
        expectNoCrash(lint.stderr, `lint (${preset})`);
        const results = JSON.parse(lint.stdout) as { filePath: string; messages: LintMessage[] }[];
        const listed = new Set(results.map((x) => path.basename(x.filePath)));
        for (const name of names) {
          if (!listed.has(name) && !lint.stderr.includes(`in/${name}`))
            wrong.push(`${name}: neither linted nor an error`);
        }
        for (const x of results)
          for (const m of x.messages) {
            const why = unclear(m);
            if (why) wrong.push(`${x.filePath}: lint --format json: ${why}`);
          }
        expect(wrong).toEqual([]);
      });
    }

    it('fix - (standard input): the fixed text, a text that does not parse unchanged, or nothing and a located error', async () => {
      const sample = every(outcomes, 331);
      expect(sample.length).toBeGreaterThan(10);
      const config = resolveConfig({ preset: 'recommended' });
      const dir = await tempTree({}, { isolate: false });
      const wrong: string[] = [];
      await mapLimit(sample, 2, async (o) => {
        // spawnBin writes strings as UTF-8: the file descriptor route keeps the bytes as they are.
        const file = path.join(dir, `${outcomes.indexOf(o)}.xml`);
        await writeFile(file, o.bytes);
        const handle = await open(file, 'r');
        let r;
        try {
          r = await spawnBin(['fix', '--no-config', '--preset', 'recommended', '-'], {
            cwd: dir,
            input: handle.fd,
          });
        } finally {
          await handle.close();
        }
        expectNoCrash(r.stderr, o.label);
        const parsed = o.text === undefined ? undefined : parseDomain(o.text);
        if (parsed?.kind === 'domain') {
          if (r.stdout !== fixText(o.text!, config).output)
            wrong.push(`${o.label}: stdout is not fixText's output`);
        } else if (parsed?.kind === 'not-domain') {
          if (r.stdout !== o.text) wrong.push(`${o.label}: a non-domain is not echoed`);
        } else if (o.text !== undefined) {
          // Malformed: passed through unchanged, so that `fix - < a > b` never leaves b empty.
          if (r.stdout !== o.text) wrong.push(`${o.label}: a text that does not parse is not echoed`);
        } else {
          // Not UTF-8: an error (exit 2), and nothing printed.
          if (r.stdout !== '')
            wrong.push(`${o.label}: printed ${r.stdout.length} characters of a text that is not UTF-8`);
          if (
            !/<stdin>(:\d+:\d+: error| .*line \d+, column \d+)/.test(r.stderr) &&
            !/at line \d+, column \d+/.test(r.stderr)
          )
            wrong.push(`${o.label}: no located error: ${r.stderr}`);
        }
      });
      expect(wrong).toEqual([]);
    });
  });
});
