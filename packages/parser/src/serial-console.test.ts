import { describe, expect, it } from 'vitest';
import { parseDomain } from './parse-domain.js';

/**
 * Each case is a define that `virsh -c test:///default` (9.0) was seen to answer so; the whole
 * space is checked against virsh in packages/rules/test/serial-console-virsh.test.ts.
 */
function fates(devices: string, os = 'hvm'): string[] {
  const text = `<domain type='kvm'><name>t</name><os><type arch='x86_64'>${os}</type></os><devices>${devices}</devices></domain>`;
  const parsed = parseDomain(text);
  if (parsed.kind !== 'domain') throw new Error(parsed.kind);
  return parsed.document.devices.map(
    (d) => `${d.kind}${d.kindIndex}${d.mirrorsSerial ? ' mirror' : ''}${d.uniquenessExempt ? ' exempt' : ''}`,
  );
}

const serial = (target = '', type = 'pty', inner = '') =>
  `<serial type='${type}'>${inner}<target${target ? ` type='${target}'` : ''}/></serial>`;
const console = (target?: string, type = 'pty', inner = '') =>
  `<console type='${type}'>${inner}${target ? `<target type='${target}'/>` : ''}</console>`;

describe('serialConsoleFates: HVM', () => {
  it('an ISA-like serial[0] gets a console of libvirt, so it is exempt; pci, usb and isa-debug get none', () => {
    for (const target of ['', 'isa-serial', 'spapr-vio-serial', 'system-serial', 'sclp-serial'])
      expect(fates(serial(target)), target).toEqual(['serial0 exempt']);
    for (const target of ['pci-serial', 'usb-serial', 'isa-debug'])
      expect(fates(serial(target)), target).toEqual(['serial0']);
    expect(fates(serial('pci-serial') + console('virtio'))).toEqual(['serial0', 'console0']);
  });

  it('a serial console mirrors serial[0] whatever its target type, and makes it exempt', () => {
    for (const target of ['isa-serial', 'pci-serial', 'usb-serial'])
      expect(fates(serial(target) + console('serial')), target).toEqual([
        'serial0 exempt',
        'console0 mirror',
      ]);
    expect(fates(serial() + console())).toEqual(['serial0 exempt', 'console0 mirror']);
  });

  it('with another source than serial[0] the console is replaced: its alias is not checked', () => {
    const file = (path: string) => `<source path='${path}'/>`;
    expect(fates(serial('', 'file', file('/a')) + console('serial'))).toEqual([
      'serial0 exempt',
      'console0 mirror exempt',
    ]);
    expect(fates(serial('', 'file', file('/a')) + console('serial', 'file', file('/b')))).toEqual([
      'serial0 exempt',
      'console0 mirror exempt',
    ]);
    expect(fates(serial('', 'file', file('/a')) + console('serial', 'file', file('/a')))).toEqual([
      'serial0 exempt',
      'console0 mirror',
    ]);
    // A pty's path is runtime state, left out; a serial without a type is a pty.
    expect(fates(`<serial/>` + console('serial', 'pty', file('/dev/pts/3')))).toEqual([
      'serial0 exempt',
      'console0 mirror',
    ]);
  });

  it('compares sources as libvirt does', () => {
    const pair = (a: string, b: string, type: string) =>
      fates(serial('', type, a) + console('serial', type, b))[1];
    expect(pair(`<source path='/a'/>`, `<source path='/a' append='off'/>`, 'file')).toBe(
      'console0 mirror exempt',
    );
    expect(pair(`<source path='/s'/>`, `<source mode='connect' path='/s'/>`, 'unix')).toBe('console0 mirror');
    expect(pair(`<source mode='bind' path='/s'/>`, `<source mode='connect' path='/s'/>`, 'unix')).toBe(
      'console0 mirror exempt',
    );
    const tcp = `<source mode='bind' host='h' service='1'/>`;
    expect(pair(tcp, `${tcp}<protocol type='raw'/>`, 'tcp')).toBe('console0 mirror');
    expect(pair(tcp, `${tcp}<protocol type='telnet'/>`, 'tcp')).toBe('console0 mirror exempt');
    expect(pair(tcp, `<source mode='bind' host='h' service='1' tls='yes'/>`, 'tcp')).toBe('console0 mirror');
    const bind = `<source mode='bind' host='h' service='1'/>`;
    const connect = `<source mode='connect' host='h' service='2'/>`;
    expect(pair(bind + connect, connect + bind, 'udp')).toBe('console0 mirror');
    expect(pair(`<source path='/a'/>`, `<source path='/a'/><log file='/l'/>`, 'file')).toBe(
      'console0 mirror',
    );
  });

  it('without a <serial>, console[0] becomes serial[0]: exempt, not a mirror', () => {
    expect(fates(console('serial') + console('virtio'))).toEqual(['console0 exempt', 'console1']);
    expect(fates(console('virtio'))).toEqual(['console0']);
  });

  it('a serial equal to serial[0] (source, target type, port written out) is exempt too', () => {
    const at = (port: number, type = 'pty') => `<serial type='${type}'><target port='${port}'/></serial>`;
    expect(fates(at(0) + at(0))).toEqual(['serial0 exempt', 'serial1 exempt']);
    expect(fates(at(0) + at(1))).toEqual(['serial0 exempt', 'serial1']);
    expect(fates(at(0) + at(0, 'null'))).toEqual(['serial0 exempt', 'serial1']);
    expect(fates(serial() + serial())).toEqual(['serial0 exempt', 'serial1']);
  });
});

describe('serialConsoleFates: Xen PV', () => {
  it('keeps every console as written; serial[0] is exempt only beside a serial console', () => {
    for (const os of ['xen', 'linux', 'xenpvh']) {
      expect(fates(serial() + console('serial'), os), os).toEqual(['serial0 exempt', 'console0']);
      expect(fates(serial() + console(), os), os).toEqual(['serial0 exempt', 'console0']);
      expect(fates(serial() + console('xen'), os), os).toEqual(['serial0', 'console0']);
      expect(fates(serial(), os), os).toEqual(['serial0']);
      expect(fates(console('serial'), os), os).toEqual(['console0']);
    }
  });
});
