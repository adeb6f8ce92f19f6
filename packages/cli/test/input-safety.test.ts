/**
 * Inputs that once hung the run or took the machine's memory: FIFOs and devices where a file
 * was expected (as an argument, found in a directory, as --config or --baseline), and input
 * without end (/dev/zero as a file or as standard input). Every such input is refused at once,
 * the other files still linted; input is capped at 10 MiB, what `virsh define` reads (see
 * libvirt-limits.test.ts). Spawns the built bin: a hang would otherwise hang the test worker.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES } from '@virt-alias/rules';
import { BAD_XML, CLEAN_XML, domainOfSize, HANG_TEST_MS, spawnBin, tempTree } from './helpers.js';

/** The file names stylish lists, in order. */
const listed = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith(' ') && !l.startsWith('\u2716'))
    .map((l) => l.replace(/ \(preset \w+\)$/, ''));

const mkfifo = (file: string): void => {
  execFileSync('mkfifo', [file]);
};

const FIFO_REASON = 'not a regular file: a FIFO (named pipe)';

describe('a FIFO or a device where a file was expected: refused at once, never waited on', () => {
  it(
    'a FIFO given as an argument: an error for it, the other files still linted, exit 2',
    async () => {
      const cwd = await tempTree({ 'bad.xml': BAD_XML });
      mkfifo(path.join(cwd, 'pipe.xml'));
      const r = await spawnBin(['lint', 'pipe.xml', 'bad.xml'], { cwd });
      expect(r.stderr).toBe(`virt-alias: pipe.xml: cannot read: ${FIFO_REASON}\n`);
      expect(r.code).toBe(2);
      expect(listed(r.stdout)).toEqual(['bad.xml']);
    },
    HANG_TEST_MS,
  );

  it(
    'a FIFO found as *.xml in a directory: the same',
    async () => {
      const cwd = await tempTree({ 'vms/a.xml': BAD_XML, 'vms/z.xml': BAD_XML });
      mkfifo(path.join(cwd, 'vms/m.xml'));
      const r = await spawnBin(['lint', 'vms'], { cwd });
      expect(r.stderr).toBe(`virt-alias: vms/m.xml: cannot read: ${FIFO_REASON}\n`);
      expect(r.code).toBe(2);
      expect(listed(r.stdout)).toEqual(['vms/a.xml', 'vms/z.xml']);
    },
    HANG_TEST_MS,
  );

  it(
    'fix: a FIFO is reported, the other files still fixed',
    async () => {
      const cwd = await tempTree({ 'vms/a.xml': BAD_XML });
      mkfifo(path.join(cwd, 'vms/m.xml'));
      const r = await spawnBin(['fix', 'vms'], { cwd });
      expect(r.stderr).toContain(`virt-alias: vms/m.xml: cannot read: ${FIFO_REASON}\n`);
      expect(r.code).toBe(2);
      expect(r.stdout).toContain('+++ b/vms/a.xml');
    },
    HANG_TEST_MS,
  );

  it(
    'a FIFO given as --config: a config error, exit 2',
    async () => {
      const cwd = await tempTree({ 'bad.xml': BAD_XML });
      mkfifo(path.join(cwd, 'pipe.json'));
      const r = await spawnBin(['lint', '--config', 'pipe.json', 'bad.xml'], { cwd });
      expect(r.stderr).toBe(`virt-alias: pipe.json: cannot read config file: ${FIFO_REASON}\n`);
      expect(r.code).toBe(2);
    },
    HANG_TEST_MS,
  );

  it(
    'a FIFO as the virt-alias.config.json found by the cascade: refused, not skipped',
    async () => {
      const cwd = await tempTree({ 'sub/bad.xml': BAD_XML });
      mkfifo(path.join(cwd, 'sub/virt-alias.config.json'));
      const r = await spawnBin(['lint', 'sub/bad.xml'], { cwd });
      expect(r.stderr).toBe(
        `virt-alias: sub/virt-alias.config.json: cannot read config file: ${FIFO_REASON}\n`,
      );
      expect(r.code).toBe(2);
    },
    HANG_TEST_MS,
  );

  it(
    'a FIFO given as --baseline: exit 2',
    async () => {
      const cwd = await tempTree({ 'bad.xml': BAD_XML });
      mkfifo(path.join(cwd, 'known.json'));
      const r = await spawnBin(['lint', '--baseline', 'known.json', 'bad.xml'], { cwd });
      expect(r.stderr).toBe(`virt-alias: known.json: cannot read baseline: ${FIFO_REASON}\n`);
      expect(r.code).toBe(2);
    },
    HANG_TEST_MS,
  );

  it(
    '/dev/zero as a file (and as --config): a character device, refused without reading',
    async () => {
      const cwd = await tempTree({ 'bad.xml': BAD_XML });
      const asFile = await spawnBin(['lint', '/dev/zero', 'bad.xml'], { cwd });
      expect(asFile.stderr).toBe(
        'virt-alias: /dev/zero: cannot read: not a regular file: a character device\n',
      );
      expect(asFile.code).toBe(2);
      expect(listed(asFile.stdout)).toEqual(['bad.xml']);
      const asConfig = await spawnBin(['lint', '-c', '/dev/zero', 'bad.xml'], { cwd });
      expect(asConfig.stderr).toBe(
        'virt-alias: /dev/zero: cannot read config file: not a regular file: a character device\n',
      );
      expect(asConfig.code).toBe(2);
    },
    HANG_TEST_MS,
  );

  it(
    '--cache: a FIFO at the cache location or at its run record is a damaged cache, never waited on',
    async () => {
      const cwd = await tempTree({ 'vms/a.xml': BAD_XML, 'vms/b.xml': CLEAN_XML });
      const plain = await spawnBin(['lint', 'vms'], { cwd });
      expect(plain.code).toBe(1);
      // The cache file a FIFO: no hang, and no failure of a module loaded after its stat (Node 20
      // resolves packages with the array its synchronous stat fills: SYNC_STAT, read-regular-file.ts).
      mkfifo(path.join(cwd, 'cache'));
      const first = await spawnBin(['lint', '--cache', '--cache-location', 'cache', 'vms'], { cwd });
      expect(first).toMatchObject({ code: plain.code, stdout: plain.stdout, stderr: plain.stderr });
      // Its run record a FIFO: the same, and the next run writes both again as regular files.
      await rm(path.join(cwd, 'cache.run'), { force: true });
      mkfifo(path.join(cwd, 'cache.run'));
      for (let run = 0; run < 2; run++) {
        const again = await spawnBin(['lint', '--cache', '--cache-location', 'cache', 'vms'], { cwd });
        expect(again).toMatchObject({ code: plain.code, stdout: plain.stdout, stderr: plain.stderr });
      }
      expect((await stat(path.join(cwd, 'cache'))).isFile()).toBe(true);
      expect((await stat(path.join(cwd, 'cache.run'))).isFile()).toBe(true);
    },
    HANG_TEST_MS,
  );
});

const TOO_LARGE =
  /^larger than 10,485,760 bytes \(10 MiB\), more than libvirt reads: virsh define refuses it \("Value too large for defined data type"\); not read further$/;

describe('input is capped at 10 MiB (10,485,760 bytes), as virsh define caps it', () => {
  it(
    'a file of exactly 10 MiB is linted; one byte more is one fatal finding, exit 1',
    async () => {
      const cwd = await tempTree({
        'max.xml': domainOfSize(MAX_INPUT_BYTES),
        'over.xml': domainOfSize(MAX_INPUT_BYTES + 1),
      });
      expect(MAX_INPUT_BYTES).toBe(10_485_760);
      const max = await spawnBin(['lint', 'max.xml'], { cwd });
      expect(max).toEqual({ code: 0, stdout: '', stderr: '' });
      const over = await spawnBin(['lint', '--format', 'json', 'over.xml'], { cwd });
      expect(over.stderr).toBe('');
      expect(over.code).toBe(1);
      const [result] = JSON.parse(over.stdout) as [{ messages: { message: string; fatal: boolean }[] }];
      expect(result.messages).toHaveLength(1);
      expect(result.messages[0]).toMatchObject({ fatal: true, line: 1, column: 1, ruleId: null });
      expect(result.messages[0]!.message).toMatch(TOO_LARGE);
    },
    HANG_TEST_MS,
  );

  it(
    'fix: a file over the cap is a finding left, never written',
    async () => {
      const cwd = await tempTree({ 'over.xml': domainOfSize(MAX_INPUT_BYTES + 1) });
      const r = await spawnBin(['fix', '--write', 'over.xml'], { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('over.xml:1:1: error: larger than 10,485,760 bytes');
      expect(r.stderr).toContain('1 domain file, 0 changed');
    },
    HANG_TEST_MS,
  );

  it(
    '/dev/zero as standard input: reading stops after the cap, a fatal finding, exit 1',
    async () => {
      const cwd = await tempTree();
      const zero = openSync('/dev/zero', 'r');
      try {
        const r = await spawnBin(['lint', '-'], { cwd, input: zero });
        expect(r.stderr).toBe('');
        expect(r.stdout).toMatch(/<stdin>\n\s+1:1\s+error\s+larger than 10,485,760 bytes/);
        expect(r.code).toBe(1);
      } finally {
        closeSync(zero);
      }
    },
    HANG_TEST_MS,
  );

  it.each(['lint', 'fix'])(
    'a directory as standard input (%s -): an I/O error, exit 2, not an empty document',
    async (command) => {
      // Node reads a directory on fd 0 as a stream that ends at once, without an error.
      const cwd = await tempTree({ 'vms/a.xml': BAD_XML });
      const dir = openSync(path.join(cwd, 'vms'), 'r');
      try {
        const r = await spawnBin([command, '-'], { cwd, input: dir });
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(
          'virt-alias: <stdin>: cannot read standard input: is a directory (EISDIR)\n',
        );
        expect(r.code).toBe(2);
      } finally {
        closeSync(dir);
      }
    },
    HANG_TEST_MS,
  );

  it(
    'an endless pipe on standard input (fix -): the same, nothing echoed',
    async () => {
      const cwd = await tempTree();
      const r = await spawnBin(['fix', '-'], { cwd, endlessInput: Buffer.alloc(1 << 16, 0x20) });
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('<stdin>:1:1: error: larger than 10,485,760 bytes');
      expect(r.code).toBe(1);
    },
    HANG_TEST_MS,
  );

  it(
    'a config file over the cap: exit 2',
    async () => {
      const cwd = await tempTree({ 'bad.xml': BAD_XML });
      await writeFile(path.join(cwd, 'huge.json'), `{${' '.repeat(MAX_INPUT_BYTES)}}`);
      const r = await spawnBin(['lint', '-c', 'huge.json', 'bad.xml'], { cwd });
      expect(r.stderr).toBe('virt-alias: huge.json: cannot read config file: larger than 10,485,760 bytes\n');
      expect(r.code).toBe(2);
    },
    HANG_TEST_MS,
  );

  it('a clean domain well under the cap is still read whole', async () => {
    const cwd = await tempTree({ 'clean.xml': CLEAN_XML });
    expect(await spawnBin(['lint', 'clean.xml'], { cwd })).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('deep nesting: the element libvirt would refuse is one finding, never a crash', () => {
  const deep = `<domain type='kvm'>\n  <devices>\n    <disk type='file'>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</disk>\n  </devices>\n</domain>\n`;
  // Ancestors of the refused element: domain, devices, disk and 254 <a>.
  const column = `    <disk type='file'>`.length + 254 * 3 + 1;

  it(
    'lint: 100,000 levels end in one fatal finding at the 258th element, exit 1',
    async () => {
      const cwd = await tempTree({ 'deep.xml': deep });
      const r = await spawnBin(['lint', '--format', 'json', 'deep.xml'], { cwd });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      const [result] = JSON.parse(r.stdout) as [{ messages: unknown[] }];
      expect(result.messages).toEqual([
        {
          ruleId: null,
          fatal: true,
          severity: 2,
          message:
            'Excessive depth in document: 256 (virsh define refuses an element nested inside more than 256 others)',
          line: 3,
          column,
        },
      ]);
    },
    HANG_TEST_MS,
  );

  it(
    'fix --write: the same finding, the file left as it was',
    async () => {
      const cwd = await tempTree({ 'deep.xml': deep });
      const r = await spawnBin(['fix', '--write', 'deep.xml'], { cwd });
      expect(r.stderr).toContain(`deep.xml:3:${column}: error: Excessive depth in document: 256`);
      expect(r.stderr).not.toContain('internal error');
      expect(r.code).toBe(1);
      expect(await readFile(path.join(cwd, 'deep.xml'), 'utf8')).toBe(deep);
    },
    HANG_TEST_MS,
  );
});
