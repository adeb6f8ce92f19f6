/**
 * Why a Nova-managed domain is left alone unless asked (docs/apply.md, "Nova-managed domains"):
 * Nova rebuilds the whole XML from its own data at hard reboot, power-on and host restart
 * (nova/virt/libvirt/driver.py `_hard_reboot`; `power_on` calls it;
 * `resume_guests_state_on_host_boot`), and from 2024.1 writes `ua-<volume uuid>` on volume disks
 * then itself (nova/virt/libvirt/volume/volume.py sets `conf.alias`).
 */
export const NOVA_MANAGED_REASON =
  'managed by OpenStack Nova (nova:instance metadata): Nova regenerates its XML from its own data at hard ' +
  'reboot, power-on and host restart (with resume_guests_state_on_host_boot), and from 2024.1 writes the ' +
  'ua-<volume uuid> aliases itself then, so a definition made here lasts only until that moment; the ' +
  'remedy is a hard reboot (openstack server reboot --hard); --include-nova-managed defines it anyway';

export const NOVA_MANAGED_WARNING =
  'managed by OpenStack Nova: this definition lasts only until Nova regenerates the XML (hard reboot, ' +
  'power-on, host restart with resume_guests_state_on_host_boot); Nova 2024.1+ then writes its own ' +
  'ua-<volume uuid> aliases and drops every other';

export const RUNNING_NOTE =
  'running: the new definition takes effect at its next cold boot (shut down, then start); until then the ' +
  'running guest keeps its current aliases (libvirt cannot rename a live device)';
