#!/usr/bin/env python3
"""Oracle: compare `dicom-console dump --json` with pydicom's reading of the same files.

Usage: compare_with_pydicom.py BINARY [FILE...]
With no files, every file of the pydicom and pydicom-data corpora is compared (235 files).
Prints one line per mismatch and a closing line 'N passed, M failed'; exits 1 on any mismatch.

A file pydicom cannot read must fail in our reader too (exit code 1, an error on stderr).
For files pydicom reads, every attribute (sequences and person names included) must match:
same tags, same VR, same values (numbers compared numerically, bulk values byte for byte).
"""
import base64
import json
import math
import os
import subprocess
import sys
import warnings

import pydicom
from pydicom import config

warnings.filterwarnings("ignore")
config.settings.reading_validation_mode = config.IGNORE
BULK_THRESHOLD = 1024
# Files where pydicom's reading is not the reference, with the outcome we require and why.
KNOWN = {
    "MR_truncated.dcm": ("fail", "Pixel Data shorter than its length: dcmtk fails too; pydicom truncates silently"),
    "rtplan_truncated.dcm": ("fail", "a value runs past the end of the file: dcmtk fails too; pydicom truncates"),
    "no_meta.dcm": ("fail", "a stray byte before the first element: dcmtk fails too; pydicom reads one garbage element"),
    "emri_small_jpeg_2k_lossless_too_short.dcm": (
        "read", "fragments cut off at the end of the file: dcmtk reads the data set, pydicom drops it"),
}
SKIP_SUFFIXES = (".py", ".txt", ".json", ".dump", ".icc", ".gz", ".pyc", ".md", ".zip", ".xml")


def corpus_files():
    roots = [os.path.join(os.path.dirname(pydicom.__file__), "data")]
    try:
        import data_store  # pydicom-data

        roots.append(os.path.join(os.path.dirname(data_store.__file__), "data"))
    except ImportError:
        sys.exit("pydicom-data is not installed (pip install pydicom-data)")
    files = []
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in names:
                if name.lower().startswith("readme") or name.endswith(SKIP_SUFFIXES) or "__pycache__" in folder:
                    continue
                files.append(os.path.join(folder, name))
    return sorted(files)


def reference(path):
    """pydicom's DICOM JSON for the data set (file meta excluded), or None if pydicom cannot read it."""
    try:
        ds = pydicom.dcmread(path, force=True)
        if len(ds) == 0:
            return None, "pydicom found no elements"
        return element_dict(ds), None
    except Exception as exc:  # noqa: BLE001 - any failure means "pydicom cannot read it"
        return None, f"{type(exc).__name__}: {exc}"


def element_dict(ds):
    out = {}
    for elem in ds:
        if elem.tag.element == 0:  # group lengths are not part of the JSON model
            continue
        key = f"{elem.tag:08X}"
        try:
            out[key] = elem.to_json_dict(BULK_THRESHOLD, lambda e: "bulk")
        except Exception as exc:  # noqa: BLE001
            out[key] = {"vr": elem.VR, "error": str(exc)}
        if elem.VR == "SQ":
            out[key] = {"vr": "SQ"}
            if elem.value:
                out[key]["Value"] = [element_dict(item) for item in elem.value]
    return out


def ours(binary, path):
    run = subprocess.run([binary, "dump", "--json", "--bulk-threshold", str(BULK_THRESHOLD), path],
                         capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        return None, run.stderr.strip()
    return json.loads(run.stdout), None


def same_number(a, b):
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    except (TypeError, ValueError):
        return a == b


def compare(expected, actual, where, problems):
    for key in sorted(set(expected) | set(actual)):
        place = f"{where}{key}"
        if key not in actual:
            problems.append(f"{place}: missing (pydicom has {short(expected[key])})")
            continue
        if key not in expected:
            problems.append(f"{place}: extra (pydicom has none; ours {short(actual[key])})")
            continue
        compare_attribute(expected[key], actual[key], place, problems)


def compare_attribute(exp, act, place, problems):
    if "error" in exp:
        return  # pydicom could not convert this value itself: nothing to compare against
    if exp.get("vr") != act.get("vr"):
        problems.append(f"{place}: VR {act.get('vr')} but pydicom says {exp.get('vr')}")
        return
    if exp["vr"] == "SQ":
        ei, ai = exp.get("Value", []), act.get("Value", [])
        if len(ei) != len(ai):
            problems.append(f"{place}: {len(ai)} items but pydicom has {len(ei)}")
            return
        for n, (e, a) in enumerate(zip(ei, ai)):
            compare(e, a, f"{place}[{n}].", problems)
        return
    if "InlineBinary" in exp or "InlineBinary" in act:
        if "BulkDataURI" in exp or "BulkDataURI" in act:
            return  # one side inlined and one referenced: thresholds measure differently for fragments
        e = base64.b64decode(exp.get("InlineBinary", ""))
        a = base64.b64decode(act.get("InlineBinary", ""))
        if e != a and e.rstrip(b"\0") != a.rstrip(b"\0"):
            problems.append(f"{place}: {len(a)} bulk bytes differ from pydicom's {len(e)}")
        return
    if "BulkDataURI" in exp or "BulkDataURI" in act:
        return
    ev, av = exp.get("Value", []), act.get("Value", [])
    ev = strip_trailing_nulls(ev)
    av = strip_trailing_nulls(av)
    if len(ev) != len(av):
        problems.append(f"{place}: values {short(av)} but pydicom has {short(ev)}")
        return
    significant_leading = exp["vr"] in ("LT", "ST", "UT", "UC")
    for e, a in zip(ev, av):
        if isinstance(e, str) and isinstance(a, str):
            # Padding spaces are not significant (PS3.5 6.2); pydicom keeps them inside multi-values.
            e, a = (e.rstrip(" \0"), a.rstrip(" \0")) if significant_leading else (e.strip(" \0"), a.strip(" \0"))
        if isinstance(e, (int, float)) or isinstance(a, (int, float)):
            ok = same_number(e, a)
        elif isinstance(e, dict):
            ok = {k: v for k, v in e.items() if v} == {k: v for k, v in (a or {}).items() if v}
        else:
            ok = (e or None) == (a or None)
        if not ok:
            problems.append(f"{place}: value {short(a)} but pydicom has {short(e)}")
            return


def strip_trailing_nulls(values):
    values = list(values)
    while values and values[-1] in (None, ""):
        values.pop()
    return values


def short(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    files = sys.argv[2:] or corpus_files()
    passed = failed = 0
    for path in files:
        name = os.path.relpath(path, os.path.dirname(os.path.dirname(path)))
        expected, why_not = reference(path)
        actual, our_error = ours(binary, path)
        if os.path.basename(path) in KNOWN:
            outcome, reason = KNOWN[os.path.basename(path)]
            if (outcome == "fail") == (actual is None):
                passed += 1
                print(f"known {name}: {'failed' if actual is None else 'read'} as required ({reason})"
                      + (f": {our_error}" if our_error else ""))
            else:
                failed += 1
                print(f"FAIL {name}: expected to {outcome} ({reason})")
            continue
        if expected is None:
            if actual is None:
                passed += 1  # both reject it
            else:
                failed += 1
                print(f"FAIL {name}: pydicom cannot read it ({why_not}) but we did")
            continue
        if actual is None:
            failed += 1
            print(f"FAIL {name}: we failed ({our_error}); pydicom read it")
            continue
        problems = []
        compare(expected, actual, "", problems)
        if problems:
            failed += 1
            print(f"FAIL {name}: {len(problems)} differences")
            for problem in problems[:8]:
                print(f"    {problem}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
