// The text of one guest, laid out as `virsh dumpxml` (--inactive, or live for a live dump) shows a
// Nova q35 guest: the shape of fixtures/nova/*.xml and fixtures/live/nova-running-q35.xml.

const NOVA_NS = 'http://openstack.org/xmlns/libvirt/nova/1.1';

const hex2 = (n) => `0x${n.toString(16).padStart(2, '0')}`;
const pciAddress = (bus, slot, fn = 0, multifunction = false) =>
  `<address type='pci' domain='0x0000' bus='${hex2(bus)}' slot='${hex2(slot)}' function='0x${fn}'${multifunction ? " multifunction='on'" : ''}/>`;

/** The 11 port-uuid characters Nova puts in tap, qbr and qvo names. */
const devName = (prefix, port) => `${prefix}${port.uuid.slice(0, 11)}`;

/**
 * The domain XML of `guest` (nova-guest.mjs) with `aliases` (key -> name). A live dump
 * (`liveId` set) carries libvirt's generated name on every device that has no user alias.
 */
export function domainXml(guest, { aliases, liveId }) {
  const live = liveId !== undefined;
  const out = [];
  const line = (depth, text) => out.push(`${'  '.repeat(depth)}${text}`);
  /** The alias line of device `key`: its user alias, else in a live dump the generated one. */
  const alias = (depth, key, generated) => {
    const name = aliases.get(key) ?? (live ? generated : undefined);
    if (name !== undefined) line(depth, `<alias name='${name}'/>`);
  };
  const instanceDir = `/var/lib/nova/instances/${guest.uuid}`;
  const q35 = guest.machine === 'q35';
  // q35: each PCI device on a bus of its own behind a root port; i440fx: slots of bus 0.
  let devicesOnPci = 0;
  const nextPci = () => (q35 ? pciAddress(++devicesOnPci, 0) : pciAddress(0, 3 + devicesOnPci++));

  line(0, live ? `<domain type='kvm' id='${liveId}'>` : `<domain type='kvm'>`);
  line(1, `<name>${guest.name}</name>`);
  line(1, `<uuid>${guest.uuid}</uuid>`);
  line(1, `<metadata>`);
  line(2, `<nova:instance xmlns:nova="${NOVA_NS}">`);
  line(3, `<nova:package version="${guest.novaVersion}"/>`);
  line(3, `<nova:name>${guest.displayName}</nova:name>`);
  line(3, `<nova:creationTime>${guest.created}</nova:creationTime>`);
  line(3, `<nova:flavor name="${guest.flavor.name}">`);
  line(4, `<nova:memory>${guest.flavor.memoryMiB}</nova:memory>`);
  line(4, `<nova:disk>${guest.flavor.diskGiB}</nova:disk>`);
  line(4, `<nova:swap>0</nova:swap>`);
  line(4, `<nova:ephemeral>0</nova:ephemeral>`);
  line(4, `<nova:vcpus>${guest.flavor.vcpus}</nova:vcpus>`);
  line(3, `</nova:flavor>`);
  line(3, `<nova:owner>`);
  line(4, `<nova:user uuid="${guest.user.uuid}">${guest.user.name}</nova:user>`);
  line(4, `<nova:project uuid="${guest.project.uuid}">${guest.project.name}</nova:project>`);
  line(3, `</nova:owner>`);
  line(3, `<nova:root type="image" uuid="${guest.image}"/>`);
  line(3, `<nova:ports>`);
  for (const port of guest.ports) {
    line(4, `<nova:port uuid="${port.uuid}">`);
    line(5, `<nova:ip type="fixed" address="${port.ip}" ipVersion="4"/>`);
    line(4, `</nova:port>`);
  }
  line(3, `</nova:ports>`);
  line(2, `</nova:instance>`);
  line(1, `</metadata>`);
  const kib = guest.flavor.memoryMiB * 1024;
  line(1, `<memory unit='KiB'>${kib}</memory>`);
  line(1, `<currentMemory unit='KiB'>${kib}</currentMemory>`);
  line(1, `<vcpu placement='static'>${guest.flavor.vcpus}</vcpu>`);
  line(1, `<cputune>`);
  line(2, `<shares>${guest.flavor.vcpus * 1024}</shares>`);
  line(1, `</cputune>`);
  if (live) {
    line(1, `<resource>`);
    line(2, `<partition>/machine</partition>`);
    line(1, `</resource>`);
  }
  line(1, `<sysinfo type='smbios'>`);
  line(2, `<system>`);
  line(3, `<entry name='manufacturer'>OpenStack Foundation</entry>`);
  line(3, `<entry name='product'>OpenStack Nova</entry>`);
  line(3, `<entry name='version'>${guest.novaVersion}</entry>`);
  line(3, `<entry name='serial'>${guest.uuid}</entry>`);
  line(3, `<entry name='uuid'>${guest.uuid}</entry>`);
  line(3, `<entry name='family'>Virtual Machine</entry>`);
  line(2, `</system>`);
  line(1, `</sysinfo>`);
  line(1, `<os>`);
  line(2, `<type arch='x86_64' machine='${q35 ? 'pc-q35-7.2' : 'pc-i440fx-4.2'}'>hvm</type>`);
  line(2, `<boot dev='hd'/>`);
  line(2, `<smbios mode='sysinfo'/>`);
  line(1, `</os>`);
  line(1, `<features>`);
  line(2, `<acpi/>`);
  line(2, `<apic/>`);
  line(1, `</features>`);
  line(1, `<cpu mode='host-model' check='partial'>`);
  line(2, `<topology sockets='${guest.flavor.vcpus}' dies='1' cores='1' threads='1'/>`);
  line(1, `</cpu>`);
  line(1, `<clock offset='utc'>`);
  line(2, `<timer name='pit' tickpolicy='delay'/>`);
  line(2, `<timer name='rtc' tickpolicy='catchup'/>`);
  line(2, `<timer name='hpet' present='no'/>`);
  line(1, `</clock>`);
  line(1, `<on_poweroff>destroy</on_poweroff>`);
  line(1, `<on_reboot>restart</on_reboot>`);
  line(1, `<on_crash>destroy</on_crash>`);
  line(1, `<devices>`);
  line(2, `<emulator>/usr/bin/qemu-system-x86_64</emulator>`);

  line(2, `<disk type='file' device='disk'>`);
  line(3, `<driver name='qemu' type='qcow2' cache='none'/>`);
  line(3, `<source file='${instanceDir}/disk'/>`);
  line(3, `<target dev='vda' bus='virtio'/>`);
  alias(3, 'root', 'virtio-disk0');
  line(3, nextPci());
  line(2, `</disk>`);
  if (guest.configDrive) {
    line(2, `<disk type='file' device='cdrom'>`);
    line(3, `<driver name='qemu' type='raw' cache='none'/>`);
    line(3, `<source file='${instanceDir}/disk.config'/>`);
    line(3, `<target dev='sda' bus='sata'/>`);
    line(3, `<readonly/>`);
    alias(3, 'config-drive', 'sata0-0-0');
    line(3, `<address type='drive' controller='0' bus='0' target='0' unit='0'/>`);
    line(2, `</disk>`);
  }
  guest.volumes.forEach((volume, i) => {
    if (volume.lun) {
      line(2, `<disk type='block' device='lun'>`);
      line(3, `<driver name='qemu' type='raw' cache='none' io='native'/>`);
      line(
        3,
        `<source dev='/dev/disk/by-id/dm-uuid-mpath-3600a0980${volume.uuid.replace(/-/g, '').slice(0, 23)}'/>`,
      );
      line(3, `<target dev='${volume.target}' bus='scsi'/>`);
      alias(3, `volume${i}`, `scsi0-0-0-${volume.unit}`);
      line(3, `<address type='drive' controller='0' bus='0' target='0' unit='${volume.unit}'/>`);
    } else {
      line(2, `<disk type='network' device='disk'>`);
      line(3, `<driver name='qemu' type='raw' cache='none' discard='unmap'/>`);
      line(3, `<auth username='cinder'>`);
      line(4, `<secret type='ceph' uuid='${guest.cephSecret}'/>`);
      line(3, `</auth>`);
      line(3, `<source protocol='rbd' name='volumes/volume-${volume.uuid}'>`);
      for (let h = 1; h <= guest.cephHosts; h++) line(4, `<host name='192.0.2.${10 + h}' port='6789'/>`);
      line(3, `</source>`);
      line(3, `<target dev='${volume.target}' bus='virtio'/>`);
      line(3, `<serial>${volume.uuid}</serial>`);
      alias(3, `volume${i}`, `virtio-disk${volume.target.charCodeAt(2) - 97}`);
      line(3, nextPci());
    }
    line(2, `</disk>`);
  });
  guest.ports.forEach((port, i) => {
    const tap = devName('tap', port);
    if (port.plug === 'ovn-tap') {
      line(2, `<interface type='ethernet'>`);
      line(3, `<mac address='${port.mac}'/>`);
      line(3, `<target dev='${tap}' managed='no'/>`);
    } else if (port.plug === 'ovs-legacy') {
      line(2, `<interface type='bridge'>`);
      line(3, `<mac address='${port.mac}'/>`);
      line(3, `<source bridge='br-int'/>`);
      line(3, `<virtualport type='openvswitch'>`);
      line(4, `<parameters interfaceid='${port.uuid}'/>`);
      line(3, `</virtualport>`);
      line(3, `<target dev='${tap}'/>`);
    } else {
      line(2, `<interface type='bridge'>`);
      line(3, `<mac address='${port.mac}'/>`);
      line(3, `<source bridge='${devName('qbr', port)}'/>`);
      line(3, `<target dev='${tap}'/>`);
    }
    line(3, `<model type='virtio'/>`);
    line(3, `<mtu size='${port.plug === 'ovn-tap' ? 1442 : 1450}'/>`);
    alias(3, `interface${i}`, `net${i}`);
    line(3, nextPci());
    line(2, `</interface>`);
  });

  const balloonAddress = nextPci();
  const rngAddress = nextPci();
  if (q35) {
    const usbAddress = nextPci();
    const scsiAddress = guest.volumes.some((v) => v.lun) ? nextPci() : undefined;
    line(2, `<controller type='pci' index='0' model='pcie-root'>`);
    alias(3, 'pcie-root', 'pcie.0');
    line(2, `</controller>`);
    // One root port per PCI device, and Nova's spare ones for hot-plug ([libvirt]num_pcie_ports).
    const rootPorts = devicesOnPci + guest.spareRootPorts;
    for (let i = 1; i <= rootPorts; i++) {
      const fn = (i - 1) % 8;
      line(2, `<controller type='pci' index='${i}' model='pcie-root-port'>`);
      line(3, `<model name='pcie-root-port'/>`);
      line(3, `<target chassis='${i}' port='0x${(15 + i).toString(16)}'/>`);
      alias(3, `root-port${i}`, `pci.${i}`);
      line(3, pciAddress(0, 2 + Math.floor((i - 1) / 8), fn, fn === 0));
      line(2, `</controller>`);
    }
    line(2, `<controller type='usb' index='0' model='qemu-xhci'>`);
    alias(3, 'usb', 'usb');
    line(3, usbAddress);
    line(2, `</controller>`);
    line(2, `<controller type='sata' index='0'>`);
    alias(3, 'sata', 'ide');
    line(3, pciAddress(0, 0x1f, 2));
    line(2, `</controller>`);
    if (scsiAddress !== undefined) {
      line(2, `<controller type='scsi' index='0' model='virtio-scsi'>`);
      alias(3, 'scsi', 'scsi0');
      line(3, scsiAddress);
      line(2, `</controller>`);
    }
  } else {
    const scsiAddress = guest.volumes.some((v) => v.lun) ? nextPci() : undefined;
    line(2, `<controller type='usb' index='0' model='piix3-uhci'>`);
    alias(3, 'usb', 'usb');
    line(3, pciAddress(0, 1, 2));
    line(2, `</controller>`);
    if (live) {
      line(2, `<controller type='pci' index='0' model='pci-root'>`);
      alias(3, 'pci-root', 'pci.0');
      line(2, `</controller>`);
    } else {
      line(2, `<controller type='pci' index='0' model='pci-root'/>`);
    }
    if (scsiAddress !== undefined) {
      line(2, `<controller type='scsi' index='0' model='virtio-scsi'>`);
      alias(3, 'scsi', 'scsi0');
      line(3, scsiAddress);
      line(2, `</controller>`);
    }
  }
  line(2, `<serial type='pty'>`);
  if (live) line(3, `<source path='/dev/pts/${liveId % 40}'/>`);
  line(3, `<log file='${instanceDir}/console.log' append='off'/>`);
  line(3, `<target type='isa-serial' port='0'>`);
  line(4, `<model name='isa-serial'/>`);
  line(3, `</target>`);
  alias(3, 'serial', 'serial0');
  line(2, `</serial>`);
  line(2, live ? `<console type='pty' tty='/dev/pts/${liveId % 40}'>` : `<console type='pty'>`);
  if (live) line(3, `<source path='/dev/pts/${liveId % 40}'/>`);
  line(3, `<log file='${instanceDir}/console.log' append='off'/>`);
  line(3, `<target type='serial' port='0'/>`);
  alias(3, 'console', 'serial0');
  line(2, `</console>`);
  const inputs = [
    ['tablet', 'usb'],
    ['mouse', 'ps2'],
    ['keyboard', 'ps2'],
  ];
  inputs.forEach(([type, inputBus], i) => {
    const address = type === 'tablet' ? `<address type='usb' bus='0' port='1'/>` : undefined;
    if (!live && address === undefined) {
      line(2, `<input type='${type}' bus='${inputBus}'/>`);
      return;
    }
    line(2, `<input type='${type}' bus='${inputBus}'>`);
    alias(3, `input${i}`, `input${i}`);
    if (address) line(3, address);
    line(2, `</input>`);
  });
  line(
    2,
    `<graphics type='vnc' port='${live ? 5900 + (liveId % 100) : -1}' autoport='yes' listen='0.0.0.0'>`,
  );
  line(3, `<listen type='address' address='0.0.0.0'/>`);
  line(2, `</graphics>`);
  line(2, `<audio id='1' type='none'/>`);
  line(2, `<video>`);
  line(3, `<model type='virtio' heads='1' primary='yes'/>`);
  alias(3, 'video', 'video0');
  line(3, pciAddress(0, q35 ? 1 : 2));
  line(2, `</video>`);
  line(2, `<memballoon model='virtio'>`);
  line(3, `<stats period='10'/>`);
  alias(3, 'balloon', 'balloon0');
  line(3, balloonAddress);
  line(2, `</memballoon>`);
  line(2, `<rng model='virtio'>`);
  line(3, `<backend model='random'>/dev/urandom</backend>`);
  alias(3, 'rng', 'rng0');
  line(3, rngAddress);
  line(2, `</rng>`);
  line(1, `</devices>`);
  if (live) {
    line(1, `<seclabel type='dynamic' model='apparmor' relabel='yes'>`);
    line(2, `<label>libvirt-${guest.uuid}</label>`);
    line(2, `<imagelabel>libvirt-${guest.uuid}</imagelabel>`);
    line(1, `</seclabel>`);
  }
  line(0, `</domain>`);
  return `${out.join('\n')}\n`;
}
