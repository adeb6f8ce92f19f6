/**
 * The command line's habits (issue 11): one meaning per short flag, "did you mean" for a
 * mistyped command, `lint --fix` pointed at `fix`, and help that wraps at spaces only.
 */
import { runProgram } from '@virt-alias/rules/testing';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/args.js';
import { BIN, runBin, tempTree, type RunResult } from './helpers.js';

/** The bin with `env` added (stdout a pipe, never a terminal). */
function runWithEnv(args: readonly string[], cwd: string, env: Record<string, string>): Promise<RunResult> {
  return runProgram(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env } });
}

describe('mistakes on the command line', () => {
  it('a mistyped command: did you mean, exit 2', async () => {
    const cwd = await tempTree();
    for (const [typed, meant] of [
      ['lnt', 'lint'],
      ['fxi', 'fix'],
      ['audti', 'audit'],
      ['rule', 'rules'],
      ['Lint', 'lint'],
    ]) {
      const r = await runBin([typed!, 'x.xml'], cwd);
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: `virt-alias: unknown command "${typed}": did you mean "${meant}"?\nRun 'virt-alias --help' for usage.\n`,
      });
    }
    const far = await runBin(['frobnicate'], cwd);
    expect(far.code).toBe(2);
    expect(far.stderr).toContain(
      'unknown command "frobnicate": use "lint", "fix", "apply", "rules", "audit" or "init"',
    );
  });

  it('lint --fix: use virt-alias fix, exit 2', async () => {
    const r = await runBin(['lint', '--fix', 'x.xml'], await tempTree());
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'virt-alias: lint only reports: use `virt-alias fix` (a diff; --write or --out-dir to write)\n' +
        "Run 'virt-alias lint --help' for usage.\n",
    });
  });

  it('lint --fix-dry-run: virt-alias fix shows a diff', async () => {
    const r = await runBin(['lint', '--fix-dry-run', 'x.xml'], await tempTree());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('use `virt-alias fix`, which without --write shows a diff and writes nothing');
  });

  it('-o means --output-file wherever it exists: fix has no -o (its --out-dir has no short form)', async () => {
    const cwd = await tempTree();
    const r = await runBin(['fix', '-o', 'out', 'x.xml'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option -o: fix writes fixed copies with --out-dir DIR');
    // Every short flag means one long option in every command that has it.
    const meanings = new Map<string, Set<string>>();
    for (const command of COMMANDS) {
      const help = await runWithEnv([command, '--help'], cwd, { COLUMNS: '200' });
      for (const [, short, long] of help.stdout.matchAll(/^ {2}(-\w), (--[\w-]+)/gmu)) {
        meanings.set(short!, (meanings.get(short!) ?? new Set()).add(long!));
      }
    }
    expect(meanings.get('-o')).toEqual(new Set(['--output-file']));
    for (const [short, longs] of meanings) expect([short, [...longs]]).toEqual([short, [[...longs][0]]]);
  });
});

describe('--help', () => {
  it.each([40, 60, 80, 100, 132])('wraps to COLUMNS=%i, never inside a word', async (columns) => {
    const cwd = await tempTree();
    for (const command of [[], ...COMMANDS.map((c) => [c])]) {
      const r = await runWithEnv([...command, '--help'], cwd, { COLUMNS: String(columns) });
      expect(r.code).toBe(0);
      for (const line of r.stdout.split('\n')) {
        // Only a single word longer than the width may stick out.
        if (line.length > columns) expect(line.trim()).not.toContain(' ');
      }
      const words = r.stdout.replace(/\s+/gu, ' ');
      if (command[0] === 'lint' || command[0] === 'fix') {
        expect(words).toContain(' virt-alias.config.json, ');
        expect(words).toContain('(--no-error-on-unmatched-pattern: a notice)');
      }
      if (command[0] === 'lint') expect(words).toContain('"vms/**/*.xml"');
    }
  });

  it('fills each paragraph to the width: no line broken where the next word would fit', async () => {
    const cwd = await tempTree();
    for (const command of [[], ...COMMANDS.map((c) => [c]), ['audit', 'merge']]) {
      const r = await runWithEnv([...command, '--help'], cwd, { COLUMNS: '80' });
      const lines = r.stdout.split('\n');
      lines.forEach((line, i) => {
        const next = lines[i + 1] ?? '';
        // Prose only: a line and its follower at column 0 (options, examples and lists are indented).
        if (line === '' || /^\s/u.test(line) || next === '' || /^\s/u.test(next)) return;
        // A heading, or a usage line (one per form of the command).
        if (/:$/u.test(line) || line.startsWith('virt-alias ')) return;
        const word = next.split(' ')[0]!;
        expect(`${line} ${word}`.length, `${command.join(' ')}: "${line}" / "${next}"`).toBeGreaterThan(80);
      });
    }
  });

  it('audit and apply, which write no colour, do not offer --color', async () => {
    const cwd = await tempTree();
    for (const command of ['audit', 'apply']) {
      const r = await runWithEnv([command, '--help'], cwd, { COLUMNS: '200' });
      expect(r.stdout, command).not.toContain('--color');
    }
    expect((await runWithEnv(['lint', '--help'], cwd, { COLUMNS: '200' })).stdout).toContain('--color');
  });

  it('without a terminal or COLUMNS: 80 columns', async () => {
    const r = await runWithEnv(['lint', '--help'], await tempTree(), { COLUMNS: '' });
    const widths = r.stdout.split('\n').map((l) => l.length);
    expect(Math.max(...widths)).toBeLessThanOrEqual(80);
    expect(Math.max(...widths)).toBeGreaterThan(70);
  });

  it('lint --help lints a running domain through virsh dumpxml --inactive', async () => {
    const r = await runWithEnv(['lint', '--help'], await tempTree(), { COLUMNS: '200' });
    expect(r.stdout).toContain('virsh dumpxml --inactive vm1 | virt-alias lint -');
    expect(r.stdout).not.toMatch(/virsh dumpxml vm1/);
  });
});
