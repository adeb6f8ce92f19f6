#!/usr/bin/env python3
"""Build a virt-alias mapping file (JSON) from `openstack ... -f json` output.

Reads the JSON files (or directories of *.json files) that these commands print:

    openstack server list --all-projects [--host HOST] -f json      # once
    openstack server volume list SERVER -f json                     # per server
    openstack port show PORT -f json                                # per port of each server

and prints on stdout a mapping for `virt-alias fix --mapping`: per server, the Cinder volume of
each disk target dev, the Neutron port of each MAC address and the Neutron port of each PCI
device passed through whole (a `direct-physical` port, which Nova writes as a plain <hostdev>).
Warnings go to stderr. Exit status: 0 done, 2 unusable input (nothing printed).

Python 3.8+, standard library only. See README.md.
"""

import json
import os
import re
import sys

SCHEMA = "https://github.com/virt-alias/virt-alias/blob/main/docs/mapping.schema.json"

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
MAC = re.compile(r"^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$")
PCI = re.compile(r"^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$")
TARGET_DEV = re.compile(r"^[A-Za-z0-9_.-]+$")

# Nova (nova/virt/libvirt/vif.py) writes a plain <hostdev> for these VIF types, with the address
# from the port's binding profile `pci_slot`; every other port is an <interface> with a MAC.
HOSTDEV_VIF_TYPES = ("hostdev_physical", "ib_hostdev")
HOSTDEV_VNIC_TYPES = ("direct-physical",)


class InputError(Exception):
    """Input this script cannot use: reported, and nothing is printed."""


def warn(message):
    print("openstack_mapping.py: warning: " + message, file=sys.stderr)


def json_files(paths):
    for path in paths:
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                if name.endswith(".json"):
                    yield os.path.join(path, name)
        else:
            yield path


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise InputError("%s: cannot read JSON: %s" % (path, e))


def has(item, *keys):
    return isinstance(item, dict) and all(k in item for k in keys)


def classify(path, data):
    """('servers' | 'volumes' | 'ports', records) for one file's content."""
    items = data if isinstance(data, list) else [data]
    if isinstance(data, list) and not data:
        return "empty", []
    if all(has(i, "ID", "Name", "Status") for i in items) and isinstance(data, list):
        return "servers", items
    if all(has(i, "Device", "Server ID", "Volume ID") for i in items):
        return "volumes", items
    if all(has(i, "id", "device_id", "mac_address") for i in items):
        return "ports", items
    if all(has(i, "ID", "MAC Address") for i in items):
        raise InputError(
            "%s: this is `openstack port list` output, which has no device id and no binding: "
            "use `openstack port show PORT -f json` for each port" % path
        )
    raise InputError(
        "%s: not the JSON of `openstack server list`, `openstack server volume list` "
        "or `openstack port show`" % path
    )


def pci_slot(profile):
    """The pci_slot of a binding profile: a dict (-f json), or the key='value' text older clients print."""
    if isinstance(profile, dict):
        slot = profile.get("pci_slot")
        return slot if isinstance(slot, str) else None
    if isinstance(profile, str):
        found = re.search(r"""pci_slot['"]?\s*[=:]\s*['"]([^'"]+)['"]""", profile)
        return found.group(1) if found else None
    return None


def check(pattern, value, what, where):
    if not isinstance(value, str) or not pattern.match(value):
        raise InputError("%s: %s %s is not valid" % (where, what, json.dumps(value)))
    return value.lower()


def build(paths):
    servers = {}
    volumes = []
    ports = {}
    for path in json_files(paths):
        kind, records = classify(path, load(path))
        if kind == "servers":
            for s in records:
                servers[check(UUID, s["ID"], "server ID", path)] = s.get("Name") or ""
        elif kind == "volumes":
            volumes.extend((path, v) for v in records)
        elif kind == "ports":
            # One port shown twice (two exports of one server) is still one port.
            ports.update((p["id"], (path, p)) for p in records)
    if not servers:
        raise InputError("no `openstack server list -f json` output among the inputs")

    instances = {}

    def device_map(server, field):
        return instances.setdefault(server, {}).setdefault(field, {})

    for path, v in volumes:
        server = check(UUID, v["Server ID"], "Server ID", path)
        if server not in servers:
            warn("%s: server %s is not in the server list: its volumes are left out" % (path, server))
            continue
        device = v.get("Device")
        if not device:
            warn("%s: volume %s has no device name (not attached?): left out" % (path, v["Volume ID"]))
            continue
        dev = device[len("/dev/"):] if device.startswith("/dev/") else device
        check(TARGET_DEV, dev, "Device", path)
        volume = check(UUID, v["Volume ID"], "Volume ID", path)
        disks = device_map(server, "disks")
        if disks.get(dev, volume) != volume:
            raise InputError("%s: server %s has two volumes on %s" % (path, server, device))
        disks[dev] = volume

    by_mac = {}
    for path, p in ports.values():
        port = check(UUID, p["id"], "port id", path)
        server = (p.get("device_id") or "").lower()
        if server not in servers:
            if str(p.get("device_owner") or "").startswith("compute:"):
                warn("%s: port %s belongs to server %s, not in the server list: left out"
                     % (path, port, server))
            continue
        vif_type = p.get("binding_vif_type")
        vnic_type = p.get("binding_vnic_type")
        unbound = vif_type in (None, "", "unbound")
        if vif_type in HOSTDEV_VIF_TYPES or (unbound and vnic_type in HOSTDEV_VNIC_TYPES):
            slot = pci_slot(p.get("binding_profile"))
            if slot is None:
                warn("%s: %s port %s has no pci_slot in its binding profile: left out"
                     % (path, vnic_type, port))
                continue
            hostdevs = device_map(server, "hostdevs")
            address = check(PCI, slot, "pci_slot", path)
            if hostdevs.get(address, port) != port:
                raise InputError("%s: server %s has two ports on PCI device %s" % (path, server, address))
            hostdevs[address] = port
            continue
        mac = check(MAC, p["mac_address"], "mac_address", path)
        by_mac.setdefault((server, mac), []).append(port)

    for (server, mac), found in sorted(by_mac.items()):
        if len(found) > 1:
            # Nova allows one MAC on two networks: a MAC then names no single port.
            warn("server %s has %d ports with MAC %s (%s): left out, a MAC cannot tell them apart"
                 % (server, len(found), mac, ", ".join(sorted(found))))
            continue
        device_map(server, "interfaces")[mac] = found[0]

    ordered = {}
    for server in sorted(instances):
        entry = instances[server]
        ordered[server] = {
            field: dict(sorted(entry[field].items()))
            for field in ("disks", "interfaces", "hostdevs")
            if entry.get(field)
        }
    return {"$schema": SCHEMA, "instances": ordered}


USAGE = "usage: openstack_mapping.py FILE_OR_DIRECTORY... > mapping.json"


def main(argv):
    if argv[1:2] in (["-h"], ["--help"]):
        print(__doc__.strip() + "\n\n" + USAGE)
        return 0
    if len(argv) < 2:
        print(USAGE, file=sys.stderr)
        return 2
    try:
        mapping = build(argv[1:])
    except InputError as e:
        print("openstack_mapping.py: " + str(e), file=sys.stderr)
        return 2
    sys.stdout.write(json.dumps(mapping, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
