/**
 * `virt-alias fix --write` interrupted at the worst moment, in a child process of the BUILT bin
 * (`pnpm build` first): the test-only hook VIRT_ALIAS_TEST_PAUSE_BEFORE_RENAME stops it just
 * before each rename, where a test kills it with SIGKILL or edits the file as another program
 * would. Deterministic: every step waits for the child to say where it is, never for a timer.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, runBin, tempTree } from './helpers.js';

const DIST_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const OVN = readFileSync(path.join(FIXTURES, 'nova/ovn-tap.xml'), 'utf8');
const RBD = readFileSync(path.join(FIXTURES, 'nova/volume-rbd.xml'), 'utf8');

/** Spawning node a few times on a busy 2-core machine: generous, never a measure of speed. */
const SLOW = 120_000;

const PAUSED = /^virt-alias: test hook: paused before renaming over (.+)$/m;

interface PausedRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  /** The files it paused before, in order. */
  readonly pauses: readonly string[];
}

/**
 * Runs the bin with the pause hook on `fifo`; at each pause calls `onPause` with the file shown,
 * then lets the child go on (`'continue'`) or kills it with SIGKILL (`'kill'`).
 */
function runPaused(
  args: readonly string[],
  cwd: string,
  fifo: string,
  onPause: (file: string) => Promise<'continue' | 'kill'>,
): Promise<PausedRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, VIRT_ALIAS_TEST_PAUSE_BEFORE_RENAME: fifo };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let seen = 0;
    const pauses: string[] = [];
    let steps = Promise.resolve();
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const lines = stderr.split('\n').slice(0, -1);
      for (const line of lines.slice(seen)) {
        const match = PAUSED.exec(line);
        if (!match) continue;
        const file = match[1]!;
        pauses.push(file);
        steps = steps.then(async () => {
          if ((await onPause(file)) === 'kill') child.kill('SIGKILL');
          else await writeFile(fifo, 'go\n');
        });
      }
      seen = lines.length;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      steps.then(() => {
        resolve({ code, signal, stderr, pauses });
      }, reject);
    });
  });
}

async function withFifo(): Promise<{ cwd: string; fifo: string }> {
  const cwd = await tempTree({}, { isolate: false });
  const hooks = await tempTree({}, { isolate: false });
  const fifo = path.join(hooks, 'pause.fifo');
  await promisify(execFile)('mkfifo', [fifo]);
  return { cwd, fifo };
}

/** What `fix` makes of a text (through standard input). */
async function fixed(text: string): Promise<string> {
  return (
    await runBin(
      ['fix', '--no-config', '--preset', 'recommended', '--quiet', '-'],
      await tempTree({}, { isolate: false }),
      text,
    )
  ).stdout;
}

beforeAll(() => {
  if (!existsSync(DIST_MAIN)) throw new Error(`${DIST_MAIN} is missing: run \`pnpm build\` first`);
});

describe('fix --write --backup killed with SIGKILL just before the rename', () => {
  it(
    'leaves the file as it was and a complete backup; the next run cleans up and fixes it',
    { timeout: SLOW },
    async () => {
      const { cwd, fifo } = await withFifo();
      await writeFile(path.join(cwd, 'vm.xml'), OVN);
      let atPause: string[] = [];
      const killed = await runPaused(
        ['fix', '--no-config', '--preset', 'recommended', '--write', '--backup', 'vm.xml'],
        cwd,
        fifo,
        async () => {
          atPause = (await readdir(cwd)).sort();
          return 'kill';
        },
      );
      expect(killed).toMatchObject({ signal: 'SIGKILL', pauses: ['vm.xml'] });
      // At that point: the backup complete, the new text in a temporary file, the file untouched.
      expect(atPause).toHaveLength(3);
      expect(atPause[0]).toMatch(/^\.vm\.xml\.virt-alias-\d+-[0-9a-f]{8}\.tmp$/);
      expect(atPause.slice(1)).toEqual(['vm.xml', 'vm.xml.bak']);
      expect(await readFile(path.join(cwd, 'vm.xml'), 'utf8')).toBe(OVN);
      expect(await readFile(path.join(cwd, 'vm.xml.bak'), 'utf8')).toBe(OVN);
      expect(await readFile(path.join(cwd, atPause[0]!), 'utf8')).toBe(await fixed(OVN));

      const next = await runBin(
        ['fix', '--no-config', '--preset', 'recommended', '--write', '--backup', 'vm.xml'],
        cwd,
      );
      expect(next.code).toBe(0);
      expect(next.stderr).toContain(
        `virt-alias: removed ${atPause[0]!}: a temporary file an interrupted run left\n`,
      );
      expect((await readdir(cwd)).sort()).toEqual(['vm.xml', 'vm.xml.bak']);
      expect(await readFile(path.join(cwd, 'vm.xml'), 'utf8')).toBe(await fixed(OVN));
      expect(await readFile(path.join(cwd, 'vm.xml.bak'), 'utf8')).toBe(OVN);
    },
  );
});

describe('fix --write and another program writing the file meanwhile (lost update)', () => {
  it(
    'the changed file is skipped with an error and keeps the other write; the others are written: exit 2',
    { timeout: SLOW },
    async () => {
      const { cwd, fifo } = await withFifo();
      await writeFile(path.join(cwd, 'a.xml'), OVN);
      await writeFile(path.join(cwd, 'b.xml'), RBD);
      const edited = OVN.replace('</domain>', '<!-- edited by an operator meanwhile -->\n</domain>');
      const r = await runPaused(
        ['fix', '--no-config', '--preset', 'recommended', '--write', '--backup', 'a.xml', 'b.xml'],
        cwd,
        fifo,
        async (file) => {
          if (file === 'a.xml') await writeFile(path.join(cwd, 'a.xml'), edited);
          return 'continue';
        },
      );
      expect(r.pauses).toEqual(['a.xml', 'b.xml']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        'virt-alias: a.xml: not written: it changed since it was read (its size changed): another program wrote it; run fix again on the new content\n',
      );
      expect(r.stderr).toMatch(/^virt-alias fix: 2 domain files, 1 changed;/m);
      expect(await readFile(path.join(cwd, 'a.xml'), 'utf8')).toBe(edited);
      expect(await readFile(path.join(cwd, 'b.xml'), 'utf8')).toBe(await fixed(RBD));
      // The refused file's backup is gone with it; the written one's stays.
      expect((await readdir(cwd)).sort()).toEqual(['a.xml', 'b.xml', 'b.xml.bak']);
    },
  );
});
