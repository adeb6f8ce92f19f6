/**
 * A file a run writes at its end (a report, a baseline, a change log) that is one of the domain
 * files it read is refused (exit 2), the domain file left as it was: `lint -o vm.xml vm.xml`
 * replaced the domain with its report.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BAD_XML, CLEAN_XML, run, tempTree } from './helpers.js';

const REFUSED = 'it is one of the files this run read, which it would replace: name another file';

describe('an output that is one of the inputs is not written', () => {
  it.each([
    [['lint', '-o', 'vm.xml', 'vm.xml'], 'virt-alias: cannot write vm.xml: '],
    [['lint', '-f', 'json:vms/../vm.xml', '.'], 'virt-alias: cannot write vms/../vm.xml: '],
    [
      ['lint', '--baseline', 'vm.xml', '--update-baseline', 'vm.xml'],
      'virt-alias: vm.xml: cannot write baseline: ',
    ],
    [
      ['fix', '--write', '--changes', 'vm.xml', 'vm.xml'],
      'virt-alias: vm.xml: cannot write the change log: ',
    ],
  ])('%j: exit 2, the domain file kept', async (argv, prefix) => {
    const cwd = await tempTree({ 'vm.xml': BAD_XML, 'vms/': '' });
    const r = await run(argv, { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${prefix}${REFUSED}\n`);
    const text = await readFile(path.join(cwd, 'vm.xml'), 'utf8');
    // fix --write fixed it; nothing else was written over it.
    expect(text).toMatch(/^<domain/);
    if (argv[0] === 'lint') expect(text).toBe(BAD_XML);
  });

  it('--stdin-filename names standard input, not a file read: an output by that name is written', async () => {
    const cwd = await tempTree({});
    const r = await run(['lint', '--stdin-filename', 'vm.xml', '-f', 'json:vm.xml', '-'], {
      cwd,
      stdin: BAD_XML,
    });
    expect(r).toMatchObject({ code: 1, stderr: '' });
    expect(await readFile(path.join(cwd, 'vm.xml'), 'utf8')).toMatch(/^\[\{"filePath"/);
  });

  it('a report of the last run, skipped as no domain, is replaced as before', async () => {
    const cwd = await tempTree({ 'vms/vm.xml': CLEAN_XML });
    expect(await run(['lint', '-f', 'junit:vms/report.xml', 'vms'], { cwd })).toMatchObject({ code: 0 });
    const again = await run(['lint', '-f', 'junit:vms/report.xml', 'vms'], { cwd });
    expect(again.code).toBe(0);
    expect(await readFile(path.join(cwd, 'vms/report.xml'), 'utf8')).toMatch(/<testsuites/);
  });
});
