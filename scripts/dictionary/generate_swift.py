#!/usr/bin/env python3
"""Generate Sources/DICOM/Dictionary/DataDictionary+Generated.swift.

Reads ONLY the committed data files Resources/dictionary/dicom-dictionary.tsv
and Resources/dictionary/uids.tsv (exported from pydicom's dictionary, which is
generated from the DICOM standard PS3.6 and MIT-licensed; see
export_pydicom_dictionary.py). pydicom is not needed here.

To regenerate:
    python3 scripts/dictionary/generate_swift.py

Swift cannot compile a 5,000-element array literal of struct initialisers in
reasonable time or memory, so the output holds only:
  * integer arrays (tags, per-entry codes, repeater masks and values),
  * one small `[[VR]]` table of the distinct VR alternatives (about 40 rows),
  * multi-line string literals with one tab-separated text line per entry.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from swiftgen import int_array, text_block  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DICT_TSV = os.path.join(ROOT, "Resources", "dictionary", "dicom-dictionary.tsv")
UID_TSV = os.path.join(ROOT, "Resources", "dictionary", "uids.tsv")
OUT = os.path.join(ROOT, "Sources", "DICOM", "Dictionary", "DataDictionary+Generated.swift")

VR_NAMES = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF",
            "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN",
            "UR", "US", "UT", "UV"}
RETIRED_BIT = 0x8000


def read_tsv(path, header):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if tuple(lines[0].split("\t")) != header:
        sys.exit(f"{path}: expected header {header}, found {lines[0]!r}")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != len(header):
            sys.exit(f"{path}:{number}: expected {len(header)} fields, found {len(fields)}")
        for field in fields:
            if any(c in field for c in '\\"\r') or any(ord(c) < 0x20 for c in field):
                sys.exit(f"{path}:{number}: unsupported character in {field!r}")
        rows.append(fields)
    return rows


def parse_vrs(text, where):
    if text in ("", "NONE"):
        return ()
    vrs = tuple(part.strip() for part in text.split(" or "))
    if not 1 <= len(vrs) <= 3 or any(vr not in VR_NAMES for vr in vrs):
        sys.exit(f"{where}: unsupported VR {text!r}")
    return vrs


def parse_flag(text, where):
    if text not in ("0", "1"):
        sys.exit(f"{where}: retired must be 0 or 1, found {text!r}")
    return text == "1"


def mask_and_value(pattern):
    mask = int("".join("0" if c == "x" else "F" for c in pattern), 16)
    return mask, int(pattern.replace("x", "0"), 16)


def is_private(tag):
    group = tag >> 16
    return group & 1 == 1 and group > 0x0007 and group != 0xFFFF


def representative_tag(mask, value, exact):
    """The lowest tag matching a repeater mask that is neither an exact entry nor private."""
    holes = [bit for bit in range(32) if not mask >> bit & 1]
    for k in range(1 << len(holes)):
        tag = value
        for i, bit in enumerate(holes):
            if k >> i & 1:
                tag |= 1 << bit
        if tag not in exact and not is_private(tag):
            return tag
    sys.exit(f"no representative tag for mask {mask:08X}")


def main():
    entries = read_tsv(DICT_TSV, ("tag", "vr", "vm", "name", "retired", "keyword"))
    uids = read_tsv(UID_TSV, ("uid", "name", "type", "keyword", "retired"))

    # Index 0 is "no VR" (item and delimitation tags); the rest sorted, for stable output.
    vr_sets = sorted({parse_vrs(row[1], DICT_TSV) for row in entries}, key=lambda v: (len(v), v))
    vr_index = {vrs: i for i, vrs in enumerate(vr_sets)}
    exact, repeaters = [], []
    keywords = set()
    for number, (tag, vr, vm, name, retired, keyword) in enumerate(entries, start=2):
        where = f"{DICT_TSV}:{number}"
        vrs = parse_vrs(vr, where)
        code = vr_index[vrs] | (RETIRED_BIT if parse_flag(retired, where) else 0)
        if keyword:
            if keyword in keywords:
                sys.exit(f"{where}: duplicate keyword {keyword}")
            keywords.add(keyword)
        record = (keyword, name, vm)
        if "x" in tag:
            if len(tag) != 8 or any(c not in "0123456789ABCDEFx" for c in tag):
                sys.exit(f"{where}: bad repeater mask {tag!r}")
            repeaters.append((*mask_and_value(tag), code, record))
        else:
            if len(tag) != 8 or any(c not in "0123456789ABCDEF" for c in tag):
                sys.exit(f"{where}: bad tag {tag!r}")
            exact.append((int(tag, 16), code, record))
    if len(vr_sets) >= RETIRED_BIT:
        sys.exit("too many distinct VR sets")
    exact.sort(key=lambda e: e[0])
    tags = [e[0] for e in exact]
    if len(set(tags)) != len(tags):
        sys.exit("duplicate tags in dictionary")
    exact_set = set(tags)
    for i, (mask_a, value_a, _, rec_a) in enumerate(repeaters):
        for mask_b, value_b, _, rec_b in repeaters[i + 1:]:
            if value_a & mask_b == value_b & mask_a:
                sys.exit(f"repeaters {rec_a[0]} and {rec_b[0]} overlap")
    representatives = [representative_tag(m, v, exact_set) for m, v, _, _ in repeaters]

    uid_rows = []
    for number, (uid, name, uid_type, keyword, retired) in enumerate(uids, start=2):
        parse_flag(retired, f"{UID_TSV}:{number}")
        uid_rows.append((uid, name, uid_type, keyword, retired))

    out = [
        "// GENERATED FILE, DO NOT EDIT.",
        "// Generated by scripts/dictionary/generate_swift.py from Resources/dictionary/dicom-dictionary.tsv",
        "// and Resources/dictionary/uids.tsv (pydicom's dictionary, generated from DICOM PS3.6; MIT licence).",
        "// Run `python3 scripts/dictionary/generate_swift.py` to regenerate.",
        "// swiftlint:disable all",
        "",
        f"// {len(exact)} tags, {len(repeaters)} repeater masks, {len(uid_rows)} UIDs.",
        "",
        "/// The raw tables behind `DataDictionary` and `UIDDictionary`: plain integers and packed text,",
        "/// so this file type-checks and compiles in seconds.",
        "enum GeneratedDictionary {",
        "    /// Bit of an entry code set when the entry is retired; the other bits index `vrSets`.",
        f"    static let retiredBit: UInt16 = 0x{RETIRED_BIT:04X}",
        "",
        "    /// The distinct VR sets, each in dictionary order (row 0, `[]`, is for item and delimitation tags).",
        "    static let vrSets: [[VR]] = [",
    ]
    for vrs in vr_sets:
        out.append("        [" + ", ".join("." + vr for vr in vrs) + "],")
    out.append("    ]")
    out.append("")
    out += int_array("tags", tags, 8, 8, "Every tag with an exact entry, sorted ascending.")
    out.append("")
    out += int_array("codes", [e[1] for e in exact], 4, 12,
                     "Per tag: index into `vrSets`, or'ed with `retiredBit` when retired.")
    out.append("")
    out += text_block("text", [e[2] for e in exact],
                      "Per tag, one line: keyword, name and VM separated by tabs.")
    out.append("")
    out += int_array("repeaterMasks", [r[0] for r in repeaters], 8, 8,
                     "Repeating-group masks: 0 in the x nibbles (e.g. `60xx0010` is `0xFF00FFFF`).")
    out.append("")
    out += int_array("repeaterValues", [r[1] for r in repeaters], 8, 8,
                     "Repeating-group values, 0 in the x nibbles (e.g. `60xx0010` is `0x60000010`).")
    out.append("")
    out += int_array("repeaterCodes", [r[2] for r in repeaters], 4, 12,
                     "Per repeater: index into `vrSets`, or'ed with `retiredBit` when retired.")
    out.append("")
    out += int_array("repeaterKeywordTags", representatives, 8, 8,
                     "Per repeater: the lowest matching tag that has no exact entry (used for keyword lookup).")
    out.append("")
    out += text_block("repeaterText", [r[3] for r in repeaters],
                      "Per repeater, one line: keyword, name and VM separated by tabs.")
    out.append("")
    out += text_block("uidText", uid_rows,
                      "Per UID, one line: UID, name, type, keyword and retired (0 or 1) separated by tabs.")
    out.append("}")
    out.append("")

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out))
    print(f"wrote {OUT}: {len(exact)} tags, {len(repeaters)} repeaters, "
          f"{len(vr_sets)} VR sets, {len(uid_rows)} UIDs")


if __name__ == "__main__":
    main()
