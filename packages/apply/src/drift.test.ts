import { parseDomain, type DomainDocument } from '@virt-alias/parser';
import { describe, expect, it } from 'vitest';
import { definitionDrift, definitionFacts } from './drift.js';

function doc(text: string): DomainDocument {
  const parsed = parseDomain(text);
  if (parsed.kind !== 'domain') throw new Error('not a domain');
  return parsed.document;
}

const STORED = `<domain type='qemu'>
  <name>vm</name>
  <uuid>0b6a6d5e-3c4f-4b7a-9e0d-1f2a3b4c5d6e</uuid>
  <metadata>
    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1"><nova:name>x</nova:name></nova:instance>
  </metadata>
  <memory unit='KiB'>65536</memory>
  <devices>
    <disk type='file' device='disk'>
      <source file='/a.img'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <source file='/b.img'/>
      <target dev='vdb' bus='virtio'/>
      <alias name='ua-b'/>
    </disk>
    <controller type='usb' index='0' model='qemu-xhci'/>
    <interface type='user'>
      <mac address='52:54:00:00:00:01'/>
      <teaming type='transient' persistent='ua-old'/>
    </interface>
  </devices>
</domain>
`;

describe('definitionDrift', () => {
  it('no drift: aliases, teaming references, layout, attribute order, prefixes and comments aside', () => {
    const file = `<?xml version="1.0"?>
<!-- fixed by virt-alias -->
<domain type="qemu"><name>vm</name><uuid>0b6a6d5e-3c4f-4b7a-9e0d-1f2a3b4c5d6e</uuid>
<metadata><n:instance xmlns:n="http://openstack.org/xmlns/libvirt/nova/1.1"><n:name>x</n:name></n:instance></metadata>
<memory unit="KiB">65536</memory>
<devices>
\t<controller model="qemu-xhci" index="0" type="usb"><alias name="ua-usb"/></controller>
\t<disk device="disk" type="file"><source file="/a.img"/><target bus="virtio" dev="vda"/><alias name="ua-a"/></disk>
\t<disk type="file" device="disk"><source file="/b.img"/><alias name="ua-b2"/><target dev="vdb" bus="virtio"/></disk>
\t<interface type="user"><mac address="52:54:00:00:00:01"/><teaming type="transient" persistent="ua-new"/><alias name="ua-x"/></interface>
</devices></domain>`;
    expect(definitionDrift(doc(STORED), doc(file))).toEqual([]);
  });

  it('a disk attached since the dump: its facts only, marked as the stored definition', () => {
    const stored = STORED.replace(
      `    <controller`,
      `    <disk type='file' device='disk'>\n      <source file='/c.img'/>\n      <target dev='vdc' bus='virtio'/>\n    </disk>\n    <controller`,
    );
    expect(definitionDrift(doc(stored), doc(STORED))).toEqual([
      '- /domain/devices/disk[vdc]/@device = "disk"',
      '- /domain/devices/disk[vdc]/@type = "file"',
      '- /domain/devices/disk[vdc]/source/@file = "/c.img"',
      '- /domain/devices/disk[vdc]/target/@bus = "virtio"',
      '- /domain/devices/disk[vdc]/target/@dev = "vdc"',
    ]);
  });

  it('text, attribute values, and the order of devices of one kind count', () => {
    const file = STORED.replace('65536', '131072');
    expect(definitionDrift(doc(STORED), doc(file))).toEqual([
      '- /domain/memory = "65536"',
      '+ /domain/memory = "131072"',
    ]);
    const swapped = STORED.replace(/(<disk[\s\S]*?<\/disk>)(\s*)(<disk[\s\S]*?<\/disk>)/, '$3$2$1');
    expect(definitionDrift(doc(STORED), doc(swapped)).length).toBeGreaterThan(0);
    const vnc = (extra: string): string =>
      STORED.replace('  </devices>', `    <graphics type='vnc' port='-1'${extra}/>\n  </devices>`);
    // A dump without --security-info lacks the password: defining it would drop the password.
    // The password itself is never shown; two different ones still differ.
    const [line, ...rest] = definitionDrift(doc(vnc(" passwd='secret'")), doc(vnc('')));
    expect(rest).toEqual([]);
    expect(line).toMatch(
      /^- \/domain\/devices\/graphics\[0\]\/@passwd = \(secret, keyed hash [0-9a-f]{12}\)$/,
    );
    expect(line).not.toContain("secret'");
    expect(definitionDrift(doc(vnc(" passwd='a'")), doc(vnc(" passwd='a'")))).toEqual([]);
    expect(definitionDrift(doc(vnc(" passwd='a'")), doc(vnc(" passwd='b'")))).toHaveLength(2);
  });

  it('an empty element is a fact of its own', () => {
    const withAcpi = STORED.replace('<memory', '<features><acpi/></features>\n  <memory');
    expect(definitionDrift(doc(STORED), doc(withAcpi))).toEqual(['+ /domain/features/acpi']);
  });

  it('facts name devices by what they are, other repeated elements by position', () => {
    const facts = definitionFacts(doc(STORED));
    expect(facts).toContain('/domain/devices/interface[52:54:00:00:00:01]/teaming/@type = "transient"');
    expect(facts).toContain('/domain/devices/controller[0]/@model = "qemu-xhci"');
    expect(facts.some((f) => f.includes('alias') || f.includes('@persistent'))).toBe(false);
  });
});
