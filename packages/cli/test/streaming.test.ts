/**
 * Results are written as files are done, not after all are read: the output of the first files
 * comes while later files are still unread, and the run never holds every text. No clock: the
 * pipe's back-pressure holds the bin while the test changes a file the bin has not read yet.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BAD_XML, BIN, CLEAN_XML, HANG_TEST_MS, tempTree } from './helpers.js';

/** Enough files that the output before the last is far more than a pipe and its buffers hold. */
const FILES = 2000;

const name = (i: number): string => `vms/f${String(i).padStart(4, '0')}.xml`;

async function fleetOfBadFiles(): Promise<string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) files[name(i)] = BAD_XML;
  return tempTree(files);
}

/**
 * Runs the bin, reads the first chunk of its stdout and stops reading; then `meanwhile`, then
 * reads the rest. The bin writes to a pipe synchronously: once the pipe and the reader's buffer
 * are full, it waits.
 */
function runPaused(
  args: readonly string[],
  cwd: string,
  meanwhile: () => Promise<void>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdout.setEncoding('utf8');
    child.stdout.once('data', (first: string) => {
      stdout += first;
      child.stdout.pause();
      meanwhile().then(() => {
        child.stdout.on('data', (s: string) => (stdout += s));
        child.stdout.resume();
      }, reject);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

describe('streaming output', () => {
  it.each([['1'], ['2']])(
    '--jobs %s: the first results are out before the last file is read',
    async (jobs) => {
      const cwd = await fleetOfBadFiles();
      const last = name(FILES - 1);
      const r = await runPaused(['lint', '--format', 'compact', '--jobs', jobs, 'vms'], cwd, async () => {
        // Had the bin read every file before writing, the last one would still be reported.
        await writeFile(path.join(cwd, last), CLEAN_XML);
      });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      const reported = r.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(':')[0]);
      expect(reported[0]).toBe(name(0));
      expect(reported).toHaveLength(FILES - 1);
      expect(reported).not.toContain(last);
    },
    HANG_TEST_MS,
  );

  it(
    'json is written file by file too, and is the whole array',
    async () => {
      const cwd = await fleetOfBadFiles();
      const last = name(FILES - 1);
      const r = await runPaused(['lint', '--format', 'json', '--jobs', '2', 'vms'], cwd, async () => {
        await writeFile(path.join(cwd, last), CLEAN_XML);
      });
      const results = JSON.parse(r.stdout) as { filePath: string; errorCount: number }[];
      expect(results).toHaveLength(FILES);
      expect(results.at(-1)).toMatchObject({ filePath: path.join(cwd, last), errorCount: 0 });
      expect(results[0]).toMatchObject({ filePath: path.join(cwd, name(0)), errorCount: 1 });
    },
    HANG_TEST_MS,
  );

  it(
    'a reader that goes away after the first line ends the run quietly, workers and all',
    async () => {
      const cwd = await fleetOfBadFiles();
      const r = await new Promise<{ code: number | null; stderr: string; lines: number }>(
        (resolve, reject) => {
          const child = spawn(process.execPath, [BIN, 'lint', '--format', 'compact', '--jobs', '2', 'vms'], {
            cwd,
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let stderr = '';
          let lines = 0;
          child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
          child.stdout.setEncoding('utf8').once('data', (s: string) => {
            lines = s.split('\n').length - 1;
            child.stdout.destroy();
          });
          child.on('error', reject);
          child.on('close', (code) => {
            resolve({ code, stderr, lines });
          });
        },
      );
      expect(r.lines).toBeGreaterThan(0);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    },
    HANG_TEST_MS,
  );
});
