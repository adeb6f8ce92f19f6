/**
 * How results look (issue 11): short stylish messages with a footer that counts what `fix`
 * fixes, coloured `fix` diffs on a terminal or with --color, and no colour with NO_COLOR or
 * TERM=dumb.
 */
import { describe, expect, it } from 'vitest';
import { BAD_XML, CLEAN_XML, run, runBin, tempTree } from './helpers.js';

const ESC = '\u001b[';
/** The text without its colour codes. */
const stripSgr = (s: string): string =>
  s
    .split(ESC)
    .map((part, i) => (i === 0 ? part : part.replace(/^\d+m/u, '')))
    .join('');
/** A Nova volume disk without an alias (fixable) and one with a bad alias (fixable). */
const NOVA_VOLUME = `<domain type='kvm'>
  <name>instance-00000001</name>
  <uuid>3c7d4a2e-9b1f-4c6d-8e2a-5f0b1c3d4e5f</uuid>
  <devices>
    <disk type='network' device='disk'>
      <source protocol='rbd' name='volumes/volume-9531985d-5d9d-49f8-9818-e811892f902b'/>
      <target dev='vdb' bus='virtio'/>
      <serial>9531985d-5d9d-49f8-9818-e811892f902b</serial>
    </disk>
  </devices>
</domain>
`;

describe('stylish', () => {
  it('ends with how many problems `virt-alias fix` fixes; short messages', async () => {
    const cwd = await tempTree({ 'vm.xml': NOVA_VOLUME }, { isolate: false });
    const r = await runBin(['lint', '--no-config', '--preset', 'nova', 'vm.xml'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      '\nvm.xml (preset nova)\n' +
        '  5:5  error  <disk> vdb (volume 9531985d-5d9d-49f8-9818-e811892f902b) has no user alias  alias-required\n\n' +
        '✖ 1 problem (1 error, 0 warnings)\n' +
        '  1 problem fixable with `virt-alias fix`\n',
    );
  });

  it('no footer when nothing is fixable', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const r = await run(
      ['lint', '--rule', 'alias-charset=off', '--rule', 'alias-required=error', 'bad.xml'],
      {
        cwd,
      },
    );
    expect(r.stdout).not.toContain('fixable');
  });
});

describe('colour', () => {
  it('a terminal gets colour; NO_COLOR and TERM=dumb do not; --color wins', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const tty = (env: Record<string, string>, flags: string[] = []) =>
      run(['lint', ...flags, 'bad.xml'], { cwd, isTTY: true, env });
    expect((await tty({ TERM: 'xterm-256color' })).stdout).toContain(ESC);
    expect((await tty({ TERM: 'dumb' })).stdout).not.toContain(ESC);
    expect((await tty({ NO_COLOR: '1', TERM: 'xterm' })).stdout).not.toContain(ESC);
    expect((await tty({ TERM: 'dumb' }, ['--color'])).stdout).toContain(ESC);
  });

  it('fix colours its diff as git does: with --color, or on a terminal', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML, 'clean.xml': CLEAN_XML });
    const forced = await runBin(['fix', '--color', 'bad.xml'], cwd);
    expect(forced.code).toBe(0);
    const lines = forced.stdout.split('\n');
    expect(lines).toContain(`${ESC}1m--- a/bad.xml${ESC}22m`);
    expect(lines.some((l) => l.startsWith(`${ESC}36m@@ `))).toBe(true);
    expect(lines).toContain(`${ESC}31m-      <alias name='ua-disk.0'/>${ESC}39m`);
    expect(lines.some((l) => l.startsWith(`${ESC}32m+      <alias name='ua-`))).toBe(true);
    const plain = await runBin(['fix', 'bad.xml'], cwd);
    expect(plain.stdout).not.toContain(ESC);
    expect(plain.stdout).toBe(stripSgr(forced.stdout));
    const tty = await run(['fix', 'bad.xml'], { cwd, isTTY: true, env: {} });
    expect(tty.stdout).toContain(`${ESC}31m-`);
    const dumb = await run(['fix', 'bad.xml'], { cwd, isTTY: true, env: { TERM: 'dumb' } });
    expect(dumb.stdout).not.toContain(ESC);
  });
});
