// One Nova-like guest of the benchmark fleet: what it is (volumes, ports, flavor) and which
// aliases its devices carry, by kind. domain-xml.mjs turns it into text.

/**
 * The kinds of guest in a fleet, with their share. Every kind but `migrated` has alias problems
 * that both `virt-alias lint` and scripts/bench/lxml_check.py report (the fleet test checks it).
 * - unmigrated: as Nova wrote it before 2024.1, no alias anywhere;
 * - migrated: every volume `ua-<volume uuid>`, every interface `ua-<port uuid>`; lints clean;
 * - live-dump: `virsh dumpxml` of a running guest: `<domain id=...>` and a generated alias on
 *   every device (volumes attached since 2024.1 keep their `ua-` alias);
 * - broken: a migrated guest with one or two bad aliases (bad characters, no `ua-` prefix, a
 *   duplicate).
 */
export const KINDS = [
  ['unmigrated', 0.35],
  ['migrated', 0.35],
  ['live-dump', 0.1],
  ['broken', 0.2],
];

const FLAVORS = [
  ['m1.small', 2048, 20, 1],
  ['m1.medium', 4096, 40, 2],
  ['m1.large', 8192, 80, 4],
  ['m1.xlarge', 16384, 160, 8],
];
const WORDS = ['web', 'db', 'erp', 'ci', 'cache', 'kafka', 'ldap', 'mail', 'proxy', 'build', 'etl', 'api'];
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
const PLUGS = ['ovn-tap', 'ovn-tap', 'ovs-legacy', 'hybrid-bridge'];
/** How many volumes and ports guests have: [count, weight]; most have few. */
const VOLUME_COUNTS = [
  [1, 40],
  [2, 30],
  [3, 15],
  [4, 10],
  [5, 5],
];
const PORT_COUNTS = [
  [1, 50],
  [2, 30],
  [3, 12],
  [4, 8],
];

/** A kind drawn with the shares of KINDS. */
export function drawKind(d) {
  return d.weighted(KINDS);
}

/** Ports of one guest: distinct MACs (fa:16:3e: and the port uuid's first 6 digits, as in the fixtures). */
function drawPorts(d, count) {
  const ports = [];
  const macs = new Set();
  while (ports.length < count) {
    const uuid = d.uuid();
    const h = uuid.replace(/-/g, '');
    const mac = `fa:16:3e:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}`;
    if (macs.has(mac)) continue;
    macs.add(mac);
    ports.push({
      uuid,
      mac,
      plug: d.pick(PLUGS),
      ip: `10.${d.int(0, 255)}.${d.int(0, 255)}.${d.int(2, 254)}`,
    });
  }
  return ports;
}

/** Volumes: Ceph RBD disks with a serial, sometimes a SCSI LUN (no serial, as Nova 30+ writes it). */
function drawVolumes(d, count, configDrive) {
  const volumes = [];
  let virtio = 1; // vda is the root disk
  let scsi = configDrive ? 1 : 0; // sda is the config drive when there is one
  for (let i = 0; i < count; i++) {
    // The first volume is always RBD: every unmigrated guest has a volume with a serial.
    const lun = i > 0 && d.chance(0.15);
    const target = lun ? `sd${String.fromCharCode(97 + scsi++)}` : `vd${String.fromCharCode(97 + virtio++)}`;
    volumes.push({ uuid: d.uuid(), lun, target, unit: lun ? scsi - 1 : 0 });
  }
  return volumes;
}

/** The guest's data, without aliases. `index` numbers it in the fleet (its instance name). */
export function drawGuest(d, index) {
  const [flavorName, memoryMiB, diskGiB, vcpus] = d.pick(FLAVORS);
  // Older guests run on i440fx (no PCIe root ports, no SATA config drive), newer ones on q35.
  const machine = d.chance(0.4) ? 'i440fx' : 'q35';
  const configDrive = machine === 'q35' && d.chance(0.5);
  const volumes = drawVolumes(d, d.weighted(VOLUME_COUNTS), configDrive);
  return {
    name: `instance-${(index + 1).toString(16).padStart(8, '0')}`,
    uuid: d.uuid(),
    displayName: `${d.pick(WORDS)}-${d.int(1, 99)}`,
    created: `20${d.int(19, 25)}-${String(d.int(1, 12)).padStart(2, '0')}-${String(d.int(1, 28)).padStart(2, '0')} ${String(d.int(0, 23)).padStart(2, '0')}:${String(d.int(0, 59)).padStart(2, '0')}:${String(d.int(0, 59)).padStart(2, '0')}`,
    novaVersion: d.pick(['26.2.1', '27.1.0', '28.0.2', '29.2.0', '30.1.0']),
    flavor: { name: flavorName, memoryMiB, diskGiB, vcpus },
    user: { uuid: d.hex(32), name: d.pick(USERS) },
    project: { uuid: d.hex(32), name: d.pick(WORDS) },
    image: d.uuid(),
    cephSecret: d.uuid(),
    cephHosts: d.int(1, 3),
    machine,
    configDrive,
    volumes,
    ports: drawPorts(d, d.weighted(PORT_COUNTS)),
    spareRootPorts: d.int(0, 2),
    liveId: d.int(1, 400),
  };
}

/** A bad name for the alias `name`: what people and older tools write. */
function mutate(d, how, name) {
  const bare = name.slice(3);
  switch (how) {
    case 'charset':
      return d.pick([`${name}.0`, `ua-${bare.replace('-', ':')}`, `ua-${bare.slice(0, 8)} disk`]);
    case 'prefix':
      return d.pick([bare, `UA-${bare}`, `ua_${bare}`, `vol-${bare}`]);
    default:
      throw new Error(`unknown mutation ${how}`);
  }
}

/**
 * The alias of each device (by the keys domain-xml.mjs gives devices), the `<domain id>` of a
 * live dump, and what was broken: `{ aliases: Map<key, name>, liveId?, broken: string[] }`.
 */
export function drawAliases(d, guest, kind) {
  const aliases = new Map();
  const aliasable = [];
  const migrated = kind === 'migrated' || kind === 'broken' || (kind === 'live-dump' && d.chance(0.5));
  if (migrated) {
    guest.volumes.forEach((v, i) => aliases.set(`volume${i}`, `ua-${v.uuid}`));
    if (kind !== 'live-dump') guest.ports.forEach((p, i) => aliases.set(`interface${i}`, `ua-${p.uuid}`));
    aliasable.push(...aliases.keys());
  }
  const broken = [];
  if (kind === 'broken') {
    const count = d.int(1, 2);
    for (let i = 0; i < count; i++) {
      const how = d.pick(['charset', 'prefix', 'duplicate']);
      const key = d.pick(aliasable);
      if (how === 'duplicate') {
        const other = d.pick(aliasable.filter((k) => k !== key));
        aliases.set(key, aliases.get(other));
      } else {
        aliases.set(key, mutate(d, how, aliases.get(key)));
      }
      broken.push(`${how}:${key}`);
    }
  }
  return { aliases, liveId: kind === 'live-dump' ? guest.liveId : undefined, broken };
}
