/**
 * `fix --out-dir` writes its copies a batch at a time (fsynced together, then renamed): with more
 * files than two batches, every copy is complete, no temporary file is left, and what is printed
 * about the files (copies not written, live dumps refused) keeps the order of the inputs.
 */
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run, tempTree } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const fixture = (rel: string): string => readFileSync(path.join(FIXTURES, rel), 'utf8');
const OVN = fixture('nova/ovn-tap.xml');
const CLEAN = fixture('nova/migrated-clean.xml');
const LIVE = fixture('live/nova-running-q35.xml');

const fix = (args: readonly string[], cwd: string, stdin?: string) =>
  run(['fix', '--no-config', '--preset', 'recommended', ...args], { cwd, stdin });

/** 300 files in three directories, a live dump every 7th and an unchanged one every 5th. */
function inputs(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 300; i++) {
    const dir = ['a', 'blocked', 'c'][i % 3]!;
    const text = i % 7 === 0 ? LIVE : i % 5 === 0 ? CLEAN : OVN;
    files[`in/${dir}/vm-${String(i).padStart(3, '0')}.xml`] = text;
  }
  return files;
}

describe('fix --out-dir, more copies than two batches', () => {
  it('writes every copy whole, leaves no temporary file, and reports in input order', async () => {
    const files = inputs();
    const cwd = await tempTree(files, { isolate: false });
    // A file where the mirror of in/blocked/ would be: those copies cannot be written.
    await mkdir(path.join(cwd, 'out'));
    await writeFile(path.join(cwd, 'out', 'blocked'), 'not a directory\n');
    const fixedOvn = (await fix(['-'], cwd, OVN)).stdout;
    expect(fixedOvn).not.toBe(OVN);

    const r = await fix(['--out-dir', 'out', 'in'], cwd);

    expect(r.code).toBe(2);
    const names = Object.keys(files).sort();
    // Each line about a file, in the order printed: the same order as the inputs.
    const about = r.stderr
      .split('\n')
      .map((line) => /^virt-alias: (in\/\S+\.xml): not written: (.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null);
    const expected = names.filter((name) => name.includes('/blocked/') || files[name] === LIVE);
    expect(about.map((m) => m[1])).toEqual(expected);
    for (const m of about) {
      if (files[m[1]!] === LIVE) expect(m[2]).toMatch(/live/);
      else expect(m[2]).toMatch(/not a directory/);
    }

    for (const dir of ['a', 'c']) {
      const written = (await readdir(path.join(cwd, 'out', dir))).sort();
      const wanted = names
        .filter((name) => name.startsWith(`in/${dir}/`) && files[name] !== LIVE)
        .map((name) => path.basename(name));
      // No temporary file left beside the copies.
      expect(written).toEqual(wanted);
      for (const name of wanted) {
        const copy = await readFile(path.join(cwd, 'out', dir, name), 'utf8');
        expect(copy).toBe(files[`in/${dir}/${name}`] === CLEAN ? CLEAN : fixedOvn);
      }
    }
  });

  it("prints each finding left in its file's turn, not all of them at the end", async () => {
    const files = inputs();
    const cwd = await tempTree(files, { isolate: false });
    const r = await fix(['--out-dir', 'out', 'in'], cwd);
    expect(r.code).toBe(1);
    // The file each line of stderr is about, a finding left ("in/a/x.xml:1:1: error: ...") or a
    // notice ("virt-alias: in/a/x.xml: not written: ..."), in the order printed.
    const named = r.stderr
      .split('\n')
      .map((line) => /^(?:virt-alias: )?(in\/[^:\s]+\.xml):/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined);
    const lefts = r.stderr.split('\n').filter((line) => /^in\/\S+\.xml:\d+:\d+: error: /.test(line));
    expect(lefts.length).toBeGreaterThan(40);
    // Input order throughout: every file's lines come before the next file's.
    const order = Object.keys(files).sort();
    const ranks = named.map((name) => order.indexOf(name));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });
});
