// What a bench result was measured on: CPUs, memory, load, and the versions of every side.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

const firstLine = (text) => (text ?? '').trim().split('\n')[0] ?? '';

export function loadAverage() {
  return readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
}

/** `{ cpus, cpuModel, memoryGiB, node, xmllint, lxml, virtAlias }` (load averages are added by the run). */
export function describeMachine({ root, bin, python }) {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const run = (command, args) => spawnSync(command, args, { encoding: 'utf8', cwd: root });
  const lxml = run(python, [
    '-c',
    'import lxml.etree as e; print(e.__version__, ".".join(map(str, e.LIBXML_VERSION)))',
  ]);
  const git = run('git', ['describe', '--always', '--dirty']);
  return {
    cpus: os.availableParallelism(),
    cpuModel: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? 'unknown',
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    xmllint:
      firstLine(run('xmllint', ['--version']).stderr).replace(
        /^xmllint: using libxml version /,
        'xmllint with libxml2 ',
      ) || 'xmllint missing',
    lxml:
      lxml.status === 0
        ? `python3-lxml ${firstLine(lxml.stdout).replace(' ', ' (libxml2 ')})`
        : 'python3-lxml missing',
    virtAlias: `virt-alias ${firstLine(run(process.execPath, [bin, '--version']).stdout)} (git ${firstLine(git.stdout) || 'unknown'})`,
  };
}
