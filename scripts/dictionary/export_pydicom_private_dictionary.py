#!/usr/bin/env python3
"""Export pydicom's private data dictionary to a tab-separated file.

Source of the data: pydicom's `pydicom._private_dict.private_dictionaries`,
which maps private creator strings to {tag mask: (VR, VM, name, retired)}.
pydicom collects these tables from vendors' conformance statements and other
toolkits (GDCM, DCMTK, ...) and distributes them under the MIT licence.

Writes (committed to the repository):
    Resources/dictionary/private-dictionary.tsv
        A few `#` comment lines (source, licence, how to regenerate), then
        creator  mask  vr  vm  name  retired
        `creator` is the private creator string as pydicom spells it.
        `mask` is pydicom's key: 8 upper-case hex digits with lower-case `xx`
        for the private block byte (`0019xx10`), sometimes also for the low
        byte of the group (`60xxxx00`), or a full tag (`00291010`), or
        (a few GE creator entries) `xx` in the element's low byte (`000910xx`).
        `vr` is as pydicom writes it (`US`, `US or SS`, `OB_OW`; empty if
        pydicom has none). `retired` is 0 or 1.
        Rows are sorted by creator (code point order), then mask.

To regenerate (needs pydicom; the output was last produced with pydicom 3.0.2):
    python3 scripts/dictionary/export_pydicom_private_dictionary.py
    python3 scripts/dictionary/generate_private_swift.py
"""

import os
import re
import sys

import pydicom
from pydicom._private_dict import private_dictionaries

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "Resources", "dictionary", "private-dictionary.tsv")
HEADER = ("creator", "mask", "vr", "vm", "name", "retired")
MASK = re.compile(r"^[0-9A-Fx]{8}$")


def check(field, where):
    field = str(field)
    if any(c in field for c in "\t\n\r") or any(ord(c) < 0x20 for c in field):
        sys.exit(f"{where}: tab, line break or control character in field {field!r}")
    return field


def rows():
    out = []
    for creator, entries in private_dictionaries.items():
        if not creator or creator != creator.strip(" ") or creator.startswith("#"):
            sys.exit(f"unexpected private creator {creator!r}")
        for mask, (vr, vm, name, retired) in entries.items():
            where = f"{creator!r} {mask!r}"
            if not MASK.match(mask):
                sys.exit(f"{where}: unexpected tag mask")
            if retired not in ("", "Retired"):
                sys.exit(f"{where}: unexpected retired flag {retired!r}")
            out.append(tuple(check(field, where) for field in
                             (creator, mask, vr, vm, name, "1" if retired else "0")))
    out.sort(key=lambda row: (row[0], row[1]))
    return out


def main():
    data = rows()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# Private data dictionary: private creator + tag mask -> VR, VM, name, retired.\n"
                f"# Source: pydicom {pydicom.__version__}, pydicom._private_dict.private_dictionaries "
                f"(MIT licence).\n"
                f"# Regenerate: python3 scripts/dictionary/export_pydicom_private_dictionary.py\n"
                f"#             python3 scripts/dictionary/generate_private_swift.py\n")
        f.write("\t".join(HEADER) + "\n")
        for row in data:
            f.write("\t".join(row) + "\n")
    creators = len({row[0] for row in data})
    print(f"pydicom {pydicom.__version__}: {creators} private creators, "
          f"{len(data)} entries written to {OUT}")


if __name__ == "__main__":
    main()
