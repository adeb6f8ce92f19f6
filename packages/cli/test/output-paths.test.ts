/**
 * An --output-file that cannot be created fails the run at once (exit 2, the path and the
 * reason), before anything is linted; `-o /proc/x/y.sarif` once spun at full CPU forever (Node's
 * recursive mkdir loops where mkdir says ENOENT below an existing parent), and so did
 * `fix --out-dir /proc/x`.
 */
import { lstat, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirectories, MakeDirectoryError } from '../src/make-directories.js';
import { BAD_XML, HANG_TEST_MS, spawnBin, tempTree } from './helpers.js';

describe('an output path that cannot be created: exit 2 at once', () => {
  it(
    '-o /proc/x/y.sarif: the directory that cannot be made is named',
    async () => {
      const cwd = await tempTree({ 'bad.xml': BAD_XML });
      const r = await spawnBin(['lint', '-f', 'sarif', '-o', '/proc/x/y.sarif', 'bad.xml'], { cwd });
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'virt-alias: cannot write /proc/x/y.sarif: cannot create directory /proc/x: no such file or directory (ENOENT)\n',
      });
    },
    HANG_TEST_MS,
  );

  it(
    'a directory that exists but takes no file (/proc): refused before linting, nothing else written',
    async () => {
      const cwd = await tempTree({ 'bad.xml': BAD_XML });
      const r = await spawnBin(
        ['lint', '-f', 'junit:ok.xml', '-f', 'sarif:/proc/r.sarif', '-f', 'stylish', 'bad.xml'],
        { cwd },
      );
      expect(r.stderr).toBe('virt-alias: cannot write /proc/r.sarif: no such file or directory (ENOENT)\n');
      expect(r.code).toBe(2);
      // Not linted: no stylish output, and the junit file that could be written was not.
      expect(r.stdout).toBe('');
      expect((await readdir(cwd)).sort()).toEqual(['bad.xml', 'virt-alias.config.json']);
    },
    HANG_TEST_MS,
  );

  it(
    'an output file that is a directory',
    async () => {
      const cwd = await tempTree({ 'bad.xml': BAD_XML, 'out/': '' });
      const r = await spawnBin(['lint', '-f', 'sarif', '-o', 'out', 'bad.xml'], { cwd });
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: 'virt-alias: cannot write out: is a directory (EISDIR)\n',
      });
    },
    HANG_TEST_MS,
  );

  it(
    'missing parent directories are still made, and only the output is left in them',
    async () => {
      const cwd = await tempTree({ 'bad.xml': BAD_XML });
      const r = await spawnBin(['lint', '-f', 'json', '-o', 'reports/ci/lint.json', 'bad.xml'], { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
      expect(await readdir(path.join(cwd, 'reports/ci'))).toEqual(['lint.json']);
      expect(JSON.parse(await readFile(path.join(cwd, 'reports/ci/lint.json'), 'utf8'))).toHaveLength(1);
    },
    HANG_TEST_MS,
  );
});

describe('fix --out-dir that cannot be created: exit 2 at once', () => {
  it(
    '--out-dir /proc/x: the reason, before anything is read or written',
    async () => {
      const cwd = await tempTree({ 'vms/bad.xml': BAD_XML });
      const r = await spawnBin(['fix', '--out-dir', '/proc/x', 'vms'], { cwd });
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'virt-alias: --out-dir /proc/x: cannot be used: cannot create directory /proc/x: no such file or directory (ENOENT)\n',
      });
      expect(await readFile(path.join(cwd, 'vms/bad.xml'), 'utf8')).toBe(BAD_XML);
    },
    HANG_TEST_MS,
  );

  it(
    'a directory of the mirror that cannot be made: that file not written, the others are, exit 2',
    async () => {
      const cwd = await tempTree({ 'vms/bad.xml': BAD_XML, 'vms/sub/bad.xml': BAD_XML });
      await mkdir(path.join(cwd, 'out'));
      await writeFile(path.join(cwd, 'out/sub'), 'a file where the mirror needs a directory');
      const r = await spawnBin(['fix', '--out-dir', 'out', 'vms'], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `virt-alias: vms/sub/bad.xml: not written: ${path.join(cwd, 'out/sub')} is not a directory\n`,
      );
      expect(await readFile(path.join(cwd, 'out/bad.xml'), 'utf8')).not.toBe(BAD_XML);
    },
    HANG_TEST_MS,
  );
});

describe('makeDirectories', () => {
  it(
    'makes every missing level, accepts what exists, and never loops',
    async () => {
      const cwd = await tempTree();
      await makeDirectories(path.join(cwd, 'a/b/c'));
      await makeDirectories(path.join(cwd, 'a/b/c'));
      await mkdir(path.join(cwd, 'a/b/c/d'));
      expect(await readdir(path.join(cwd, 'a/b/c'))).toEqual(['d']);
      await expect(makeDirectories('/proc/x/y')).rejects.toThrow(
        new MakeDirectoryError('cannot create directory /proc/x: no such file or directory (ENOENT)'),
      );
      const file = path.join(cwd, 'virt-alias.config.json');
      await expect(makeDirectories(file)).rejects.toThrow(
        new MakeDirectoryError(`${file} is not a directory`),
      );
      await expect(makeDirectories(path.join(file, 'sub'))).rejects.toThrow(
        `cannot create directory ${file}/sub: a component of the path is not a directory (ENOTDIR)`,
      );
    },
    HANG_TEST_MS,
  );
});

describe('an output file named through a symbolic link', () => {
  it(
    'is written through it: the link stays a link, the file it names gets the report (-o /dev/stdout > file once replaced /dev/stdout)',
    async () => {
      const cwd = await tempTree({ 'bad.xml': BAD_XML, 'reports/real.json': '{}\n' });
      await symlink('reports/real.json', path.join(cwd, 'report.json'));
      // The shape of /dev/stdout when standard output is a file: a link through /proc/self/fd.
      await symlink('/proc/self/fd/1', path.join(cwd, 'stdout'));
      const r = await spawnBin(['lint', '-f', 'json:report.json', '-f', 'stylish:stdout', 'bad.xml'], {
        cwd,
        stdoutFile: path.join(cwd, 'captured.txt'),
      });
      expect(r.code, r.stderr).toBe(1);
      expect((await lstat(path.join(cwd, 'report.json'))).isSymbolicLink()).toBe(true);
      expect((await lstat(path.join(cwd, 'stdout'))).isSymbolicLink()).toBe(true);
      const report = JSON.parse(await readFile(path.join(cwd, 'reports/real.json'), 'utf8')) as {
        errorCount: number;
      }[];
      expect(report[0]!.errorCount).toBe(1);
      expect(await readFile(path.join(cwd, 'captured.txt'), 'utf8')).toContain('bad.xml');
    },
    HANG_TEST_MS,
  );

  it(
    'a link to nothing is refused before linting: it is not replaced, nothing is created',
    async () => {
      const cwd = await tempTree({ 'bad.xml': BAD_XML });
      await symlink('gone/report.json', path.join(cwd, 'report.json'));
      const r = await spawnBin(['lint', '-f', 'json:report.json', 'bad.xml'], { cwd });
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: 'virt-alias: cannot write report.json: a symbolic link to nothing: name the file itself\n',
      });
      expect((await lstat(path.join(cwd, 'report.json'))).isSymbolicLink()).toBe(true);
      expect(await readdir(cwd)).not.toContain('gone');
    },
    HANG_TEST_MS,
  );
});
