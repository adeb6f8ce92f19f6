import { parseDomain, type DomainDocument } from '@virt-alias/parser';
import { describe, expect, it } from 'vitest';
import { applyFixes, mergeFixes } from '../fixes.js';
import { insertAliasFix, moveAliasFixes, removeAliasFix, renameAliasFixes } from './alias-edits.js';

function doc(text: string): DomainDocument {
  const parsed = parseDomain(text);
  if (parsed.kind !== 'domain') throw new Error(parsed.kind);
  return parsed.document;
}

function insertFirst(text: string, name = 'ua-x'): string {
  const d = doc(text);
  return applyFixes(text, [insertAliasFix(d, d.devices[0]!, name)]).output;
}

describe('insertAliasFix', () => {
  it('adds its own line before <address>, with the siblings indentation', () => {
    const text =
      "<domain>\n  <devices>\n    <disk type='file'>\n      <target dev='vda'/>\n      <address type='pci' slot='0x04'/>\n    </disk>\n  </devices>\n</domain>\n";
    expect(insertFirst(text)).toBe(
      "<domain>\n  <devices>\n    <disk type='file'>\n      <target dev='vda'/>\n      <alias name='ua-x'/>\n      <address type='pci' slot='0x04'/>\n    </disk>\n  </devices>\n</domain>\n",
    );
  });

  it('adds it before the end tag when there is no <address>', () => {
    const text =
      "<domain>\n<devices>\n    <disk>\n        <target dev='vda'/>\n    </disk>\n</devices>\n</domain>";
    expect(insertFirst(text)).toBe(
      "<domain>\n<devices>\n    <disk>\n        <target dev='vda'/>\n        <alias name='ua-x'/>\n    </disk>\n</devices>\n</domain>",
    );
  });

  it('keeps tabs, CRLF, BOM and the file quote style', () => {
    const text =
      '\uFEFF<?xml version="1.0"?>\r\n<domain type="kvm">\r\n\t<devices>\r\n\t\t<interface type="bridge">\r\n\t\t\t<mac address="52:54:00:00:00:01"/>\r\n\t\t</interface>\r\n\t</devices>\r\n</domain>\r\n';
    expect(insertFirst(text)).toBe(
      '\uFEFF<?xml version="1.0"?>\r\n<domain type="kvm">\r\n\t<devices>\r\n\t\t<interface type="bridge">\r\n\t\t\t<mac address="52:54:00:00:00:01"/>\r\n\t\t\t<alias name="ua-x"/>\r\n\t\t</interface>\r\n\t</devices>\r\n</domain>\r\n',
    );
  });

  it('finds line starts after a lone CR as after LF, and not inside CRLF', () => {
    const text =
      "<domain>\n  <devices>\n    <disk type='file'>\n      <target dev='vda'/>\n      <address type='pci' slot='0x04'/>\n    </disk>\n    <disk>\n      <target dev='vdb'/>\n    </disk>\n  </devices>\n</domain>\n";
    const lf = doc(text);
    const cr = doc(text.replace(/\n/g, '\r'));
    for (const i of [0, 1]) {
      expect(insertAliasFix(cr, cr.devices[i]!, 'ua-x')).toEqual(insertAliasFix(lf, lf.devices[i]!, 'ua-x'));
    }
    // A device whose line holds something else before it gets the alias inline.
    const shared = doc('<domain><devices>\r\n  x<!---->  <disk>\r\n  </disk></devices></domain>');
    expect(insertAliasFix(shared, shared.devices[0]!, 'ua-x').text).toBe("<alias name='ua-x'/>");
  });

  it('opens a self-closing device on lines of its own', () => {
    const text = "<domain>\n  <devices>\n    <memballoon model='virtio' />\n  </devices>\n</domain>\n";
    expect(insertFirst(text)).toBe(
      "<domain>\n  <devices>\n    <memballoon model='virtio'>\n      <alias name='ua-x'/>\n    </memballoon>\n  </devices>\n</domain>\n",
    );
  });

  it('writes a one-line device inline', () => {
    const text =
      "<domain><devices><disk type='file'><target dev='vda'/><address type='drive'/></disk><rng model='virtio'/></devices></domain>";
    expect(insertFirst(text)).toBe(
      "<domain><devices><disk type='file'><target dev='vda'/><alias name='ua-x'/><address type='drive'/></disk><rng model='virtio'/></devices></domain>",
    );
    const d = doc(text);
    expect(applyFixes(text, [insertAliasFix(d, d.devices[1]!, 'ua-r')]).output).toContain(
      "<rng model='virtio'><alias name='ua-r'/></rng>",
    );
  });

  it('keeps a comment that sits inside the device', () => {
    const text =
      "<domain>\n  <devices>\n    <disk>\n      <!-- the data volume -->\n      <target dev='vdb'/>\n    </disk>\n  </devices>\n</domain>\n";
    const out = insertFirst(text);
    expect(out).toContain(
      "      <!-- the data volume -->\n      <target dev='vdb'/>\n      <alias name='ua-x'/>\n    </disk>",
    );
  });
});

describe('renameAliasFixes', () => {
  it('changes only the value and moves teaming references with it', () => {
    const text =
      "<domain><devices>\n<interface type='bridge'><alias name=\"net.0\"/></interface>\n<interface type='hostdev'><teaming type='transient' persistent='net.0'/><alias name='ua-b'/></interface>\n</devices></domain>";
    const d = doc(text);
    const out = applyFixes(text, renameAliasFixes(d, d.devices[0]!, 'ua-a')).output;
    expect(out).toBe(text.replace('"net.0"', '"ua-a"').replace("persistent='net.0'", "persistent='ua-a'"));
  });
});

/** The text with every `<alias>` of device `index` (direct ones first, then nested) removed. */
function removeAll(text: string, index = 0): string {
  const d = doc(text);
  const device = d.devices[index]!;
  const fixes = [...device.aliasElements, ...device.nestedAliases].map((el) => removeAliasFix(d, el));
  return applyFixes(text, fixes).output;
}

describe('removeAliasFix', () => {
  it('takes an alias standing alone on its line with the whole line, LF or CRLF', () => {
    const text =
      "<domain>\n  <devices>\n    <graphics type='vnc'>\n      <alias name='ua-g'/>\n    </graphics>\n  </devices>\n</domain>\n";
    const out =
      "<domain>\n  <devices>\n    <graphics type='vnc'>\n    </graphics>\n  </devices>\n</domain>\n";
    expect(removeAll(text)).toBe(out);
    expect(removeAll(text.replace(/\n/g, '\r\n'))).toBe(out.replace(/\n/g, '\r\n'));
    expect(removeAll(text.replace('      <alias', '\t\t<alias'))).toBe(out);
  });

  it('takes exactly the element when something else shares its line', () => {
    const text =
      "<domain><devices>\n  <audio id='1' type='none'><alias name='ua-a'/></audio>\n  <rng model='virtio'>\n    <alias name='ua-r'/> <!-- note -->\n    <backend model='random'/>  <alias name='ua-b'/>\n  </rng>\n</devices></domain>";
    expect(removeAll(text)).toContain("<audio id='1' type='none'></audio>");
    const d = doc(text);
    const rng = d.devices[1]!;
    const out = applyFixes(
      text,
      rng.aliasElements.map((el) => removeAliasFix(d, el)),
    ).output;
    expect(out).toContain(
      "<rng model='virtio'>\n     <!-- note -->\n    <backend model='random'/>  \n  </rng>",
    );
  });

  it('takes an element with an end tag, an alias inside it, or attributes over several lines, whole', () => {
    const text =
      "<domain>\n  <devices>\n    <rng model='virtio'>\n      <alias name='ua-a'>\n        <alias name='ua-b'/>\n      </alias>\n      <alias\n        name='ua-c'></alias>\n    </rng>\n  </devices>\n</domain>\n";
    // The two removals touch (one line ends where the next begins): one pass applies one.
    const once = removeAll(text);
    expect(once).toBe(
      "<domain>\n  <devices>\n    <rng model='virtio'>\n      <alias\n        name='ua-c'></alias>\n    </rng>\n  </devices>\n</domain>\n",
    );
    expect(removeAll(once)).toBe(
      "<domain>\n  <devices>\n    <rng model='virtio'>\n    </rng>\n  </devices>\n</domain>\n",
    );
  });
});

describe('moveAliasFixes', () => {
  it('takes the nested alias out and gives the device a direct one, in one fix', () => {
    const text =
      "<domain>\n  <devices>\n    <disk type='file'>\n      <driver name='qemu'>\n        <alias name='ua-d'/>\n      </driver>\n      <target dev='vda'/>\n      <address type='pci' slot='0x04'/>\n    </disk>\n  </devices>\n</domain>\n";
    const d = doc(text);
    const device = d.devices[0]!;
    const fix = mergeFixes(text, moveAliasFixes(d, device, device.nestedAliases[0]!, 'ua-d'));
    expect(applyFixes(text, [fix!]).output).toBe(
      "<domain>\n  <devices>\n    <disk type='file'>\n      <driver name='qemu'>\n      </driver>\n      <target dev='vda'/>\n      <alias name='ua-d'/>\n      <address type='pci' slot='0x04'/>\n    </disk>\n  </devices>\n</domain>\n",
    );
  });
});
