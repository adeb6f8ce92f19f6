/**
 * What `fix` says about what it left (issue 11): every finding left with the reason it was not
 * fixed, at its line and column in the input file it names; `fix -` passes malformed input
 * through; `--quiet` is one line per error left.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MALFORMED_XML, runBin, tempTree } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
/** A fixture whose fix inserts a line above findings it cannot fix. */
const SHIFTED = 'fix/duplicate-blocked-identity-later/input.xml';

/** `file:line:column rule` of each finding a `fix` run lists on stderr. */
function leftFindings(stderr: string): string[] {
  return [...stderr.matchAll(/^(\S+:\d+:\d+): (?:error|warning): .* \[([a-z-]+)\]$/gmu)].map(
    ([, where, rule]) => `${where} ${rule}`,
  );
}

describe('fix: the findings left', () => {
  it('each says why it was not fixed, rules without a fix too', async () => {
    const r = await runBin(['fix', '--no-config', '--preset', 'recommended', 'conformance', 'fix'], FIXTURES);
    const lines = r.stderr.split('\n');
    const findings = lines.flatMap((line, i) =>
      /^\S+:\d+:\d+: (?:error|warning): /u.test(line) ? [[line, lines[i + 1] ?? ''] as const] : [],
    );
    expect(findings.length).toBeGreaterThan(20);
    for (const [finding, next] of findings)
      expect([finding, next]).toEqual([finding, expect.stringMatching(/^ {4}cannot fix: \S/u)]);
    const teaming = findings.find(([f]) => f.endsWith('[teaming-reference]'));
    expect(teaming?.[1]).toBe(
      '    cannot fix: teaming-reference has no automatic fix: change the XML by hand ' +
        '(https://github.com/virt-alias/virt-alias/blob/main/docs/rules/teaming-reference.md)',
    );
    const [, left, unfixable] = /(\d+) findings? left, (\d+) of them unfixable$/mu.exec(r.stderr) ?? [];
    expect(left).toBe(String(findings.length));
    expect(unfixable).toBe(left);
  });

  it('are at the line and column of the input file, as lint reports them', async () => {
    const args = ['--no-config', '--preset', 'recommended', SHIFTED];
    const fixed = await runBin(['fix', ...args], FIXTURES);
    expect(fixed.stdout).toMatch(/^\+ +<alias name=/mu);
    const linted = await runBin(['lint', '-f', 'compact', ...args], FIXTURES);
    const lintedAt = new Set(
      [...linted.stdout.matchAll(/^(\S+:\d+:\d+): \w+ .* \[([a-z-]+)\]$/gmu)].map(
        ([, where, rule]) => `${where} ${rule}`,
      ),
    );
    const left = leftFindings(fixed.stderr).filter((f) => f.endsWith(' identifier-unique'));
    expect(left).toEqual([
      `${SHIFTED}:21:7 identifier-unique`,
      `${SHIFTED}:33:7 identifier-unique`,
      `${SHIFTED}:39:7 identifier-unique`,
    ]);
    for (const finding of left) expect(lintedAt).toContain(finding);
  });

  it('--quiet: one line per error left, no reasons, no notices, no summary', async () => {
    const cwd = await tempTree(
      {
        'live.xml': await readFile(path.join(FIXTURES, 'live/nova-running-q35.xml'), 'utf8'),
        'net.xml': '<network><name>n</name></network>\n',
      },
      { isolate: false },
    );
    const loud = await runBin(['fix', '--no-config', '--out-dir', 'out', '.'], cwd);
    expect(loud.stderr).toContain('cannot fix:');
    expect(loud.stderr).toContain('not written:');
    expect(loud.stderr).toContain('virt-alias: net.xml: skipped: ');
    const quiet = await runBin(['fix', '--quiet', '--no-config', '--out-dir', 'out2', '.'], cwd);
    expect(quiet.code).toBe(1);
    const lines = quiet.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^live\.xml:\d+:\d+: error: .* \[[a-z-]+\]$/u);
  });
});

describe('fix - on input that is not well-formed', () => {
  it('passes it through unchanged on stdout and exits 1', async () => {
    const cwd = await tempTree();
    const r = await runBin(['fix', '-'], cwd, MALFORMED_XML);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(MALFORMED_XML);
    expect(r.stderr).toMatch(/^<stdin>:2:\d+: error: /mu);
    const check = await runBin(['fix', '--check', '-'], cwd, MALFORMED_XML);
    expect(check).toMatchObject({ code: 1, stdout: '' });
  });
});

describe('messages about files', () => {
  it('a --mapping file that cannot be read: prefixed, with the reason, not a bare ENOENT', async () => {
    const cwd = await tempTree();
    const r = await runBin(['fix', '--mapping', 'missing.csv', '-'], cwd, '<domain/>');
    expect(r).toMatchObject({
      code: 2,
      stderr: 'virt-alias: missing.csv: cannot read: no such file or directory (ENOENT)\n',
    });
  });
});
