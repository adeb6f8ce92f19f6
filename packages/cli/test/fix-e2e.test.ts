/**
 * `virt-alias fix` end to end: spawns the BUILT bin (`pnpm build` first) on copies of the
 * fixtures, then lints the result as a CI job would.
 */
import { existsSync } from 'node:fs';
import { cp, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBin, tempTree } from './helpers.js';

const DIST_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

/** The fields of `lint --format json` these tests read. */
interface JsonResult {
  readonly filePath: string;
  readonly fatalErrorCount: number;
  readonly messages: readonly { readonly ruleId: string | null; readonly fix?: unknown }[];
}

/** A fresh copy of fixtures/nova and fixtures/live. */
async function copyOfFixtures(): Promise<string> {
  const cwd = await tempTree({}, { isolate: false });
  for (const dir of ['nova', 'live'])
    await cp(path.join(FIXTURES, dir), path.join(cwd, dir), { recursive: true });
  return cwd;
}

async function contents(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) =>
    e.isFile(),
  )) {
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = await readFile(file, 'utf8');
  }
  return out;
}

beforeAll(() => {
  if (!existsSync(DIST_MAIN)) throw new Error(`${DIST_MAIN} is missing: run \`pnpm build\` first`);
});

describe('virt-alias fix (built bin)', () => {
  it('fix --write on nova/ and live/: lint then finds nothing that has a fix', async () => {
    const cwd = await copyOfFixtures();
    const fixed = await runBin(['fix', '--no-config', '--write', 'nova', 'live'], cwd);
    // The SCSI LUN and the SR-IOV ports need a mapping: findings remain.
    expect(fixed.code).toBe(1);
    expect(fixed.stdout).toBe('');
    expect(fixed.stderr).toContain('cannot fix:');
    expect(fixed.stderr).toMatch(/^virt-alias fix: 14 domain files, \d+ changed; /m);
    expect(fixed.stderr).not.toMatch(/\n\s+at /);
    // No temporary file is left beside the fixed ones.
    for (const name of Object.keys(await contents(cwd))) expect(name).toMatch(/^(nova|live)\/[\w.-]+\.xml$/);

    const lint = await runBin(['lint', '--no-config', '--format', 'json', 'nova', 'live'], cwd);
    const results = JSON.parse(lint.stdout) as JsonResult[];
    expect(results).toHaveLength(14);
    for (const result of results) {
      expect(result.fatalErrorCount).toBe(0);
      for (const message of result.messages) {
        expect({ file: result.filePath, rule: message.ruleId, fix: message.fix }).toEqual({
          file: result.filePath,
          rule: message.ruleId,
          fix: undefined,
        });
      }
    }
    // The findings left are the ones fix reported.
    const leftByLint = results.reduce((n, r) => n + r.messages.length, 0);
    expect(fixed.stderr).toMatch(new RegExp(`; ${leftByLint} findings left, `));

    // A second run changes nothing.
    const before = await contents(cwd);
    const again = await runBin(['fix', '--no-config', '--write', 'nova', 'live'], cwd);
    expect(again.stderr).toMatch(
      /^virt-alias fix: 14 domain files, 0 changed; 0 aliases added, 0 renamed; /m,
    );
    expect(await contents(cwd)).toEqual(before);
  });

  it('a dry run: the diff on stdout, nothing written', async () => {
    const cwd = await copyOfFixtures();
    const before = await contents(cwd);
    const r = await runBin(['fix', '--no-config', '--preset', 'recommended', 'nova/ovn-tap.xml'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- a/nova/ovn-tap.xml\n+++ b/nova/ovn-tap.xml\n');
    expect(await contents(cwd)).toEqual(before);
  });

  it('stdin to stdout, exactly', async () => {
    const cwd = await tempTree({}, { isolate: false });
    const input = `<domain type='kvm'>\n  <devices>\n    <interface type='network'>\n      <mac address='52:54:00:aa:bb:cc'/>\n      <alias name='net0'/>\n    </interface>\n  </devices>\n</domain>\n`;
    const r = await runBin(['fix', '--no-config', '--quiet', '-'], cwd, input);
    expect(r).toEqual({ code: 0, stdout: input.replace("'net0'", "'ua-net-525400aabbcc'"), stderr: '' });
  });

  it('a malformed file: exit 1 with file:line:col, never written, no stack', async () => {
    const cwd = await tempTree(
      { 'bad.xml': await readFile(path.join(FIXTURES, 'malformed/mismatched-tag.xml'), 'utf8') },
      {
        isolate: false,
      },
    );
    const before = await contents(cwd);
    const r = await runBin(['fix', '--no-config', '--write', 'bad.xml'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bad\.xml:12:\d+: error: /m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await contents(cwd)).toEqual(before);
  });

  it('a usage error: exit 2', async () => {
    const cwd = await tempTree({}, { isolate: false });
    const r = await runBin(['fix', '--write', '--check', 'x.xml'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Run 'virt-alias fix --help' for usage.`);
  });
});
