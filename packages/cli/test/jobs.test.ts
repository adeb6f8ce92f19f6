/**
 * `--jobs`: linting and fixing on worker threads gives exactly what the calling thread alone
 * gives, output for output, on the fixtures and on a generated fleet. Spawns the BUILT bin.
 */
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, writeFleet } from './fleet.js';
import { HANG_TEST_MS, runBin, tempTree, treeContents } from './helpers.js';

/** The same command with `--jobs 1` and `--jobs 2`: code, stdout and stderr. */
async function both(args: readonly string[], cwd: string) {
  const one = await runBin([...args, '--jobs', '1'], cwd);
  const two = await runBin([...args, '--jobs', '2'], cwd);
  return { one, two };
}

let fleet: string;
let fixtures: string;

beforeAll(async () => {
  fleet = await tempTree({}, { isolate: false });
  await writeFleet(fleet, 300);
  fixtures = await tempTree({}, { isolate: false });
  await cp(FIXTURES, fixtures, { recursive: true });
});

describe.each([
  ['the fixtures', () => fixtures],
  ['a generated fleet of 300 files', () => fleet],
])('--jobs 1 and --jobs 2 on %s', (_, dir) => {
  it.each([
    [['lint', '.']],
    [['lint', '--preset', 'nova', '--format', 'json', '.']],
    [['lint', '--format', 'compact', '--quiet', '--report-unused-disable-directives', '.']],
    [['fix', '.']],
    [['fix', '--check', '--quiet', '.']],
  ])(
    '%j: the same code, stdout and stderr',
    async (args) => {
      const { one, two } = await both(args, dir());
      expect(two).toEqual(one);
      expect(one.code).toBe(1);
    },
    HANG_TEST_MS,
  );

  it(
    'every report format written to files: the same files',
    async () => {
      const formats = ['sarif', 'gitlab', 'junit', 'checkstyle', 'markdown', 'github', 'json', 'stylish'];
      const out = await tempTree({}, { isolate: false });
      const run = async (jobs: string) => {
        const args = formats.flatMap((f) => ['-f', f, '-o', path.join(out, jobs, `report.${f}`)]);
        const r = await runBin(['lint', ...args, '--jobs', jobs, '.'], dir());
        return { r, files: await treeContents(path.join(out, jobs)) };
      };
      const one = await run('1');
      const two = await run('2');
      expect(two.r).toEqual(one.r);
      expect(Object.keys(one.files)).toHaveLength(formats.length);
      expect(two.files).toEqual(one.files);
    },
    HANG_TEST_MS,
  );

  it(
    'fix --out-dir: the same fixed files',
    async () => {
      const out = await tempTree({}, { isolate: false });
      const one = await runBin(['fix', '--out-dir', path.join(out, '1'), '--jobs', '1', '.'], dir());
      const two = await runBin(['fix', '--out-dir', path.join(out, '2'), '--jobs', '2', '.'], dir());
      expect(two).toEqual(one);
      const fixed = await treeContents(path.join(out, '1'));
      expect(Object.keys(fixed).length).toBeGreaterThan(10);
      expect(await treeContents(path.join(out, '2'))).toEqual(fixed);
    },
    HANG_TEST_MS,
  );
});
