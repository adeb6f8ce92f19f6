/**
 * A deterministic corpus of Nova-like domain XML (4-8 KiB each) and mutations of it, for the
 * parser's differential test and benchmark. Same seed, same documents, on every machine.
 */

export type Random = () => number;

/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Random, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chance = (r: Random, p: number): boolean => r() < p;

function uuid(r: Random): string {
  const hex = (n: number): string =>
    Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(r, ['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}

const mac = (r: Random): string =>
  `fa:16:3e:${[0, 0, 0].map(() => int(r, 0, 255).toString(16).padStart(2, '0')).join(':')}`;

const NOVA_NS = 'http://openstack.org/xmlns/libvirt/nova/1.1';

/** How the aliases of a guest look: before the upgrade, after it, a running guest's dump, broken. */
type AliasStyle = 'unmigrated' | 'migrated' | 'live' | 'broken';

/** One Nova-like guest: a header comment, Nova metadata, 1-5 volumes, 1-4 ports and the usual devices. */
export function novaDomain(r: Random, index: number): string {
  const q = chance(r, 0.8) ? "'" : '"';
  const a = (name: string, value: string): string => {
    const quote = chance(r, 0.9) ? q : q === "'" ? '"' : "'";
    return chance(r, 0.03) ? ` ${name} = ${quote}${value}${quote}` : ` ${name}=${quote}${value}${quote}`;
  };
  const style = pick<AliasStyle>(r, ['unmigrated', 'migrated', 'migrated', 'live', 'broken']);
  const indent = pick(r, ['  ', '  ', '  ', '    ', '\t']);
  const lines: string[] = [];
  const line = (depth: number, s: string): void => {
    lines.push(indent.repeat(depth) + s);
  };
  const id = uuid(r);
  if (chance(r, 0.5)) {
    lines.push(
      pick(r, [
        `<?xml version='1.0' encoding='UTF-8'?>`,
        `<?xml version="1.0"?>`,
        `<?xml version="1.0" encoding="utf-8" standalone="yes"?>`,
        `<?xml version='1.1'?>`,
      ]),
    );
  }
  if (chance(r, 0.4)) {
    lines.push(`<!--`, `  Guest ${index}: ${style}, as virsh dumpxml shows it.`, `-->`);
  }
  if (chance(r, 0.05)) lines.push(`<?virt-alias note?>`);
  line(0, `<domain${a('type', 'kvm')}${style === 'live' ? a('id', String(int(r, 1, 99))) : ''}>`);
  line(1, `<name>instance-${index.toString(16).padStart(8, '0')}</name>`);
  line(1, `<uuid>${id}</uuid>`);
  if (chance(r, 0.3)) {
    const desc = pick(r, [
      'R&amp;D database &lt;primary&gt;',
      'caf\u00e9 \u2014 \u00fcber-server &#x41;&#233;',
      'emoji \u{1F600} guest',
      '<![CDATA[raw <text> & more]]>',
      'quote &quot;x&quot; and &apos;y&apos;',
    ]);
    line(1, `<description>${desc}</description>`);
  }
  const defaultNs = chance(r, 0.1);
  const p = defaultNs ? '' : 'nova:';
  line(1, '<metadata>');
  line(2, defaultNs ? `<instance xmlns="${NOVA_NS}">` : `<nova:instance xmlns:nova="${NOVA_NS}">`);
  line(3, `<${p}package${a('version', '29.0.1')}/>`);
  line(3, `<${p}name>guest-${index}</${p}name>`);
  line(3, `<${p}creationTime>2024-05-14 08:31:07</${p}creationTime>`);
  line(3, `<${p}flavor${a('name', 'm1.large')}>`);
  for (const [k, v] of [
    ['memory', '8192'],
    ['disk', '40'],
    ['swap', '0'],
    ['ephemeral', '0'],
    ['vcpus', '4'],
  ] as const) {
    line(4, `<${p}${k}>${v}</${p}${k}>`);
  }
  line(3, `</${p}flavor>`);
  line(3, `<${p}owner>`);
  line(4, `<${p}user${a('uuid', uuid(r).replace(/-/g, ''))}>alice</${p}user>`);
  line(4, `<${p}project${a('uuid', uuid(r).replace(/-/g, ''))}>web</${p}project>`);
  line(3, `</${p}owner>`);
  line(3, `<${p}root${a('type', 'image')}${a('uuid', uuid(r))}/>`);
  const ports = Array.from({ length: int(r, 1, 4) }, () => uuid(r));
  line(3, `<${p}ports>`);
  for (const port of ports) {
    line(4, `<${p}port${a('uuid', port)}>`);
    line(
      5,
      `<${p}ip${a('type', 'fixed')}${a('address', `10.20.${int(r, 0, 255)}.${int(r, 1, 254)}`)}${a('ipVersion', '4')}/>`,
    );
    line(4, `</${p}port>`);
  }
  line(3, `</${p}ports>`);
  line(2, defaultNs ? '</instance>' : '</nova:instance>');
  line(1, '</metadata>');
  line(1, `<memory${a('unit', 'KiB')}>8388608</memory>`);
  line(1, `<currentMemory${a('unit', 'KiB')}>8388608</currentMemory>`);
  line(1, `<vcpu${a('placement', 'static')}>4</vcpu>`);
  line(1, '<cputune>');
  line(2, '<shares>4096</shares>');
  line(1, '</cputune>');
  line(1, `<sysinfo${a('type', 'smbios')}>`);
  line(2, '<system>');
  for (const [k, v] of [
    ['manufacturer', 'OpenStack Foundation'],
    ['product', 'OpenStack Nova'],
    ['version', '29.0.1'],
    ['serial', id],
    ['uuid', id],
    ['family', 'Virtual Machine'],
  ] as const) {
    line(3, `<entry${a('name', k)}>${v}</entry>`);
  }
  line(2, '</system>');
  line(1, '</sysinfo>');
  line(1, '<os>');
  line(2, `<type${a('arch', 'x86_64')}${a('machine', 'pc-q35-7.2')}>hvm</type>`);
  line(2, `<boot${a('dev', 'hd')}/>`);
  line(2, `<smbios${a('mode', 'sysinfo')}/>`);
  line(1, '</os>');
  line(1, '<features>');
  line(2, '<acpi/>');
  line(2, chance(r, 0.1) ? '<apic />' : '<apic/>');
  line(1, '</features>');
  line(1, `<cpu${a('mode', 'host-model')}${a('check', 'partial')}>`);
  line(2, `<topology${a('sockets', '4')}${a('dies', '1')}${a('cores', '1')}${a('threads', '1')}/>`);
  line(1, '</cpu>');
  line(1, `<clock${a('offset', 'utc')}>`);
  line(2, `<timer${a('name', 'rtc')}${a('tickpolicy', 'catchup')}/>`);
  line(1, '</clock>');
  line(1, '<on_poweroff>destroy</on_poweroff>');
  line(1, '<on_reboot>restart</on_reboot>');
  line(1, '<on_crash>destroy</on_crash>');
  line(1, '<devices>');
  line(2, '<emulator>/usr/bin/qemu-system-x86_64</emulator>');
  let slot = 0;
  const address = (depth: number): void => {
    const bus = `0x0${slot++ % 8}`;
    line(
      depth,
      `<address${a('type', 'pci')}${a('domain', '0x0000')}${a('bus', bus)}${a('slot', '0x00')}${a('function', '0x0')}/>`,
    );
  };
  const alias = (depth: number, name: string, device: number): void => {
    if (style === 'unmigrated' && device > 0) return;
    if (style === 'live')
      line(depth, `<alias${a('name', name.startsWith('ua-') ? name : `virtio-disk${device}`)}/>`);
    else if (style === 'broken')
      line(depth, `<alias${a('name', pick(r, ['ua-dup', 'UA-x', 'ua-', 'ua-a b', name]))}/>`);
    else line(depth, `<alias${a('name', name)}/>`);
  };
  const volumes = int(r, 1, 4);
  for (let d = 0; d < volumes; d++) {
    const vol = uuid(r);
    const dev = `vd${String.fromCharCode(97 + d)}`;
    if (chance(r, 0.2)) line(2, `<!-- volume ${vol} -->`);
    if (d === 0) {
      line(2, `<disk${a('type', 'file')}${a('device', 'disk')}>`);
      line(3, `<driver${a('name', 'qemu')}${a('type', 'qcow2')}${a('cache', 'none')}/>`);
      line(3, `<source${a('file', `/var/lib/nova/instances/${id}/disk`)}/>`);
    } else {
      line(2, `<disk${a('type', 'network')}${a('device', 'disk')}>`);
      line(
        3,
        `<driver${a('name', 'qemu')}${a('type', 'raw')}${a('cache', 'none')}${a('discard', 'unmap')}/>`,
      );
      line(3, `<auth${a('username', 'cinder')}>`);
      line(4, `<secret${a('type', 'ceph')}${a('uuid', uuid(r))}/>`);
      line(3, '</auth>');
      line(3, `<source${a('protocol', 'rbd')}${a('name', `volumes/volume-${vol}`)}>`);
      for (let h = 1; h <= 3; h++) line(4, `<host${a('name', `192.0.2.1${h}`)}${a('port', '6789')}/>`);
      line(3, '</source>');
      line(3, `<serial>${vol}</serial>`);
    }
    line(3, `<target${a('dev', dev)}${a('bus', 'virtio')}/>`);
    alias(3, `ua-${vol}`, d);
    line(
      3,
      `<address${a('type', 'pci')}${a('domain', '0x0000')}${a('bus', `0x0${d + 3}`)}${a('slot', '0x00')}${a('function', '0x0')}/>`,
    );
    line(2, chance(r, 0.05) ? '</disk >' : '</disk>');
  }
  ports.forEach((port, i) => {
    if (chance(r, 0.1)) {
      line(2, '<interface');
      line(4, `type='ethernet'>`);
    } else {
      line(2, `<interface${a('type', 'ethernet')}>`);
    }
    line(3, `<mac${a('address', mac(r))}/>`);
    line(3, `<target${a('dev', `tap${port.slice(0, 11)}`)}${a('managed', 'no')}/>`);
    line(3, `<model${a('type', 'virtio')}/>`);
    line(3, `<mtu${a('size', '1442')}/>`);
    alias(3, `ua-${port}`, i + 1);
    address(3);
    line(2, '</interface>');
  });
  for (let c = 0; c < int(r, 1, 4); c++) {
    line(
      2,
      `<controller${a('type', 'pci')}${a('index', String(c))}${a('model', c === 0 ? 'pcie-root' : 'pcie-root-port')}/>`,
    );
  }
  line(2, `<serial${a('type', 'pty')}>`);
  line(3, `<log${a('file', `/var/lib/nova/instances/${id}/console.log`)}${a('append', 'off')}/>`);
  line(3, `<target${a('type', 'isa-serial')}${a('port', '0')}/>`);
  line(2, '</serial>');
  line(2, `<console${a('type', 'pty')}>`);
  line(3, `<target${a('type', 'serial')}${a('port', '0')}/>`);
  line(2, '</console>');
  line(2, `<input${a('type', 'tablet')}${a('bus', 'usb')}/>`);
  line(2, `<input${a('type', 'mouse')}${a('bus', 'ps2')}/>`);
  line(2, `<input${a('type', 'keyboard')}${a('bus', 'ps2')}/>`);
  line(2, `<graphics${a('type', 'vnc')}${a('port', '-1')}${a('autoport', 'yes')}${a('listen', '0.0.0.0')}/>`);
  line(2, `<controller${a('type', 'usb')}${a('index', '0')}${a('model', 'qemu-xhci')}>`);
  address(3);
  line(2, '</controller>');
  line(2, '<video>');
  line(3, `<model${a('type', 'virtio')}${a('heads', '1')}${a('primary', 'yes')}/>`);
  address(3);
  line(2, '</video>');
  line(2, `<memballoon${a('model', 'virtio')}>`);
  line(3, `<stats${a('period', '10')}/>`);
  address(3);
  line(2, '</memballoon>');
  line(2, `<rng${a('model', 'virtio')}>`);
  line(3, `<backend${a('model', 'random')}>/dev/urandom</backend>`);
  address(3);
  line(2, '</rng>');
  line(1, '</devices>');
  line(0, '</domain>');
  const eol = pick(r, ['\n', '\n', '\n', '\n', '\n', '\n', '\r\n', '\r\n', '\r']);
  const text = lines.join(eol) + (chance(r, 0.9) ? eol : '');
  return chance(r, 0.05) ? `\uFEFF${text}` : text;
}

// ---- mutations ------------------------------------------------------------------------------

/** Characters a flip may put anywhere: markup, references, controls, line ends, non-ASCII. */
const FLIPS = [
  '<',
  '>',
  '&',
  ';',
  '"',
  "'",
  '=',
  '/',
  '!',
  '?',
  '-',
  ']',
  '[',
  ':',
  '#',
  'x',
  ' ',
  '\t',
  '\n',
  '\r',
  '\u0001',
  '\u000b',
  '\u001f',
  '\uFFFE',
  '\uFFFF',
  '\u0085',
  '\u2028',
  '\u00e9',
  '\u{1F600}',
  '\uFEFF',
  '\u00b7',
  '\u0300',
  '\u0080',
  '\u009f',
  '0',
  '.',
];

const INSERTS = [
  '<',
  '&',
  ']]>',
  '&foo;',
  '&#0;',
  '&#xD800;',
  '&#X41;',
  '&;',
  '&amp',
  '&#x1F600;',
  '&#65;',
  '<!-- a <!-- b --> c -->',
  '<!-- a -- b -->',
  '<!-- a --->',
  '<!---->',
  '<!-->',
  '<!--',
  '<![CDATA[x]]>',
  '<![CDATA[x',
  '<![CDATA[a]]]]>',
  '<?pi x?>',
  '<?xml version="1.0"?>',
  '<?XML x?>',
  '<? x?>',
  '<?a:b x?>',
  '<?pi',
  '</>',
  '< x/>',
  '</ x>',
  '<x/ >',
  '<!x>',
  '<!-',
  '<!DOCTYPE x>',
  '<!DOCTYPE x [<!ENTITY e "v">]>',
  '<!DOCTYPE x [<!-- a -- b -->]>',
  '<!DOCTYPE x SYSTEM "a>b">',
  '<a:b/>',
  '<a xmlns:a=""/>',
  '<a xmlns:xml="urn:x"/>',
  '<a xmlns="http://www.w3.org/2000/xmlns/"/>',
  '<xmlns:a/>',
  '<a b:c="1" xmlns:b="urn:b"/>',
  '<a x="1" x="2"/>',
  '<a p:x="1" q:x="2" xmlns:p="urn:u" xmlns:q="urn:u"/>',
  '<a x="1"y="2"/>',
  '<a x=1/>',
  '<a x/>',
  '<a x />',
  '<a =1/>',
  '<1a/>',
  '<a:b:c/>',
  '<:a/>',
  '<a: x="1"/>',
  '\u{1F600}',
  '\uFEFF',
  'stray',
  ' ',
  '\r\n',
  '\u0085',
  '\u2028',
  '<a\u0085b="1"/>',
  '<a\u2028b="1"/>',
  '<\u00e9l\u00e9ment/>',
  '<a b="\u00e9&#233;"/>',
  '<x y="a&lt;b"/>',
  '<a></b>',
  '</a>',
  '<a>',
];

const BAD_NAMES = [
  '1abc',
  '-x',
  'a:b:c',
  ':a',
  'a:',
  'xmlns:foo',
  '\u00e9t\u00e9',
  '\u{1F600}x',
  'p:q',
  'a.b-c',
  'xml:x',
];

const XML_DECLARATIONS = [
  '<?xml version="1.1"?>',
  '<?xml version="2.0"?>',
  '<?xml version="1.0" encoding="9x"?>',
  '<?xml version="1.0" standalone="maybe"?>',
  '<?xml encoding="UTF-8"?>',
  '<?xml?>',
  '<?xml ?>',
  '<?xml version=1.0?>',
  '<?xml version="1.0"encoding="UTF-8"?>',
  '<?xml version="1.0" foo="bar"?>',
  '<?xml version="1.0" ??>',
  '<?xml version = "1.0" ?>',
  ' <?xml version="1.0"?>',
  '<?xml version="1.1" encoding="UTF-8" standalone="no"?>',
];

/** A code-point-safe random offset (never between the two halves of a surrogate pair). */
function offset(r: Random, text: string): number {
  let i = Math.floor(r() * (text.length + 1));
  const c = text.charCodeAt(i);
  if (c >= 0xdc00 && c <= 0xdfff) i--;
  return i;
}

const splice = (text: string, at: number, remove: number, insert: string): string =>
  text.slice(0, at) + insert + text.slice(at + remove);

/** A random match of `re` (global) in `text`, or undefined. */
function someMatch(r: Random, text: string, re: RegExp): RegExpExecArray | undefined {
  const all = [...text.matchAll(re)];
  return all.length > 0 ? pick(r, all) : undefined;
}

type Mutation = (r: Random, text: string) => string;

const MUTATIONS: Readonly<Record<string, Mutation>> = {
  truncate: (r, t) => t.slice(0, offset(r, t)),
  flip: (r, t) => {
    const at = offset(r, t);
    const width = t.codePointAt(at) !== undefined && t.codePointAt(at)! > 0xffff ? 2 : 1;
    return splice(t, at, at < t.length ? width : 0, pick(r, FLIPS));
  },
  insert: (r, t) => splice(t, offset(r, t), 0, pick(r, INSERTS)),
  insertInText: (r, t) => {
    const m = someMatch(r, t, />[^<]+</g);
    return m ? splice(t, m.index + 1 + Math.floor(r() * (m[0].length - 1)), 0, pick(r, INSERTS)) : t;
  },
  badName: (r, t) => {
    const m = someMatch(r, t, /<([A-Za-z][\w:.-]*)/g);
    return m ? splice(t, m.index + 1, m[1]!.length, pick(r, BAD_NAMES)) : t;
  },
  renameElement: (r, t) => {
    const m = someMatch(r, t, /<([A-Za-z][\w.-]*)([^>]*)>([\s\S]*?)<\/\1>/g);
    if (!m) return t;
    const name = pick(r, ['p:x', 'nova:x', 'xml:x', 'x', 'y:z']);
    return splice(t, m.index, m[0].length, `<${name}${m[2]}>${m[3]}</${name}>`);
  },
  duplicateAttribute: (r, t) => {
    const m = someMatch(r, t, /<[A-Za-z][\w:.-]*(\s+[\w:.-]+\s*=\s*(['"])[^'"]*\2)/g);
    return m ? splice(t, m.index + m[0].length, 0, m[1]!) : t;
  },
  prefixAttribute: (r, t) => {
    const m = someMatch(r, t, /\s([a-z]+)=/g);
    return m ? splice(t, m.index + 1, 0, pick(r, ['q:', 'nova:', 'xml:', 'xmlns:', ':'])) : t;
  },
  mismatchEndTag: (r, t) => {
    const m = someMatch(r, t, /<\/([\w:.-]+)/g);
    return m ? splice(t, m.index + 2, m[1]!.length, pick(r, ['x', `${m[1]}x`, m[1]!.toUpperCase()])) : t;
  },
  commentDashes: (r, t) => {
    const m = someMatch(r, t, /<!--/g);
    return m
      ? splice(t, m.index + 4, 0, pick(r, [' -- ', '-', ' a--b ', '<!-- ']))
      : splice(t, offset(r, t), 0, '<!-- x -- y -->');
  },
  outsideRoot: (r, t) =>
    chance(r, 0.5)
      ? `${pick(r, ['x', ' x', '\n&amp;', '<![CDATA[c]]>', '<a/>', '</a>'])}${t}`
      : `${t}${pick(r, ['x', '\n  y\n', '&amp;', '<![CDATA[c]]>', '<a/>', '</a>', '<!-- c -->', '<?p?>', ']]>'])}`,
  doctype: (r, t) => {
    const d = pick(r, [
      '<!DOCTYPE domain>',
      '<!DOCTYPE domain [<!ENTITY a "x">]>',
      '<!DOCTYPE domain PUBLIC "a" \'b\'>',
      '<!DOCTYPE domain [<?pi ?> <!-- c --> "]" ]>',
      '<!DOCTYPE',
    ]);
    const decl = /^\uFEFF?<\?xml[^>]*>/.exec(t);
    return chance(r, 0.7) ? splice(t, decl ? decl[0].length : 0, 0, d) : splice(t, offset(r, t), 0, d);
  },
  deepNesting: (r, t) => {
    const m = someMatch(r, t, /<devices>/g);
    if (!m) return t;
    const depth = int(r, 250, 258);
    const name = pick(r, ['a', 'n', 'x:y']);
    const inner = chance(r, 0.5) ? `<${name}/>` : '';
    return splice(
      t,
      m.index + m[0].length,
      0,
      `<${name}>`.repeat(depth) + inner + `</${name}>`.repeat(depth),
    );
  },
  lineEnds: (r, t) => t.replace(/\r\n|\r|\n/g, pick(r, ['\r\n', '\r', '\n', '\u0085', '\u2028', '\r\u0085'])),
  xml11: (r, t) => {
    const body = t.replace(/^\uFEFF?<\?xml[^>]*>/, '');
    const eol = pick(r, ['\u0085', '\u2028', '\r\u0085', '\n']);
    return `<?xml version="1.1"?>${body.replace(/\r\n|\r|\n/g, eol)}`;
  },
  xmlDeclaration: (r, t) => pick(r, XML_DECLARATIONS) + t.replace(/^\uFEFF?<\?xml[^>]*>/, ''),
  bom: (r, t) => (chance(r, 0.5) ? `\uFEFF${t}` : splice(t, offset(r, t), 0, '\uFEFF')),
  astral: (r, t) =>
    splice(t, offset(r, t), 0, pick(r, ['\u{1F600}', '\u{10000}', '\u{EFFFF}', '\u{F0000}', '\u{10FFFF}'])),
  quotes: (r, t) => {
    const m = someMatch(r, t, /['"]/g);
    return m ? splice(t, m.index, 1, pick(r, ['', m[0] === '"' ? "'" : '"', `${m[0]}${m[0]}`, ' '])) : t;
  },
  oddWhitespace: (r, t) => {
    const m = someMatch(r, t, /<\/?|\/?>|=/g);
    if (!m) return t;
    const ws = pick(r, [' ', '\t', '\n', '\r\n', '\u0085', '\u2028', '\u00a0']);
    return splice(t, chance(r, 0.5) ? m.index : m.index + m[0].length, 0, ws);
  },
  control: (r, t) =>
    splice(
      t,
      offset(r, t),
      0,
      pick(r, [
        '\u0000',
        '\u0001',
        '\u0008',
        '\u000b',
        '\u000c',
        '\u001b',
        '\u007f',
        '\u0084',
        '\u0086',
        '\u009f',
      ]),
    ),
  deleteSlice: (r, t) => {
    const at = offset(r, t);
    let end = Math.min(t.length, at + int(r, 1, 40));
    if ((t.charCodeAt(end) & 0xfc00) === 0xdc00) end++;
    return splice(t, at, end - at, '');
  },
  duplicateSlice: (r, t) => {
    const at = offset(r, t);
    let end = Math.min(t.length, at + int(r, 1, 60));
    if ((t.charCodeAt(end) & 0xfc00) === 0xdc00) end++;
    return splice(t, end, 0, t.slice(at, end));
  },
  references: (r, t) => {
    const m = someMatch(r, t, /=(['"])/g);
    return m
      ? splice(
          t,
          m.index + 2,
          0,
          pick(r, ['&amp;', '&#9;', '&#10;', '&#x20;', '&lt;', '&bogus;', '&#1;', '& ', '\t', '\n', '\r\n']),
        )
      : t;
  },
  namespaces: (r, t) => {
    const m = someMatch(r, t, /<[A-Za-z][\w:.-]*/g);
    const decl = pick(r, [
      ' xmlns:p=""',
      ' xmlns:xml="urn:x"',
      ' xmlns:xml="http://www.w3.org/XML/1998/namespace"',
      ' xmlns:xmlns="urn:x"',
      ' xmlns="http://www.w3.org/2000/xmlns/"',
      ' xmlns="http://www.w3.org/XML/1998/namespace"',
      ' xmlns:p="http://www.w3.org/XML/1998/namespace"',
      ' xmlns=""',
      ' xmlns="urn:d"',
      ' xmlns:nova=" urn:n "',
      ' xml:lang="en"',
    ]);
    return m ? splice(t, m.index + m[0].length, 0, decl) : t;
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** The corpus the differential tests use: a fixed seed, so CI sees the same documents each run. */
export const CORPUS_SEED = Number(process.env.VIRT_ALIAS_CORPUS_SEED ?? 20261124);
export const CORPUS_SIZE = Number(process.env.VIRT_ALIAS_CORPUS_SIZE ?? 10_000);

export interface CorpusDocument {
  readonly name: string;
  readonly text: string;
  /** The mutations applied, in order; empty for an intact document. */
  readonly mutations: readonly string[];
}

/**
 * `count` documents from `seed`: about one in four intact, the others with one or two random
 * mutations each.
 */
export function* domainCorpus(seed: number, count: number): Generator<CorpusDocument> {
  const r = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    let text = novaDomain(r, i);
    const mutations: string[] = [];
    if (!chance(r, 1 / 4)) {
      for (let k = int(r, 1, 2); k > 0; k--) {
        const name = pick(r, MUTATION_NAMES);
        text = MUTATIONS[name]!(r, text);
        mutations.push(name);
      }
    }
    yield { name: `doc-${i}`, text, mutations };
  }
}
