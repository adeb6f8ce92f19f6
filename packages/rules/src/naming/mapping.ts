/**
 * Outside data about one domain, for devices whose identity the XML does not hold: exported
 * from OpenStack (block device mappings, `openstack port show`). Keys are normalised: target
 * devs as written, MACs and PCI addresses lower-cased, uuids lower-cased.
 */
export interface DomainMapping {
  /** Target dev (`vdb`, `sda`) -> Cinder volume uuid. */
  readonly disks: ReadonlyMap<string, string>;
  /** MAC address -> Neutron port uuid. */
  readonly interfaces: ReadonlyMap<string, string>;
  /**
   * Host PCI address (`0000:81:00.1`, as a PCI hostdev's identity source writes it after `pci:`)
   * -> Neutron port uuid: a `direct-physical` port is a plain `<hostdev>`.
   */
  readonly hostdevs: ReadonlyMap<string, string>;
}
