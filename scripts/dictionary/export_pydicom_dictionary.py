#!/usr/bin/env python3
"""Export the DICOM data dictionary and UID registry to tab-separated files.

Source of the data: pydicom's `pydicom._dicom_dict` (DicomDictionary and
RepeatersDictionary) and `pydicom._uid_dict` (UID_dictionary). pydicom
generates these tables from the DICOM standard, PS3.6 (Data Dictionary), and
distributes them under the MIT licence.

Writes (both committed to the repository):
    Resources/dictionary/dicom-dictionary.tsv
        tag  vr  vm  name  retired  keyword
        `tag` is 8 upper-case hex digits, or for repeating groups pydicom's mask
        with lower-case x nibbles (e.g. `60xx0010`). `vr` is as pydicom writes
        it (`US or SS`, `OB or OW`, `NONE` for item and delimiter tags).
    Resources/dictionary/uids.tsv
        uid  name  type  keyword  retired

To regenerate (needs pydicom; the output was last produced with pydicom 3.0.2):
    python3 scripts/dictionary/export_pydicom_dictionary.py
    python3 scripts/dictionary/generate_swift.py
"""

import os
import sys

import pydicom
from pydicom._dicom_dict import DicomDictionary, RepeatersDictionary
from pydicom._uid_dict import UID_dictionary

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT_DIR = os.path.join(ROOT, "Resources", "dictionary")
FORBIDDEN = ("\t", "\n", "\r", "\\", '"')


def check(field):
    field = str(field)
    for bad in FORBIDDEN:
        if bad in field:
            sys.exit(f"unexpected character {bad!r} in dictionary field {field!r}")
    return field


def write_tsv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(header) + "\n")
        for row in rows:
            out.write("\t".join(check(field) for field in row) + "\n")


def dictionary_rows():
    rows = []
    for tag, (vr, vm, name, retired, keyword) in DicomDictionary.items():
        rows.append((f"{tag:08X}", vr, vm, name, retired, keyword))
    for mask, (vr, vm, name, retired, keyword) in RepeatersDictionary.items():
        if len(mask) != 8 or any(c not in "0123456789ABCDEFx" for c in mask):
            sys.exit(f"unexpected repeater mask {mask!r}")
        rows.append((mask, vr, vm, name, retired, keyword))
    # Sorted by tag value, a mask sorting as if its x nibbles were 0 (after the
    # exact tag with the same value, if any).
    rows.sort(key=lambda r: (int(r[0].replace("x", "0"), 16), "x" in r[0], r[0]))
    return [(tag, vr or "NONE", vm, name, "1" if retired else "0", keyword)
            for tag, vr, vm, name, retired, keyword in rows]


def uid_rows():
    rows = []
    for uid, (name, uid_type, _info, retired, keyword) in sorted(UID_dictionary.items()):
        rows.append((uid, name, uid_type, keyword, "1" if retired else "0"))
    return rows


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    tags = dictionary_rows()
    uids = uid_rows()
    write_tsv(os.path.join(OUT_DIR, "dicom-dictionary.tsv"),
              ("tag", "vr", "vm", "name", "retired", "keyword"), tags)
    write_tsv(os.path.join(OUT_DIR, "uids.tsv"),
              ("uid", "name", "type", "keyword", "retired"), uids)
    repeaters = sum(1 for row in tags if "x" in row[0])
    print(f"pydicom {pydicom.__version__}: {len(tags) - repeaters} tags, "
          f"{repeaters} repeater masks, {len(uids)} UIDs written to {OUT_DIR}")


if __name__ == "__main__":
    main()
