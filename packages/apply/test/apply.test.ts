/**
 * `virt-alias apply` against a real libvirtd (QEMU driver, qemu:///system; see
 * libvirtd-setup.ts), the migration as operators run it: guests are defined (one of them
 * started for real, with TCG), dumped with `virsh dumpxml --inactive --security-info`, fixed with
 * `virt-alias fix --out-dir`, then applied with the built CLI. Every domain this file makes has a
 * random prefix and is destroyed and undefined afterwards, whatever happened.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compareAliases } from '@virt-alias/rewriter';
import { runProgram } from '@virt-alias/rules/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { definitionDrift } from '../src/drift.js';
import { missingAliases } from '../src/verify.js';
import {
  cli,
  define,
  doc,
  guestXml,
  HANG_GUARD,
  novaHead,
  PREFIX,
  removeDomains,
  removeTree,
  resultOf,
  stored,
  tempDir,
  URI,
  virsh,
  writeTree,
} from './helpers.js';

const libvirtd = inject('libvirtd');

describe('libvirtd for the apply tests', () => {
  it('runs (scripts/libvirtd-test.sh)', (ctx) => {
    if (!libvirtd.ready) ctx.skip(`no libvirtd on ${URI}: ${libvirtd.reason}`);
  });
});

const N = {
  running: `${PREFIX}running`,
  off: `${PREFIX}off`,
  drifted: `${PREFIX}drifted`,
  vnc: `${PREFIX}vnc`,
  duplicate: `${PREFIX}duplicate`,
  dropped: `${PREFIX}dropped`,
  nova: `${PREFIX}nova`,
  fresh: `${PREFIX}fresh`,
};

const VOLUME = '9531985d-5d9d-49f8-9818-e811892f902b';
const PORT_MAC = '52:54:00:aa:01:01';

/** Two file disks (sources need not exist to define), a NIC with user networking. */
const DISKS = (n: number): string =>
  Array.from(
    { length: n },
    (_, i) =>
      `    <disk type='file' device='disk'>\n      <source file='/var/lib/libvirt/images/${PREFIX}${i}.qcow2'/>\n` +
      `      <target dev='vd${'abcdef'[i]!}' bus='virtio'/>\n    </disk>`,
  ).join('\n');

/**
 * The same alias on every device, devices paired as the tool pairs them; but for a console that
 * mirrors serial[0], to which libvirt gives serial[0]'s alias (checked on its own below).
 */
function expectSameAliases(actual: string, expected: string): void {
  const cmp = compareAliases(doc(actual), doc(expected), { skipMirroredConsoles: true });
  expect(cmp).toEqual({ changes: [], onlyBefore: [], onlyAfter: [] });
}

const userAliases = (xml: string): string[] =>
  doc(xml)
    .devices.flatMap((d) => d.alias?.name ?? [])
    .filter((n) => n.startsWith('ua-'));

describe.skipIf(!libvirtd.ready)('apply on qemu:///system: a batch of dumped and fixed guests', () => {
  let work = '';
  /** Stored definitions just before apply ran (for the domains apply may touch). */
  const before = new Map<string, string>();
  let dry: Awaited<ReturnType<typeof cli>>;
  let applied: Awaited<ReturnType<typeof cli>>;

  const fixed = (rel: string): Promise<string> => readFile(path.join(work, 'fixed', rel), 'utf8');

  beforeAll(async () => {
    work = await tempDir('apply');
    const defs = path.join(work, 'defs');
    await writeTree(defs, { '.keep': '' });
    await define(
      defs,
      N.running,
      guestXml(N.running, {
        devices:
          `    <interface type='user'><mac address='${PORT_MAC}'/><model type='e1000'/></interface>\n` +
          `    <serial type='pty'/>\n    <input type='tablet' bus='usb'/>`,
      }),
    );
    await virsh('start', N.running);
    await define(
      defs,
      N.off,
      guestXml(N.off, {
        devices:
          `${DISKS(1)}\n    <disk type='file' device='disk'>\n      <source file='/var/lib/libvirt/images/${PREFIX}vol.qcow2'/>\n` +
          `      <target dev='vdc' bus='virtio'/>\n      <serial>${VOLUME}</serial>\n      <alias name='ua-data'/>\n    </disk>\n` +
          `    <interface type='user'><mac address='52:54:00:aa:01:02'/></interface>`,
      }),
    );
    await define(defs, N.drifted, guestXml(N.drifted, { devices: DISKS(1) }));
    await define(defs, N.vnc, guestXml(N.vnc, { devices: `    <graphics type='vnc' passwd='s3cret'/>` }));
    await define(defs, N.duplicate, guestXml(N.duplicate, { devices: DISKS(2) }));
    await define(defs, N.dropped, guestXml(N.dropped, { devices: DISKS(2) }));
    await define(
      defs,
      N.nova,
      guestXml(N.nova, {
        head: novaHead('test'),
        devices:
          `    <disk type='file' device='disk'>\n      <source file='/var/lib/nova/instances/${PREFIX}/disk'/>\n` +
          `      <target dev='vda' bus='virtio'/>\n    </disk>\n` +
          `    <disk type='block' device='disk'>\n      <source dev='/dev/disk/by-id/${PREFIX}vol'/>\n` +
          `      <target dev='vdb' bus='virtio'/>\n      <serial>${VOLUME}</serial>\n    </disk>`,
      }),
    );

    // Dumped as docs/apply.md says, but the VNC guest without --security-info: a common mistake.
    const dump = async (name: string, dir: string): Promise<void> => {
      const args =
        name === N.vnc ? ['dumpxml', '--inactive', name] : ['dumpxml', '--inactive', '--security-info', name];
      await writeTree(path.join(work, 'dumps', dir), { [`${name}.xml`]: await virsh(...args) });
    };
    for (const name of [N.running, N.off, N.drifted, N.vnc]) await dump(name, 'plain');
    for (const name of [N.duplicate, N.dropped]) await dump(name, 'lax');
    await dump(N.nova, 'nova');
    // A guest libvirt does not know yet: a hand-written file, fixed like the others.
    await writeTree(path.join(work, 'dumps', 'new'), {
      [`${N.fresh}.xml`]: guestXml(N.fresh, { devices: `${DISKS(1)}\n    <serial type='pty'/>` }),
    });

    for (const [dir, preset] of [
      ['plain', ['--preset', 'strict']],
      ['lax', ['--preset', 'strict']],
      ['nova', []],
      ['new', ['--preset', 'strict']],
    ] as const) {
      const r = await cli(
        ['fix', '--no-config', ...preset, '--out-dir', `fixed/${dir}`, `dumps/${dir}`],
        work,
      );
      expect(r.code, r.stderr).toBe(0);
    }
    // apply judges each file as the run's configs say: strict, and strict with two of libvirt's
    // rules off for the files edited below into what libvirt rejects or drops.
    await writeTree(path.join(work, 'fixed'), {
      'plain/virt-alias.config.json': JSON.stringify({ root: true, preset: 'strict' }),
      'new/virt-alias.config.json': JSON.stringify({ root: true, preset: 'strict' }),
      'nova/virt-alias.config.json': JSON.stringify({ root: true }),
      'lax/virt-alias.config.json': JSON.stringify({
        root: true,
        preset: 'strict',
        rules: { 'alias-unique': 'off', 'alias-charset': 'off' },
      }),
    });
    const edit = async (rel: string, change: (text: string) => string): Promise<void> => {
      const file = path.join(work, 'fixed', rel);
      const text = await readFile(file, 'utf8');
      const next = change(text);
      expect(next).not.toBe(text);
      await writeFile(file, next);
    };
    // vdb takes vda's alias: libvirt rejects the define ("non unique alias detected").
    await edit(`lax/${N.duplicate}.xml`, (t) =>
      t.replace(/<alias name='ua-disk-vdb'\/>/, "<alias name='ua-disk-vda'/>"),
    );
    // A '.': libvirt's schema lets it through, then libvirt drops the alias without a word.
    await edit(`lax/${N.dropped}.xml`, (t) =>
      t.replace(/<alias name='ua-disk-vdb'\/>/, "<alias name='ua-disk.b'/>"),
    );

    // The drifted guest gets a disk after its dump, as an operator might attach a volume.
    await virsh('attach-disk', N.drifted, `/var/lib/libvirt/images/${PREFIX}late.img`, 'vdz', '--config');

    for (const name of Object.values(N)) if (name !== N.fresh) before.set(name, await stored(name));
    dry = await cli(['apply', '--connect', URI, 'fixed'], work);
    applied = await cli(
      ['apply', '--connect', URI, '--yes', '--journal', 'apply.jsonl', '--backup-dir', 'backups', 'fixed'],
      work,
    );
  }, HANG_GUARD);

  afterAll(async () => {
    await removeDomains();
    if (work) await removeTree(work);
  }, HANG_GUARD);

  it('the fixed files name the devices the expected way', async () => {
    expect(await fixed(`plain/${N.off}.xml`)).toContain(`<alias name='ua-${VOLUME}'/>`);
    expect(await fixed(`nova/${N.nova}.xml`)).toContain(`<alias name='ua-${VOLUME}'/>`);
    // The Nova preset leaves local disks alone: a ua- alias there means a volume to Nova.
    expect(userAliases(await fixed(`nova/${N.nova}.xml`))).toEqual([`ua-${VOLUME}`]);
  });

  it('a dry run (standard input not a terminal, no --yes) shows the alias changes and changes nothing', async () => {
    expect(dry.code, dry.stderr).toBe(1);
    expect(dry.stderr).toMatch(/a dry run, because standard input is not a terminal: --yes applies/);
    const off = resultOf(dry.stdout, N.off);
    expect(off).toMatch(/: would be defined, \d+ alias changes/);
    expect(off).toMatch(new RegExp(`\\n {4}disk:vdc +ua-data -> ua-${VOLUME}\\n`));
    expect(off).toMatch(/interface:52:54:00:aa:01:02 +\(none\) -> ua-net-525400aa0102/);
    expect(resultOf(dry.stdout, N.running)).toMatch(
      /note: running: the new definition takes effect at its next cold boot/,
    );
    expect(resultOf(dry.stdout, N.drifted)).toMatch(/: skipped: the domain changed since the dump/);
    expect(resultOf(dry.stdout, N.nova)).toMatch(/: skipped: managed by OpenStack Nova/);
    expect(resultOf(dry.stdout, N.fresh)).toMatch(
      /: skipped: no domain '.*' on qemu:\/\/\/system: .*--allow-new/,
    );
    // Nothing written: no backup directory, and the stored definitions are as before (checked
    // for every domain once the real run is done below, against `before`, taken before both).
    await expect(stat(path.join(work, 'virt-alias-backup'))).rejects.toThrow(/ENOENT/);
  });

  it('apply --yes defines what it may, skips and rolls back the rest, and says so: exit 1', () => {
    expect(applied.code, applied.stderr).toBe(1);
    expect(applied.stderr).toMatch(
      /virt-alias apply: 8 domain\(s\) on qemu:\/\/\/system: 2 defined, 4 skipped, 2 rolled back/,
    );
  });

  it('each defined domain reads back with exactly the fixed aliases, and nothing else changed', async () => {
    for (const name of [N.running, N.off]) {
      expect(resultOf(applied.stdout, name)).toMatch(/: defined, \d+ alias changes/);
      const file = await fixed(`plain/${name}.xml`);
      const now = await stored(name);
      expectSameAliases(now, file);
      expect(definitionDrift(doc(now), doc(file))).toEqual([]);
      expect(userAliases(now).length).toBeGreaterThanOrEqual(6);
    }
    // libvirt gives the console that mirrors serial[0] the serial's alias.
    const devices = doc(await stored(N.running)).devices;
    const serial = devices.find((d) => d.kind === 'serial')?.alias?.name;
    expect(serial).toMatch(/^ua-/);
    expect(devices.find((d) => d.kind === 'console')?.alias?.name).toBe(serial);
  });

  it('the running guest is said to take its aliases at the next cold boot; until then it keeps its own', async () => {
    expect(resultOf(applied.stdout, N.running)).toMatch(
      /note: running: the new definition takes effect at its next cold boot \(shut down, then start\)/,
    );
    expect(resultOf(applied.stdout, N.off)).not.toMatch(/running/);
    const live = await virsh('dumpxml', N.running);
    expect(userAliases(live)).toEqual([]);
    expect(live).toMatch(/<alias name='net0'\/>/);
  });

  it('a file libvirt rejects (duplicate alias) is rolled back: the definition is intact byte for byte', async () => {
    const r = resultOf(applied.stdout, N.duplicate);
    expect(r).toMatch(/: rolled back: libvirt refused the definition/);
    expect(r).toMatch(/error: unsupported configuration: non unique alias detected: ua-disk-vda/);
    expect(await stored(N.duplicate)).toBe(before.get(N.duplicate));
  });

  it('an alias libvirt drops silently is caught on read-back: the backup is defined again, byte for byte', async () => {
    const r = resultOf(applied.stdout, N.dropped);
    expect(r).toMatch(/: rolled back: libvirt did not keep every alias of the file/);
    expect(r).toMatch(/disk:vdb: ua-disk\.b \(stored: no alias\)/);
    expect(r).toMatch(/note: the backup was defined again and reads back as it was/);
    expect(await stored(N.dropped)).toBe(before.get(N.dropped));
  });

  it('a domain changed since its dump is skipped, the difference shown, and left untouched', async () => {
    const r = resultOf(applied.stdout, N.drifted);
    expect(r).toMatch(/: skipped: the domain changed since the dump/);
    expect(r).toContain(
      `- /domain/devices/disk[vdz]/source/@file = "/var/lib/libvirt/images/${PREFIX}late.img"`,
    );
    expect(await stored(N.drifted)).toBe(before.get(N.drifted));
  });

  it('a dump without --security-info is skipped: defining it would drop the VNC password, which is never shown', async () => {
    const r = resultOf(applied.stdout, N.vnc);
    expect(r).toMatch(/: skipped: the domain changed since the dump/);
    expect(r).toMatch(/- \/domain\/devices\/graphics\[0\]\/@passwd = \(secret, keyed hash [0-9a-f]{12}\)/);
    // The password is in no output and no journal line.
    expect(applied.stdout + applied.stderr + dry.stdout + dry.stderr).not.toContain('s3cret');
    expect(await readFile(path.join(work, 'apply.jsonl'), 'utf8')).not.toContain('s3cret');
    expect(await stored(N.vnc)).toBe(before.get(N.vnc));
  });

  it('a Nova-managed domain is skipped with the reason; an unknown one is not defined', async () => {
    expect(resultOf(applied.stdout, N.nova)).toMatch(
      /: skipped: managed by OpenStack Nova \(nova:instance metadata\): Nova regenerates its XML .* hard reboot/,
    );
    expect(await stored(N.nova)).toBe(before.get(N.nova));
    expect((await virsh('list', '--all', '--name')).split('\n')).not.toContain(N.fresh);
  });

  it('the dry run changed nothing, and the real run touched only the domains it defined', async () => {
    for (const [name, text] of before) {
      if (name === N.running || name === N.off) continue;
      expect(await stored(name), name).toBe(text);
    }
  });

  it('keeps each replaced definition, as it was, in a backup directory of its own (0700, files 0600)', async () => {
    const runs = await readdir(path.join(work, 'backups'));
    expect(runs).toHaveLength(1);
    const dir = path.join(work, 'backups', runs[0]!);
    expect(runs[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const files = (await readdir(dir)).sort();
    const expected = [N.running, N.off, N.duplicate, N.dropped].sort();
    expect(files.map((f) => f.split('.')[0])).toEqual(expected);
    for (const f of files) {
      const name = f.split('.')[0]!;
      expect(await readFile(path.join(dir, f), 'utf8'), f).toBe(before.get(name));
      expect((await stat(path.join(dir, f))).mode & 0o777).toBe(0o600);
    }
  });

  it('journals every step, one JSON object a line, in order per domain', async () => {
    const records = (await readFile(path.join(work, 'apply.jsonl'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { event: string; step?: string; outcome?: string; domain?: { name: string } },
      );
    expect(records[0]).toMatchObject({ event: 'run', uri: URI });
    expect(records.at(-1)).toMatchObject({ event: 'end' });
    const of = (name: string): string[] =>
      records.filter((r) => r.domain?.name === name).map((r) => r.step ?? `outcome ${r.outcome ?? ''}`);
    expect(of(N.off)).toEqual(['backup', 'define', 'verify', 'outcome defined']);
    expect(of(N.duplicate)).toEqual(['backup', 'rollback', 'restored', 'outcome rolled-back']);
    expect(of(N.dropped)).toEqual(['backup', 'define', 'rollback', 'restored', 'outcome rolled-back']);
    expect(of(N.drifted)).toEqual(['outcome skipped']);
  });

  it('applied again: what was defined is unchanged, and nothing is written', async () => {
    const again = await cli(
      ['apply', '--connect', URI, '--yes', '--backup-dir', 'backups2', 'fixed/plain'],
      work,
    );
    expect(again.code).toBe(1);
    expect(resultOf(again.stdout, N.running)).toMatch(
      /: unchanged: the definition already has these aliases/,
    );
    expect(resultOf(again.stdout, N.off)).toMatch(/: unchanged/);
    await expect(stat(path.join(work, 'backups2'))).rejects.toThrow(/ENOENT/);
  });

  it('--include-nova-managed and --allow-new define those too, the Nova one with the warning', async () => {
    const r = await cli(
      [
        'apply',
        '--connect',
        URI,
        '--yes',
        '--include-nova-managed',
        '--allow-new',
        'fixed/nova',
        'fixed/new',
      ],
      work,
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(resultOf(r.stdout, N.nova)).toMatch(/: defined, 1 alias change\n/);
    expect(resultOf(r.stdout, N.nova)).toMatch(
      /note: managed by OpenStack Nova: this definition lasts only until/,
    );
    expect(resultOf(r.stdout, N.fresh)).toMatch(/: defined as a new domain, \d+ alias changes/);
    expectSameAliases(await stored(N.nova), await fixed(`nova/${N.nova}.xml`));
    // libvirt adds the devices a hand-written file leaves implicit; the file's are all there.
    const fresh = await fixed(`new/${N.fresh}.xml`);
    expect(missingAliases(doc(fresh), doc(await stored(N.fresh)))).toEqual([]);
    expect(userAliases(fresh).length).toBeGreaterThanOrEqual(2);
  });

  it('--force defines over the drift, and says what it replaced', async () => {
    const r = await cli(
      ['apply', '--connect', URI, '--yes', '--force', `fixed/plain/${N.drifted}.xml`],
      work,
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const result = resultOf(r.stdout, N.drifted);
    expect(result).toMatch(/: defined, \d+ alias changes?\n/);
    expect(result).toMatch(
      /note: --force: the new definition replaces the \d+ difference\(s\) from the current one/,
    );
    expect(result).toContain('- /domain/devices/disk[vdz]/target/@dev = "vdz"');
    const file = await fixed(`plain/${N.drifted}.xml`);
    expect(definitionDrift(doc(await stored(N.drifted)), doc(file))).toEqual([]);
    expectSameAliases(await stored(N.drifted), file);
  });

  it('after destroy and start the live XML carries the new aliases, and detach-device-alias finds devices by them', async () => {
    const file = await fixed(`plain/${N.running}.xml`);
    await virsh('destroy', N.running);
    await virsh('start', N.running);
    const live = await virsh('dumpxml', N.running);
    expectSameAliases(live, file);
    const again = await cli(['apply', '--connect', URI, '--yes', `fixed/plain/${N.running}.xml`], work);
    expect(again.code).toBe(0);
    expect(resultOf(again.stdout, N.running)).toMatch(
      /: unchanged: the definition already has these aliases$/,
    );
    const tablet = doc(file).devices.find((d) => d.kind === 'input' && d.type === 'tablet')?.alias?.name;
    const nic = doc(file).devices.find((d) => d.kind === 'interface')?.alias?.name;
    expect(tablet).toMatch(/^ua-/);
    expect(nic).toBe('ua-net-525400aa0101');
    // Asynchronous for a live device: the request is accepted because the alias names a device.
    expect(await virsh('detach-device-alias', N.running, tablet!, '--live')).toMatch(/detach request sent/);
    await expect(virsh('detach-device-alias', N.running, 'ua-no-such-device', '--live')).rejects.toThrow(
      /no device found with alias ua-no-such-device/,
    );
    await virsh('detach-device-alias', N.running, nic!, '--config');
    expect(doc(await stored(N.running)).devices.some((d) => d.kind === 'interface')).toBe(false);
  });
});

describe.skipIf(!libvirtd.ready)('apply killed mid-run, then --resume', () => {
  let work = '';
  const names = ['a', 'b', 'c'].map((x) => `${PREFIX}resume-${x}`);
  let killed: Awaited<ReturnType<typeof cli>>;
  let resumed: Awaited<ReturnType<typeof cli>>;
  const atKill = new Map<string, string>();
  const fixedText = (name: string): Promise<string> =>
    readFile(path.join(work, 'fixed', `${name}.xml`), 'utf8');
  const records = async (): Promise<
    { run?: string; event: string; step?: string; outcome?: string; domain?: { name: string } }[]
  > =>
    (await readFile(path.join(work, 'apply.jsonl'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string });

  beforeAll(async () => {
    work = await tempDir('resume');
    for (const name of names) {
      await define(
        work,
        name,
        guestXml(name, { devices: `${DISKS(2)}\n    <serial type='pty'/>` }, randomUUID()),
      );
      await writeTree(path.join(work, 'dumps'), {
        [`${name}.xml`]: await virsh('dumpxml', '--inactive', '--security-info', name),
      });
    }
    const fix = await cli(['fix', '--no-config', '--preset', 'strict', '--out-dir', 'fixed', 'dumps'], work);
    expect(fix.code, fix.stderr).toBe(0);
    const fifo = path.join(work, 'pause.fifo');
    expect((await runProgram('mkfifo', [fifo])).code).toBe(0);
    // One domain at a time, in file order: killed once b is defined and before it is verified.
    killed = await cli(
      [
        'apply',
        '--no-config',
        '--preset',
        'strict',
        '--connect',
        URI,
        '--yes',
        '--jobs',
        '1',
        '--journal',
        'apply.jsonl',
        'fixed',
      ],
      work,
      {
        env: { VIRT_ALIAS_TEST_PAUSE_AFTER_JOURNAL: fifo },
        onLine: async (line, kill) => {
          if (!line.startsWith('virt-alias: test hook: paused after journal record: ')) return;
          if (line.endsWith(`step define ${names[1]!}`)) kill();
          else await writeFile(fifo, 'go\n');
        },
      },
    );
    for (const name of names) atKill.set(name, await stored(name));
    resumed = await cli(
      [
        'apply',
        '--no-config',
        '--preset',
        'strict',
        '--connect',
        URI,
        '--yes',
        '--jobs',
        '1',
        '--resume',
        'apply.jsonl',
        'fixed',
      ],
      work,
    );
  }, HANG_GUARD);

  afterAll(async () => {
    await removeDomains();
    if (work) await removeTree(work);
  }, HANG_GUARD);

  it('the kill lands after b is defined and before it is verified; c is untouched', async () => {
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(killed.stdout).toBe('');
    expectSameAliases(atKill.get(names[0]!)!, await fixedText(names[0]!));
    expectSameAliases(atKill.get(names[1]!)!, await fixedText(names[1]!));
    expect(userAliases(atKill.get(names[2]!)!)).toEqual([]);
  });

  it('--resume leaves out what the journal says is done, finds b already defined, defines c: exit 0', async () => {
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resultOf(resumed.stdout, names[0]!)).toMatch(
      /: done earlier\n {2}note: defined at .* \(journal\); not looked at again/,
    );
    expect(resultOf(resumed.stdout, names[1]!)).toMatch(
      /: unchanged: the definition already has these aliases/,
    );
    expect(resultOf(resumed.stdout, names[2]!)).toMatch(/: defined, \d+ alias changes/);
    for (const name of names) expectSameAliases(await stored(name), await fixedText(name));
  });

  it('the resumed run journals no step for a, and defines only c', async () => {
    const all = await records();
    const runIds = all.filter((r) => r.event === 'run').map((r) => r.run);
    expect(runIds).toHaveLength(2);
    const first = all.filter((r) => r.run === runIds[0]);
    const second = all.filter((r) => r.run === runIds[1]);
    const steps = (list: typeof all, name: string): string[] =>
      list.filter((r) => r.domain?.name === name).map((r) => r.step ?? `outcome ${r.outcome ?? ''}`);
    expect(steps(first, names[0]!)).toEqual(['backup', 'define', 'verify', 'outcome defined']);
    expect(steps(first, names[1]!)).toEqual(['backup', 'define']);
    expect(steps(first, names[2]!)).toEqual([]);
    expect(first.at(-1)).toMatchObject({ event: 'step', step: 'define', domain: { name: names[1] } });
    expect(steps(second, names[0]!)).toEqual(['outcome already-done']);
    expect(steps(second, names[1]!)).toEqual(['outcome unchanged']);
    expect(steps(second, names[2]!)).toEqual(['backup', 'define', 'verify', 'outcome defined']);
  });
});
