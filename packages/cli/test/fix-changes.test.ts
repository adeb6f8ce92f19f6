/**
 * `fix --changes FILE`: the JSONL change log, in every mode, in-process through `main()` on real
 * fixture files. Each record must agree with the diff fix makes: the same devices, the same old
 * and new aliases.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run, tempTree } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const fixture = (rel: string): string => readFileSync(path.join(FIXTURES, rel), 'utf8');
const OVN = fixture('nova/ovn-tap.xml');
const INVALID_NAMES = fixture('fix/invalid-names/input.xml');
const CLEAN = fixture('nova/migrated-clean.xml');
const LIVE = fixture('live/nova-running-q35.xml');

const fix = (args: readonly string[], cwd: string, stdin?: string) =>
  run(['fix', '--no-config', '--preset', 'recommended', ...args], { cwd, stdin });

interface Record_ {
  file: string;
  domain: { name: string | null; uuid: string | null };
  device: string;
  old: string | null;
  new: string | null;
  why: { rule: string; message: string }[];
}

async function records(file: string): Promise<Record_[]> {
  const text = await readFile(file, 'utf8');
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record_);
}

/** `old -> new` per alias line pair of a unified diff, as the records should say. */
function diffAliases(diff: string): { removed: string[]; added: string[] } {
  const names = (sign: string): string[] =>
    diff
      .split('\n')
      .filter((l) => l.startsWith(sign) && !l.startsWith(sign.repeat(3)))
      .flatMap((l) => /<alias name='([^']*)'/.exec(l)?.[1] ?? []);
  return { removed: names('-'), added: names('+') };
}

describe('fix --changes FILE', () => {
  it('dry run: one record per device whose alias would change, matching the diff', async () => {
    const cwd = await tempTree(
      { 'ovn-tap.xml': OVN, 'names.xml': INVALID_NAMES, 'clean.xml': CLEAN },
      { isolate: false },
    );
    const r = await fix(['--changes', 'changes.jsonl', 'ovn-tap.xml', 'names.xml', 'clean.xml'], cwd);
    expect(r.code).toBe(0);
    const log = await records(path.join(cwd, 'changes.jsonl'));
    expect(new Set(log.map((x) => x.file))).toEqual(new Set(['ovn-tap.xml', 'names.xml']));
    const { removed, added } = diffAliases(r.stdout);
    expect(
      log
        .map((x) => x.new)
        .filter((n) => n !== null)
        .sort(),
    ).toEqual([...added].sort());
    expect(
      log
        .map((x) => x.old)
        .filter((o) => o !== null)
        .sort(),
    ).toEqual([...removed].sort());
    const ovn = log.filter((x) => x.file === 'ovn-tap.xml');
    expect(ovn[0]).toMatchObject({
      domain: { name: 'instance-0000005c', uuid: '90c192cf-d3ac-44af-8f21-ddb66cad4a26' },
      device: 'interface:fa:16:3e:44:ca:f9',
      old: null,
      new: 'ua-244caf9c-4dab-4481-b253-edc618187993',
      why: [{ rule: 'alias-required' }],
    });
    for (const x of log) expect(x.why.length).toBeGreaterThan(0);
  });

  it('--write and --out-dir log what they wrote; a second run logs nothing', async () => {
    const cwd = await tempTree({ 'in/ovn-tap.xml': OVN }, { isolate: false });
    const r = await fix(['--out-dir', 'out', '--changes', 'out.jsonl', 'in'], cwd);
    expect(r.code).toBe(0);
    const outLog = await records(path.join(cwd, 'out.jsonl'));
    expect(outLog.length).toBe(2);
    const w = await fix(['--write', '--changes', 'w.jsonl', 'in'], cwd);
    expect(w.code).toBe(0);
    expect(await records(path.join(cwd, 'w.jsonl'))).toEqual(
      outLog.map((x) => ({ ...x, file: 'in/ovn-tap.xml' })),
    );
    const again = await fix(['--write', '--changes', 'w.jsonl', 'in'], cwd);
    expect(again.code).toBe(0);
    expect(await records(path.join(cwd, 'w.jsonl'))).toEqual([]);
  });

  it('standard input is logged as <stdin> (or --stdin-filename); a live dump is not logged', async () => {
    const cwd = await tempTree({}, { isolate: false });
    const r = await fix(['--changes', 'c.jsonl', '-'], cwd, OVN);
    expect(r.code).toBe(0);
    expect((await records(path.join(cwd, 'c.jsonl'))).map((x) => x.file)).toEqual(['<stdin>', '<stdin>']);
    const live = await fix(['--changes', 'live.jsonl', '-'], cwd, LIVE);
    expect(live.code).toBe(1);
    expect(await records(path.join(cwd, 'live.jsonl'))).toEqual([]);
  });

  it('a change log that cannot be written: exit 2, said why', async () => {
    const cwd = await tempTree({ 'ovn-tap.xml': OVN }, { isolate: false });
    const r = await fix(['--changes', 'no/such/dir/c.jsonl', 'ovn-tap.xml'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^virt-alias: no\/such\/dir\/c\.jsonl: cannot write the change log: no such file or directory \(ENOENT\)$/m,
    );
  });
});
