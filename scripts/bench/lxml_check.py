#!/usr/bin/python3
"""The alias check an operator would write with python3-lxml instead of running virt-alias.

The other side of `pnpm bench` (scripts/bench/run.mjs): it checks the rules virt-alias's default
preset applies to a Nova guest, as far as a short script can:
- an <alias> of a device must start with `ua-` (libvirt drops any other name) and use only
  [A-Za-z0-9_-] after it;
- valid user aliases are unique within the domain (libvirt refuses a duplicate);
- a volume disk with a <serial> is aliased `ua-<serial>`; a SCSI LUN volume (no serial) has some
  `ua-` alias;
- `<domain id=...>` is the dump of a running guest, not a definition.
It does not check what needs more than a line or two (interface aliases against Nova's ports,
local disks, alias placement, directives, serial/console rules).

Usage: lxml_check.py [--files-from LIST] [FILE...]. LIST holds one path a line. Prints one line
per problem, `FILE: problem`, on stdout. Exit status: 0 no problem, 1 problems, 2 usage error.
"""
import re
import sys

from lxml import etree

USER_ALIAS_CHARS = re.compile(r"[A-Za-z0-9_-]*\Z")


def problems(path):
    """The alias problems of one domain XML file."""
    try:
        root = etree.parse(path).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        yield f"cannot read: {error}"
        return
    if root.get("id") is not None:
        yield f"live dump of a running guest (<domain id='{root.get('id')}'>)"
    devices = root.find("devices")
    if devices is None:
        return
    seen = set()
    for device in devices.iterchildren(tag=etree.Element):
        alias = device.find("alias")
        name = alias.get("name") if alias is not None else None
        if name is not None:
            if not name.startswith("ua-"):
                yield f"<{device.tag}> alias {name!r} lacks the ua- prefix"
            elif not USER_ALIAS_CHARS.match(name, 3):
                yield f"<{device.tag}> alias {name!r} has a character outside [A-Za-z0-9_-]"
            elif name in seen:
                yield f"<{device.tag}> alias {name!r} is used twice"
            else:
                seen.add(name)
        if device.tag == "disk":
            serial = device.findtext("serial")
            if serial and name != f"ua-{serial}":
                yield f"volume disk {serial} is not aliased ua-{serial}"
            elif device.get("device") == "lun" and not (name or "").startswith("ua-"):
                yield "SCSI LUN volume without a ua- alias"


def main(argv):
    paths = []
    args = iter(argv)
    for arg in args:
        if arg == "--files-from":
            listing = next(args, None)
            if listing is None:
                print("lxml_check.py: --files-from needs a file", file=sys.stderr)
                return 2
            with open(listing, encoding="utf-8") as lines:
                paths.extend(line.rstrip("\n") for line in lines if line.strip())
        else:
            paths.append(arg)
    found = False
    out = sys.stdout
    for path in paths:
        for problem in problems(path):
            out.write(f"{path}: {problem}\n")
            found = True
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
