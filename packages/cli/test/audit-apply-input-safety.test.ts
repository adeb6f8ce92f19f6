/**
 * The files `audit merge` and `apply --journal`/`--resume` read or append to, where a FIFO or a
 * device once hung the run (a FIFO opened to be read, or opened for writing without a reader)
 * or took the machine's memory (/dev/zero read to the end): each is refused at once, exit 2,
 * naming the file and what it is. Spawns the built bin: a hang would otherwise hang the test
 * worker.
 */
import { execFileSync } from 'node:child_process';
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { probeProgram, requireTools } from '@virt-alias/rules/testing';
import { describe, expect, it } from 'vitest';
import { CLEAN_XML, HANG_TEST_MS, spawnBin, tempTree } from './helpers.js';

const mkfifo = (file: string): void => {
  execFileSync('mkfifo', [file]);
};

const FIFO = 'not a regular file: a FIFO (named pipe)';
const CHAR_DEVICE = 'not a regular file: a character device';
const virsh = await probeProgram('virsh', ['--version']);

describe('audit merge: a report that is not a regular file', () => {
  it(
    'a FIFO: refused, never waited on',
    async () => {
      const cwd = await tempTree({}, { isolate: false });
      mkfifo(path.join(cwd, 'host.json'));
      const r = await spawnBin(['audit', 'merge', 'host.json'], { cwd });
      expect(r.stderr).toBe(`virt-alias: audit merge: host.json: cannot read: ${FIFO}\n`);
      expect(r.code).toBe(2);
    },
    HANG_TEST_MS,
  );

  it(
    '/dev/zero: refused, not read until memory runs out',
    async () => {
      const cwd = await tempTree({}, { isolate: false });
      const r = await spawnBin(['audit', 'merge', '/dev/zero'], { cwd });
      expect(r.stderr).toBe(`virt-alias: audit merge: /dev/zero: cannot read: ${CHAR_DEVICE}\n`);
      expect(r.code).toBe(2);
    },
    HANG_TEST_MS,
  );
});

describe('a report written to a FIFO (or a device): refused, never replaced by a regular file', () => {
  // Written through a temporary file renamed over it, `-f json:/dev/full` replaced the device
  // node itself (as root), and /dev/stdout would go the same way.
  it.each([
    ['audit', ['audit', '--no-config', '-f', 'json:out.json', 'vm.xml']],
    ['audit merge', ['audit', 'merge', '-f', 'csv:out.json', 'report.json']],
    ['lint', ['lint', '--no-config', '-f', 'json:out.json', 'vm.xml']],
  ])(
    '%s',
    async (_, args) => {
      const cwd = await tempTree({ 'vm.xml': CLEAN_XML }, { isolate: false });
      const report = await spawnBin(['audit', '--no-config', '-f', 'json:report.json', 'vm.xml'], { cwd });
      expect(report.code, report.stderr).toBe(0);
      mkfifo(path.join(cwd, 'out.json'));
      const r = await spawnBin(args, { cwd });
      expect(r.stderr).toContain(`virt-alias: cannot write out.json: ${FIFO}`);
      expect(r.code).toBe(2);
      expect((await lstat(path.join(cwd, 'out.json'))).isFIFO()).toBe(true);
    },
    HANG_TEST_MS,
  );
});

requireTools('the apply journal tests', { virsh }, 'install the Debian/Ubuntu package libvirt-clients');

// Refused before any domain is looked at, but apply checks the connection first: the test driver.
describe.skipIf(!virsh)('apply: a journal that is not a regular file', () => {
  const apply = (args: readonly string[], cwd: string) =>
    spawnBin(['apply', '--no-config', '--connect', 'test:///default', '--yes', ...args, 'vm.xml'], { cwd });

  it(
    '--journal FIFO: refused, not opened for writing until a reader comes',
    async () => {
      const cwd = await tempTree({ 'vm.xml': '<domain/>' }, { isolate: false });
      mkfifo(path.join(cwd, 'j.jsonl'));
      const r = await apply(['--journal', 'j.jsonl'], cwd);
      expect(r.stderr).toContain(`virt-alias: j.jsonl: cannot open the journal: ${FIFO}\n`);
      expect(r.code).toBe(2);
    },
    HANG_TEST_MS,
  );

  it(
    '--resume FIFO or /dev/zero: refused, not read',
    async () => {
      const cwd = await tempTree({ 'vm.xml': '<domain/>' }, { isolate: false });
      mkfifo(path.join(cwd, 'j.jsonl'));
      const fifo = await apply(['--resume', 'j.jsonl'], cwd);
      expect(fifo.stderr).toBe(`virt-alias: cannot resume: j.jsonl: ${FIFO}\n`);
      expect(fifo.code).toBe(2);
      const zero = await apply(['--resume', '/dev/zero'], cwd);
      expect(zero.stderr).toBe(`virt-alias: cannot resume: /dev/zero: ${CHAR_DEVICE}\n`);
      expect(zero.code).toBe(2);
    },
    HANG_TEST_MS,
  );

  it(
    '--journal naming a directory: refused, nothing written there',
    async () => {
      const cwd = await tempTree({ 'vm.xml': '<domain/>', 'logs/': '' }, { isolate: false });
      const r = await apply(['--journal', 'logs'], cwd);
      expect(r.stderr).toMatch(/^virt-alias: logs: cannot open the journal: /m);
      expect(r.code).toBe(2);
      await expect(readFile(path.join(cwd, 'logs'))).rejects.toThrow(/EISDIR/);
    },
    HANG_TEST_MS,
  );
});
