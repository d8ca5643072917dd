#!/usr/bin/env python3
"""Generate Sources/DICOM/Dictionary/PrivateDictionary+Generated.swift.

Reads ONLY the committed data file Resources/dictionary/private-dictionary.tsv
(exported from pydicom's private dictionary, MIT-licensed; see
export_pydicom_private_dictionary.py). pydicom is not needed here.

To regenerate:
    python3 scripts/dictionary/generate_private_swift.py

Like generate_swift.py (the public dictionary), the output holds no array
literal of struct initialisers, which Swift cannot compile at this size; only:
  * one small `[[VR]]` table of the distinct VR alternatives,
  * integer arrays (one 64-bit search key and one 16-bit code per entry),
  * multi-line string literals: the creators, one per line, and one
    tab-separated `name, VM` line per entry.

Search keys, sorted ascending so the Swift side can binary-search them:
    creator index << 34 | kind << 32 | low
    kind 0, full tag      `00291010`: low = the tag
    kind 1, block mask    `0029xx10`: low = group << 16 | element low byte
    kind 2, group mask    `60xxxx00`: low = group high byte << 24 | element low byte
pydicom (datadict.get_private_entry) tries the full tag, then the block mask,
then the group mask, and never matches a mask with `xx` in the element's low
byte (`000910xx`, 11 GE/BioPri3D "Private Element Creator" rows), so those rows
are left out here too.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from swiftgen import int_array, text_block  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TSV = os.path.join(ROOT, "Resources", "dictionary", "private-dictionary.tsv")
OUT = os.path.join(ROOT, "Sources", "DICOM", "Dictionary", "PrivateDictionary+Generated.swift")
HEADER = ("creator", "mask", "vr", "vm", "name", "retired")

VR_NAMES = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF",
            "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN",
            "UR", "US", "UT", "UV"}
RETIRED_BIT = 0x8000
KIND_FULL, KIND_BLOCK, KIND_GROUP = 0, 1, 2
PATTERNS = (
    (re.compile(r"^[0-9A-F]{8}$"), KIND_FULL),
    (re.compile(r"^[0-9A-F]{4}xx[0-9A-F]{2}$"), KIND_BLOCK),
    (re.compile(r"^[0-9A-F]{2}xxxx[0-9A-F]{2}$"), KIND_GROUP),
)
NEVER_MATCHED = re.compile(r"^[0-9A-F]{6}xx$")


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if not line.startswith("#")]
    if not numbered or tuple(numbered[0][1].split("\t")) != HEADER:
        sys.exit(f"{path}: expected header {HEADER}")
    rows = []
    for number, line in numbered[1:]:
        fields = line.split("\t")
        if len(fields) != len(HEADER):
            sys.exit(f"{path}:{number}: expected {len(HEADER)} fields, found {len(fields)}")
        if any(ord(c) < 0x20 for field in fields for c in field):
            sys.exit(f"{path}:{number}: control character in {line!r}")
        rows.append((number, fields))
    return rows


def parse_vrs(text, where):
    """pydicom's VR text as alternatives: `US or SS` and `OB_OW` give two; empty gives UN."""
    if text == "":
        return ("UN",)
    vrs = tuple(part.strip() for part in re.split(r" or |_", text))
    if not 1 <= len(vrs) <= 3 or any(vr not in VR_NAMES for vr in vrs):
        sys.exit(f"{where}: unsupported VR {text!r}")
    return vrs


def search_key(mask, where):
    for pattern, kind in PATTERNS:
        if pattern.match(mask):
            break
    else:
        if NEVER_MATCHED.match(mask):
            return None
        sys.exit(f"{where}: unsupported tag mask {mask!r}")
    if kind == KIND_FULL:
        low = int(mask, 16)
    elif kind == KIND_BLOCK:
        low = int(mask[:4], 16) << 16 | int(mask[6:], 16)
    else:
        low = int(mask[:2], 16) << 24 | int(mask[6:], 16)
    return kind << 32 | low


def main():
    rows = read_tsv(TSV)
    creators = sorted({fields[0] for _, fields in rows})
    creator_index = {creator: i for i, creator in enumerate(creators)}
    vr_sets = sorted({parse_vrs(fields[2], f"{TSV}:{n}") for n, fields in rows},
                     key=lambda v: (len(v), v))
    vr_index = {vrs: i for i, vrs in enumerate(vr_sets)}
    if len(vr_sets) >= RETIRED_BIT:
        sys.exit("too many distinct VR sets")

    entries, skipped = [], 0
    for number, (creator, mask, vr, vm, name, retired) in rows:
        where = f"{TSV}:{number}"
        if retired not in ("0", "1"):
            sys.exit(f"{where}: retired must be 0 or 1, found {retired!r}")
        key = search_key(mask, where)
        if key is None:
            skipped += 1
            continue
        code = vr_index[parse_vrs(vr, where)] | (RETIRED_BIT if retired == "1" else 0)
        entries.append((creator_index[creator] << 34 | key, code, (name, vm)))
    entries.sort(key=lambda e: e[0])
    keys = [e[0] for e in entries]
    if len(set(keys)) != len(keys):
        sys.exit("duplicate creator and tag mask")
    if len(creators) >= 1 << 30:
        sys.exit("too many creators")

    out = [
        "// GENERATED FILE, DO NOT EDIT.",
        "// Generated by scripts/dictionary/generate_private_swift.py from Resources/dictionary/private-dictionary.tsv",
        "// (pydicom's private dictionary, pydicom._private_dict; MIT licence).",
        "// Run `python3 scripts/dictionary/generate_private_swift.py` to regenerate.",
        "// swiftlint:disable all",
        "",
        f"// {len(creators)} private creators, {len(entries)} entries ({skipped} never-matched rows left out).",
        "",
        "/// The raw tables behind `PrivateDictionary`: plain integers and packed text,",
        "/// so this file type-checks and compiles in seconds.",
        "enum GeneratedPrivateDictionary {",
        "    /// Bit of an entry code set when the entry is retired; the other bits index `vrSets`.",
        f"    static let retiredBit: UInt16 = 0x{RETIRED_BIT:04X}",
        "",
        "    /// Search-key kinds (bits 32-33 of a key): full tag, `ggggxxee` block mask, `ggxxxxee` group mask.",
        f"    static let fullTagKind: UInt64 = {KIND_FULL}",
        f"    static let blockMaskKind: UInt64 = {KIND_BLOCK}",
        f"    static let groupMaskKind: UInt64 = {KIND_GROUP}",
        "",
        "    /// The distinct VR sets, each in dictionary order (an entry without a VR has `[.UN]`).",
        "    static let vrSets: [[VR]] = [",
    ]
    for vrs in vr_sets:
        out.append("        [" + ", ".join("." + vr for vr in vrs) + "],")
    out.append("    ]")
    out.append("")
    out += text_block("creatorText", [(c,) for c in creators],
                      "The private creators, one per line, in code-point order (line number = creator index).")
    out.append("")
    out += int_array("keys", keys, 16, 6,
                     "Per entry, sorted ascending: creator index << 34 | kind << 32 | tag, or masked tag.")
    out.append("")
    out += int_array("codes", [e[1] for e in entries], 4, 12,
                     "Per entry: index into `vrSets`, or'ed with `retiredBit` when retired.")
    out.append("")
    out += text_block("text", [e[2] for e in entries],
                      "Per entry, one line: name and VM separated by a tab.")
    out.append("}")
    out.append("")

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out))
    print(f"wrote {OUT}: {len(creators)} creators, {len(entries)} entries, "
          f"{skipped} never-matched rows left out, {len(vr_sets)} VR sets")


if __name__ == "__main__":
    main()
