/**
 * The benchmark's inputs, checked for behaviour (never for speed): the fleet generator is
 * deterministic, and the python3-lxml script that `pnpm bench` races against virt-alias flags the
 * same guests as `virt-alias lint` (the built bin: `pnpm build` first; the root `test` script
 * does), so the comparison is between two checks of the same thing.
 *
 * Needs /usr/bin/python3 with lxml (Debian python3-lxml): skipped with a warning outside CI when
 * missing, failed under CI=true.
 */
import { Buffer } from 'node:buffer';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { IN_CI, probeProgram, runProgram } from '../../packages/rules/src/testing/programs.ts';
import { ensureFleet, fleetGuests } from './fleet.mjs';
import { KINDS } from './nova-guest.mjs';
import { PYTHON } from './sides.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(HERE, '../../packages/cli/bin/virt-alias.js');
const LXML_CHECK = path.join(HERE, 'lxml_check.py');
/** A hang guard only: nothing here depends on how fast the machine is. */
const HANG_GUARD = 120_000;

const temps = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
function tempDir() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'virt-alias-bench-'));
  temps.push(dir);
  return dir;
}

const guests = (files, seed) => [...fleetGuests({ files, seed })];

describe('the bench fleet', () => {
  it('the same seed gives the same bytes, another seed other bytes', () => {
    const first = guests(40, 7);
    expect(guests(40, 7)).toEqual(first);
    const other = guests(40, 8);
    expect(other.map((g) => g.text)).not.toEqual(first.map((g) => g.text));
  });

  it('guest i is the same text in a fleet of any size', () => {
    const small = guests(10, 7).map((g) => g.text);
    expect(
      guests(40, 7)
        .slice(0, 10)
        .map((g) => g.text),
    ).toEqual(small);
  });

  it('Nova-sized guests of every kind, with distinct paths under host directories', () => {
    const fleet = guests(300, 1);
    const sizes = fleet.map((g) => Buffer.byteLength(g.text));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(4096);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(8192);
    expect(new Set(fleet.map((g) => g.kind))).toEqual(new Set(KINDS.map(([kind]) => kind)));
    expect(new Set(fleet.map((g) => g.path)).size).toBe(fleet.length);
    for (const g of fleet) expect(g.path).toMatch(/^host\d{2}\/instance-[0-9a-f]{8}\.xml$/);
    for (const g of fleet.filter((g) => g.kind === 'live-dump'))
      expect(g.text).toMatch(/^<domain type='kvm' id='\d+'>/);
    for (const g of fleet.filter((g) => g.kind === 'unmigrated')) expect(g.text).not.toContain('<alias');
  });

  it('is written once and then reused, byte for byte', () => {
    const cacheDir = tempDir();
    const made = ensureFleet({ files: 25, seed: 3, cacheDir });
    expect(made.reused).toBe(false);
    const again = ensureFleet({ files: 25, seed: 3, cacheDir });
    expect(again).toMatchObject({ reused: true, dir: made.dir, bytes: made.bytes, kinds: made.kinds });
    const listed = readFileSync(made.list, 'utf8').trim().split('\n');
    const expected = guests(25, 3);
    expect(listed).toEqual(expected.map((g) => g.path));
    for (const g of expected) expect(readFileSync(path.join(made.dir, g.path), 'utf8')).toBe(g.text);
  });
});

const lxml = await probeProgram(PYTHON, ['-c', 'import lxml.etree']);
if (lxml === null) {
  const message = `${PYTHON} cannot import lxml (Debian: apt-get install python3-lxml)`;
  if (IN_CI) throw new Error(message);
  console.warn(`bench fleet: lxml agreement skipped: ${message}`);
}

describe("the bench's audit side", () => {
  it(
    'audit --format json counts agree with lint --format json on a generated fleet, per file, host and in total',
    async () => {
      const fleet = ensureFleet({ files: 300, seed: 5, hosts: 4, cacheDir: tempDir() });
      expect(fleet.hosts).toBe(4);
      const cli = (command) =>
        runProgram(process.execPath, [BIN, command, '--no-config', '--format', 'json', '.'], {
          cwd: fleet.dir,
          timeoutMs: HANG_GUARD,
        });
      const [lint, audit] = [await cli('lint'), await cli('audit')];
      expect([lint.code, audit.code], lint.stderr + audit.stderr).toEqual([1, 1]);
      const files = JSON.parse(lint.stdout)
        .map((r) => ({
          file: path.relative(fleet.dir, r.filePath),
          errorCount: r.errorCount,
          warningCount: r.warningCount,
        }))
        .sort((a, b) => (a.file < b.file ? -1 : 1));
      const report = JSON.parse(audit.stdout);
      expect(
        report.domains.map((d) => ({ file: d.file, errorCount: d.errorCount, warningCount: d.warningCount })),
      ).toEqual(files);
      const sum = (rows, key) => rows.reduce((n, r) => n + r[key], 0);
      expect([report.summary.domains, report.summary.errors, report.summary.warnings]).toEqual([
        300,
        sum(files, 'errorCount'),
        sum(files, 'warningCount'),
      ]);
      expect(report.summary.notReady).toBe(files.filter((f) => f.errorCount > 0).length);
      expect(report.summary.byHost.map((h) => h.host).sort()).toEqual([
        'host00',
        'host01',
        'host02',
        'host03',
      ]);
      for (const h of report.summary.byHost) {
        const mine = files.filter((f) => f.file.startsWith(`${h.host}/`));
        expect([h.domains, h.errors], h.host).toEqual([mine.length, sum(mine, 'errorCount')]);
      }
    },
    HANG_GUARD,
  );
});

describe.runIf(lxml !== null || IN_CI)('lxml_check.py and virt-alias lint', () => {
  it(
    'flag the same guests: every one but the migrated',
    async () => {
      const fleet = ensureFleet({ files: 120, seed: 11, cacheDir: tempDir() });
      const generated = guests(120, 11);
      const withProblems = generated
        .filter((g) => g.kind !== 'migrated')
        .map((g) => g.path)
        .sort();
      expect(withProblems.length).toBeGreaterThan(0);
      expect(withProblems.length).toBeLessThan(generated.length);

      const lint = await runProgram(process.execPath, [
        BIN,
        'lint',
        '--no-config',
        '--format',
        'json',
        fleet.dir,
      ]);
      expect(lint.code, lint.stderr).toBe(1);
      const results = JSON.parse(lint.stdout);
      expect(results).toHaveLength(120);
      expect(results.filter((r) => r.fatalErrorCount > 0)).toEqual([]);
      const lintFlagged = results
        .filter((r) => r.messages.length > 0)
        .map((r) => path.relative(fleet.dir, r.filePath))
        .sort();
      expect(lintFlagged).toEqual(withProblems);

      const script = await runProgram(PYTHON, [
        LXML_CHECK,
        ...generated.map((g) => path.join(fleet.dir, g.path)),
      ]);
      expect(script.code, script.stderr).toBe(1);
      const scriptFlagged = [
        ...new Set(
          script.stdout
            .trim()
            .split('\n')
            .map((line) => line.split(': ')[0]),
        ),
      ]
        .map((file) => path.relative(fleet.dir, file))
        .sort();
      expect(scriptFlagged).toEqual(withProblems);
    },
    HANG_GUARD,
  );

  it('lxml_check.py: a clean guest exits 0 and prints nothing; --files-from reads a list', async () => {
    const dir = tempDir();
    const fleet = ensureFleet({ files: 40, seed: 11, cacheDir: dir });
    const generated = guests(40, 11);
    const migrated = generated.find((g) => g.kind === 'migrated');
    expect(await runProgram(PYTHON, [LXML_CHECK, path.join(fleet.dir, migrated.path)])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    const list = path.join(dir, 'absolute.txt');
    writeFileSync(list, generated.map((g) => `${path.join(fleet.dir, g.path)}\n`).join(''));
    const all = await runProgram(PYTHON, [LXML_CHECK, '--files-from', list]);
    expect(all.code, all.stderr).toBe(1);
    expect(all.stdout).not.toContain('cannot read');
    const flagged = new Set(
      all.stdout
        .trim()
        .split('\n')
        .map((line) => path.relative(fleet.dir, line.split(': ')[0])),
    );
    expect([...flagged].sort()).toEqual(
      generated
        .filter((g) => g.kind !== 'migrated')
        .map((g) => g.path)
        .sort(),
    );
  });
});
