/**
 * Domains that exercise libvirt's serial/console rules: every combination of OS type (x86 HVM,
 * Xen PV), serial[0] target type and source, console[0] target type and source, number of
 * serials and consoles, and which aliases collide. Each serial and console can carry a
 * `<log file>` marker that tells, in libvirt's dump, which device libvirt wrote back (see
 * serial-console-virsh.ts). Shared by the lint and fix tests that ask virsh.
 */
import type { DomainDocument, XmlElement } from '@virt-alias/parser';

export type Os = 'hvm' | 'xen' | 'linux' | 'xenpvh';

export interface Source {
  readonly label: string;
  readonly type: string;
  /** What goes inside the device before `<target>`: `<source>`, `<protocol>`, ... */
  readonly xml: string;
}

const src = (label: string, type: string, xml = ''): Source => ({ label, type, xml });

const PTY = src('pty', 'pty');
const FILE_A = src('file:/a', 'file', `<source path='/var/log/sc/a.log'/>`);
const FILE_B = src('file:/b', 'file', `<source path='/var/log/sc/b.log'/>`);

export interface Chr {
  /** `<target type>`; undefined writes a `<target>` without one (libvirt's default). */
  readonly target: string | undefined;
  readonly source: Source;
  /** An explicit `<target port>`; libvirt numbers the others itself. */
  readonly port?: number;
}

export interface Structure {
  readonly os: Os;
  readonly serials: readonly Chr[];
  readonly consoles: readonly Chr[];
}

export const SLOTS = ['serial0', 'serial1', 'console0', 'console1', 'disk'] as const;
export type Slot = (typeof SLOTS)[number];

export interface Combination {
  readonly id: string;
  readonly structure: Structure;
  /** The alias each device carries; a device missing here has no `<alias>`. */
  readonly aliases: ReadonlyMap<Slot, string>;
}

/** Every target type libvirt 9.0 accepts on a `<serial>`, and none at all. */
export const SERIAL_TARGETS = [
  undefined,
  'isa-serial',
  'pci-serial',
  'usb-serial',
  'isa-debug',
  'spapr-vio-serial',
  'system-serial',
  'sclp-serial',
];
/** Every target type libvirt 9.0 accepts on a `<console>`, and none at all. */
export const CONSOLE_TARGETS = [
  undefined,
  'serial',
  'virtio',
  'xen',
  'sclp',
  'sclplm',
  'lxc',
  'openvz',
  'uml',
];
const SERIAL_SOURCES = [PTY, FILE_A];
/** The same as serial[0]'s, another of the same type, another type. */
const CONSOLE_SOURCES = [PTY, FILE_A, FILE_B];
/** Target types whose consoles vary in source; the others (like virtio) are pty only, for time. */
const CONSOLE_TARGETS_BY_SOURCE = new Set([undefined, 'serial', 'virtio']);
/** With a second serial or console the first ones vary less, to keep the run short. */
const SERIAL_TARGETS_WITH_MORE = [undefined, 'isa-serial', 'pci-serial'];
const CONSOLE_TARGETS_WITH_MORE = [undefined, 'serial', 'virtio'];
/** libvirt allows a serial target only on console[0]. */
const SECOND_CONSOLE: Chr = { target: 'virtio', source: PTY };
const SECOND_SERIAL: Chr = { target: undefined, source: PTY };

export const devicesOf = (s: Structure): Slot[] => [
  ...s.serials.map((_, i) => `serial${i}` as Slot),
  ...s.consoles.map((_, i) => `console${i}` as Slot),
  'disk',
];

/**
 * Which aliases collide: all distinct, each pair shared, all shared; and, where there is both a
 * serial and a console, one of serial[0] and console[0] without an alias, the other sharing the
 * disk's.
 */
function aliasPatterns(s: Structure): Map<Slot, string>[] {
  const slots = devicesOf(s);
  const distinct = (): Map<Slot, string> => new Map(slots.map((d) => [d, `ua-${d}`]));
  const out: Map<Slot, string>[] = [distinct()];
  for (let i = 0; i < slots.length; i++) {
    for (let j = i + 1; j < slots.length; j++) {
      const m = distinct();
      m.set(slots[i]!, 'ua-shared');
      m.set(slots[j]!, 'ua-shared');
      out.push(m);
    }
  }
  if (slots.length > 2) out.push(new Map(slots.map((d) => [d, 'ua-shared'])));
  if (s.serials.length > 0 && s.consoles.length > 0) {
    for (const [bare, other] of [
      ['serial0', 'console0'],
      ['console0', 'serial0'],
    ] as const) {
      const m = distinct();
      m.delete(bare);
      m.set(other, 'ua-disk');
      out.push(m);
    }
  }
  return out;
}

function* chrs(targets: readonly (string | undefined)[], sources: readonly Source[]): Generator<Chr> {
  for (const target of targets) for (const source of sources) yield { target, source };
}

function* consoleChrs(targets: readonly (string | undefined)[], sources: readonly Source[]): Generator<Chr> {
  for (const target of targets) {
    for (const source of CONSOLE_TARGETS_BY_SOURCE.has(target) ? sources : [PTY]) yield { target, source };
  }
}

function* structures(): Generator<Structure> {
  for (const os of ['hvm', 'xen'] as const) {
    for (const ns of [0, 1, 2]) {
      for (const nc of [0, 1, 2]) {
        const more = ns === 2 || nc === 2;
        const serial0s =
          ns === 0
            ? [undefined]
            : [...chrs(more ? SERIAL_TARGETS_WITH_MORE : SERIAL_TARGETS, SERIAL_SOURCES)];
        const console0s =
          nc === 0
            ? [undefined]
            : [
                ...(more
                  ? consoleChrs(CONSOLE_TARGETS_WITH_MORE, [PTY, FILE_A])
                  : consoleChrs(CONSOLE_TARGETS, CONSOLE_SOURCES)),
              ];
        for (const s0 of serial0s) {
          for (const c0 of console0s) {
            yield {
              os,
              serials: s0 ? (ns === 2 ? [s0, SECOND_SERIAL] : [s0]) : [],
              consoles: c0 ? (nc === 2 ? [c0, SECOND_CONSOLE] : [c0]) : [],
            };
          }
        }
      }
    }
  }
}

/**
 * libvirt compares the sources of serial[0] and console[0]: pairs of sources that are and are
 * not the same to libvirt, each with a console that has a serial target.
 */
const SOURCE_PAIRS: readonly (readonly [Source, Source])[] = (() => {
  const tcp = (label: string, attrs: string, protocol?: string): Source =>
    src(label, 'tcp', `<source ${attrs}/>${protocol ? `<protocol type='${protocol}'/>` : ''}`);
  const bind = `mode='bind' host='127.0.0.1' service='4444'`;
  const unix = (label: string, attrs: string, inner = ''): Source =>
    src(label, 'unix', inner ? `<source ${attrs}>${inner}</source>` : `<source ${attrs}/>`);
  const file = (label: string, attrs: string): Source => src(label, 'file', `<source ${attrs}/>`);
  const udp = (label: string, bindService: string, connectService: string, connectFirst = false): Source => {
    const b = `<source mode='bind' host='0.0.0.0' service='${bindService}'/>`;
    const c = `<source mode='connect' host='0.0.0.0' service='${connectService}'/>`;
    return src(label, 'udp', connectFirst ? c + b : b + c);
  };
  return [
    [PTY, src('pty /dev/pts/3', 'pty', `<source path='/dev/pts/3'/>`)],
    [
      src('pty /dev/pts/3', 'pty', `<source path='/dev/pts/3'/>`),
      src('pty /dev/pts/4', 'pty', `<source path='/dev/pts/4'/>`),
    ],
    [FILE_A, file('file:/a append=on', `path='/var/log/sc/a.log' append='on'`)],
    [FILE_A, file('file:/a append=off', `path='/var/log/sc/a.log' append='off'`)],
    [FILE_A, src('pipe:/a', 'pipe', FILE_A.xml)],
    [
      FILE_A,
      src(
        'file:/a seclabel',
        'file',
        `<source path='/var/log/sc/a.log'><seclabel model='dac' relabel='no'/></source>`,
      ),
    ],
    [src('null', 'null'), src('null', 'null')],
    [src('null', 'null'), src('vc', 'vc')],
    [src('stdio', 'stdio'), src('stdio', 'stdio')],
    [src('dev', 'dev', `<source path='/dev/ttyS0'/>`), src('dev', 'dev', `<source path='/dev/ttyS0'/>`)],
    [
      unix('unix bind', `mode='bind' path='/run/sc.sock'`),
      unix('unix bind', `mode='bind' path='/run/sc.sock'`),
    ],
    [
      unix('unix bind', `mode='bind' path='/run/sc.sock'`),
      unix('unix connect', `mode='connect' path='/run/sc.sock'`),
    ],
    [unix('unix', `path='/run/sc.sock'`), unix('unix connect', `mode='connect' path='/run/sc.sock'`)],
    [
      unix('unix connect', `mode='connect' path='/run/sc.sock'`),
      unix('unix reconnect', `mode='connect' path='/run/sc.sock'`, `<reconnect enabled='yes' timeout='10'/>`),
    ],
    [tcp('tcp raw', bind, 'raw'), tcp('tcp', bind)],
    [tcp('tcp raw', bind, 'raw'), tcp('tcp telnet', bind, 'telnet')],
    [tcp('tcp raw', bind, 'raw'), tcp('tcp :4445', `mode='bind' host='127.0.0.1' service='4445'`, 'raw')],
    [
      tcp('tcp', `host='127.0.0.1' service='4444'`),
      tcp('tcp connect', `mode='connect' host='127.0.0.1' service='4444'`),
    ],
    [tcp('tcp', bind), tcp('tcp tls', `${bind} tls='yes'`)],
    [udp('udp', '2445', '2446'), udp('udp connect first', '2445', '2446', true)],
    [udp('udp', '2445', '2446'), udp('udp :2447', '2445', '2447')],
    [
      src('spiceport a', 'spiceport', `<source channel='org.sc.a'/>`),
      src('spiceport b', 'spiceport', `<source channel='org.sc.b'/>`),
    ],
    [
      src('nmdm', 'nmdm', `<source master='/dev/nmdm0A' slave='/dev/nmdm0B'/>`),
      src('nmdm', 'nmdm', `<source master='/dev/nmdm0A' slave='/dev/nmdm0B'/>`),
    ],
  ];
})();

/** Rarer shapes: sources compared, other names of Xen PV, two serials on one port. */
function* extraStructures(): Generator<Structure> {
  for (const [a, b] of SOURCE_PAIRS) {
    yield {
      os: 'hvm',
      serials: [{ target: 'isa-serial', source: a }],
      consoles: [{ target: 'serial', source: b }],
    };
  }
  for (const os of ['linux', 'xenpvh'] as const) {
    for (const target of [undefined, 'serial', 'xen'])
      yield { os, serials: [{ target: undefined, source: PTY }], consoles: [{ target, source: PTY }] };
  }
  for (const os of ['hvm', 'xen'] as const) {
    for (const [p0, p1] of [
      [0, 0],
      [1, 1],
      [0, 1],
    ] as const) {
      for (const second of [PTY, FILE_A]) {
        for (const [target1, console] of [
          [undefined, 'virtio'],
          [undefined, 'serial'],
          ['isa-serial', 'virtio'],
        ] as const) {
          yield {
            os,
            serials: [
              { target: undefined, source: PTY, port: p0 },
              { target: target1, source: second, port: p1 },
            ],
            consoles: [{ target: console, source: PTY }],
          };
        }
      }
    }
  }
}

export function combinations(): Combination[] {
  const out: Combination[] = [];
  for (const structure of [...structures(), ...extraStructures()]) {
    for (const aliases of aliasPatterns(structure)) out.push({ id: `sc${out.length}`, structure, aliases });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// The domain XML

const OS_XML: Readonly<Record<Os, readonly [domainType: string, type: string]>> = {
  hvm: ['kvm', `<type arch='x86_64' machine='q35'>hvm</type>`],
  xen: ['xen', `<type arch='i686'>xen</type>`],
  linux: ['xen', `<type arch='i686'>linux</type>`],
  xenpvh: ['xen', `<type arch='x86_64'>xenpvh</type>`],
};

export const marker = (slot: Slot): string => `/var/log/sc/marker-${slot}`;

function chrXml(
  kind: 'serial' | 'console',
  slot: Slot,
  chr: Chr,
  alias: string | undefined,
  markers: boolean,
): string {
  const attrs = `${chr.target ? ` type='${chr.target}'` : ''}${chr.port === undefined ? '' : ` port='${chr.port}'`}`;
  return [
    `    <${kind} type='${chr.source.type}'>`,
    ...(chr.source.xml ? [`      ${chr.source.xml}`] : []),
    ...(markers ? [`      <log file='${marker(slot)}'/>`] : []),
    `      <target${attrs}/>`,
    ...(alias ? [`      <alias name='${alias}'/>`] : []),
    `    </${kind}>`,
  ].join('\n');
}

export function domainText(c: Combination, markers: boolean): string {
  const { os, serials, consoles } = c.structure;
  const [domainType, osType] = OS_XML[os];
  const alias = (slot: Slot): string | undefined => c.aliases.get(slot);
  const disk = alias('disk');
  return [
    `<domain type='${domainType}'>`,
    `  <name>${c.id}</name>`,
    `  <memory unit='KiB'>1048576</memory>`,
    `  <os>`,
    `    ${osType}`,
    `  </os>`,
    `  <devices>`,
    `    <disk type='file' device='disk'>`,
    `      <source file='/var/lib/libvirt/images/${c.id}.qcow2'/>`,
    `      <target dev='vda' bus='virtio'/>`,
    ...(disk ? [`      <alias name='${disk}'/>`] : []),
    `    </disk>`,
    ...serials.map((s, i) => chrXml('serial', `serial${i}` as Slot, s, alias(`serial${i}` as Slot), markers)),
    ...consoles.map((s, i) =>
      chrXml('console', `console${i}` as Slot, s, alias(`console${i}` as Slot), markers),
    ),
    `  </devices>`,
    `</domain>`,
    '',
  ].join('\n');
}

export function describeCombination(c: Combination): string {
  const chr = (kind: string, list: readonly Chr[]): string[] =>
    list.map(
      (x, i) =>
        `${kind}${i}=${x.target ?? '(none)'}/${x.source.label}${x.port === undefined ? '' : `:${x.port}`}`,
    );
  const groups = new Map<string, Slot[]>();
  for (const [slot, name] of c.aliases) groups.set(name, [...(groups.get(name) ?? []), slot]);
  const shared = [...groups.values()].filter((g) => g.length > 1).map((g) => g.join('='));
  const bare = devicesOf(c.structure).filter((s) => !c.aliases.has(s));
  return [
    c.structure.os,
    ...chr('serial', c.structure.serials),
    ...chr('console', c.structure.consoles),
    `aliases: ${shared.length > 0 ? shared.join(', ') : 'distinct'}${bare.length > 0 ? `, none on ${bare.join(', ')}` : ''}`,
  ].join(' ');
}

/** The `<alias>` element of each slot in a domain (disk, serial[i], console[i]) that has one. */
export function slotElements(doc: DomainDocument): Map<Slot, XmlElement> {
  const out = new Map<Slot, XmlElement>();
  for (const d of doc.devices) {
    const slot = (d.kind === 'disk' ? 'disk' : `${d.kind}${d.kindIndex}`) as Slot;
    if (d.alias && SLOTS.includes(slot)) out.set(slot, d.alias.element);
  }
  return out;
}

/** The alias name each slot of a domain carries. */
export function slotAliases(doc: DomainDocument): Map<Slot, string> {
  const out = new Map<Slot, string>();
  for (const [slot, el] of slotElements(doc)) {
    const name = el.attributes.find((a) => a.name === 'name')?.value;
    if (name !== undefined) out.set(slot, name);
  }
  return out;
}
