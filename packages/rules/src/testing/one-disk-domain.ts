/**
 * A domain with one file disk whose `<alias>` (line 7, `name=` at column 14) is `alias`:
 * `ua-disk.0` is one alias-charset error at 7:14. The CLI and engine tests share it.
 */
export function oneDiskDomain(alias = 'ua-disk0'): string {
  return [
    `<domain type='kvm'>`,
    `  <name>test</name>`,
    `  <devices>`,
    `    <disk type='file' device='disk'>`,
    `      <source file='/var/lib/libvirt/images/a.qcow2'/>`,
    `      <target dev='vda' bus='virtio'/>`,
    `      <alias name='${alias}'/>`,
    `    </disk>`,
    `  </devices>`,
    `</domain>`,
    ``,
  ].join('\n');
}
