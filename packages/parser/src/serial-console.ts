import { attributeValue, child, childrenNamed } from './dom.js';
import type { XmlElement } from './types.js';

/**
 * What libvirt does with the alias of a `<serial>` or `<console>` in an inactive definition.
 * Read in libvirt 9.0's console compatibility code (domain_conf.c: the console stub added after
 * parsing, the console written back as a copy of serial[0], the uniqueness check that skips
 * serial[0]), and checked combination by combination against `virsh` in
 * packages/rules/test/serial-console-virsh.test.ts.
 */
export interface SerialConsoleFate {
  /**
   * console[0] of an HVM guest with a `serial` target (or none) while a `<serial>` exists:
   * libvirt writes it back as a copy of serial[0], with serial[0]'s alias. Its own alias is lost.
   */
  readonly mirrorsSerial: boolean;
  /**
   * libvirt leaves this device's alias out of its uniqueness check: serial[0] (and a serial equal
   * to it) when console[0] is a serial console, libvirt's or the guest's own; and a console[0]
   * that mirrors serial[0] but has another source, which libvirt replaces by a fresh copy.
   */
  readonly uniquenessExempt: boolean;
}

/**
 * serial[0] target types for which libvirt adds a serial console of its own to an HVM guest
 * (the stub that mirrors serial[0]); `none` is a `<serial>` without a target type, which the
 * hypervisor driver turns into one of these. `pci-serial`, `usb-serial` and `isa-debug` get none.
 */
const CONSOLE_STUB_SERIAL_TARGETS: ReadonlySet<string> = new Set([
  'none',
  'isa-serial',
  'spapr-vio-serial',
  'system-serial',
  'sclp-serial',
]);

const KEPT: SerialConsoleFate = { mirrorsSerial: false, uniquenessExempt: false };
const EXEMPT: SerialConsoleFate = { mirrorsSerial: false, uniquenessExempt: true };

/** libvirt's console rules apply to HVM guests only; Xen PV (`xen`, `linux`, `xenpvh`) keeps consoles as written. */
function isHvm(devices: XmlElement): boolean {
  const type = child(child(devices.parent ?? undefined, 'os'), 'type');
  // libvirt refuses a domain without an OS type; lint judges it as the common case, HVM.
  return type === undefined || type.text === 'hvm';
}

const targetType = (el: XmlElement): string | undefined => attributeValue(child(el, 'target'), 'type');

/** A console with a `serial` target; libvirt reads a console without a target type so. */
const isSerialConsole = (el: XmlElement): boolean => (targetType(el) ?? 'serial') === 'serial';

/**
 * The source of a character device as libvirt compares two of them: the type (`pty` when
 * absent) and what libvirt reads for that type. A pty's path is runtime state, not read in an
 * inactive definition; `<log>`, `seclabel` and TLS are not compared.
 */
function sourceKey(el: XmlElement): string {
  const type = attributeValue(el, 'type') ?? 'pty';
  const sources = childrenNamed(el, 'source');
  const first = sources[0];
  const attr = (name: string): string => attributeValue(first, name) ?? '';
  const mode = (source: XmlElement | undefined): string =>
    attributeValue(source, 'mode') === 'bind' ? 'bind' : 'connect';
  const reconnect = (): string => {
    const r = child(first, 'reconnect');
    return `${attributeValue(r, 'enabled') ?? ''}/${attributeValue(r, 'timeout') ?? ''}`;
  };
  const parts: string[] = (() => {
    switch (type) {
      case 'pty':
      case 'null':
      case 'vc':
      case 'stdio':
      case 'spicevmc':
        return [];
      case 'file':
        return [attr('path'), attr('append')];
      case 'dev':
      case 'pipe':
        return [attr('path')];
      case 'unix':
        return [mode(first), attr('path'), reconnect()];
      case 'tcp':
        return [
          mode(first),
          attr('host'),
          attr('service'),
          attributeValue(child(el, 'protocol'), 'type') ?? 'raw',
          reconnect(),
        ];
      case 'udp': {
        const by = (m: string): XmlElement | undefined => sources.find((s) => mode(s) === m);
        return ['bind', 'connect'].flatMap((m) => [
          attributeValue(by(m), 'host') ?? '',
          attributeValue(by(m), 'service') ?? '',
        ]);
      }
      case 'nmdm':
        return [attr('master'), attr('slave')];
      default:
        // spiceport, dbus, qemu-vdagent, ...: whatever the source says.
        return sources.flatMap((s) => s.attributes.map((a) => `${a.name}=${a.value}`)).sort();
    }
  })();
  return JSON.stringify([type, ...parts]);
}

/**
 * Two serials libvirt takes for one: same source, same target type, and the same port, written
 * out (libvirt numbers the others past every port in use, so they never meet).
 */
function sameSerial(a: XmlElement, b: XmlElement): boolean {
  const port = (el: XmlElement): string | undefined => attributeValue(child(el, 'target'), 'port');
  return (
    sourceKey(a) === sourceKey(b) &&
    targetType(a) === targetType(b) &&
    port(a) !== undefined &&
    port(a) === port(b)
  );
}

/**
 * The fate of every `<serial>` and `<console>` of a domain whose alias libvirt does not simply
 * keep and check; devices missing from the map are kept and checked like any other.
 */
export function serialConsoleFates(devices: XmlElement): Map<XmlElement, SerialConsoleFate> {
  const serials = childrenNamed(devices, 'serial');
  const consoles = childrenNamed(devices, 'console');
  const serial0 = serials[0];
  const console0 = consoles[0];
  const fates = new Map<XmlElement, SerialConsoleFate>();
  const hvm = isHvm(devices);
  // After libvirt's compatibility pass, is console[0] a serial console? Then the uniqueness
  // check skips every serial equal to serial[0].
  let serialConsole = console0 !== undefined && isSerialConsole(console0);
  if (hvm && console0 !== undefined && isSerialConsole(console0)) {
    if (serial0 === undefined) {
      // libvirt moves this console to serial[0] and puts a copy of it in its place.
      fates.set(console0, EXEMPT);
    } else {
      // Written back as serial[0]. With the same source libvirt keeps the console (its alias
      // checked, then not written); with another one it replaces it by a copy.
      fates.set(console0, {
        mirrorsSerial: true,
        uniquenessExempt: sourceKey(console0) !== sourceKey(serial0),
      });
    }
  } else if (hvm && serial0 !== undefined) {
    serialConsole = CONSOLE_STUB_SERIAL_TARGETS.has(targetType(serial0) ?? 'none');
  }
  if (serialConsole && serial0 !== undefined) {
    for (const serial of serials)
      if (serial === serial0 || sameSerial(serial0, serial)) fates.set(serial, EXEMPT);
  }
  return fates;
}

/** What libvirt does with this device's alias; `fates` from `serialConsoleFates`. */
export function serialConsoleFate(
  fates: ReadonlyMap<XmlElement, SerialConsoleFate>,
  element: XmlElement,
): SerialConsoleFate {
  return fates.get(element) ?? KEPT;
}
