#!/usr/bin/env bash
# Builds the DICOM reader with libFuzzer + AddressSanitizer and fuzzes it for a bounded time, seeded with
# the small files of the pydicom corpus. Fails (exit 1) on any crash, leak, timeout or runaway allocation;
# the input that caused it is kept under .build-fuzz/artifacts/ — add it to
# Tests/DICOMTests/Resources/fuzz-regressions/ so that it stays a regression test.
#   usage: scripts/fuzz.sh [SECONDS]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=.build-fuzz
mkdir -p "$out/artifacts" "$out/corpus" "$out/seeds"
# shellcheck disable=SC2046
swiftc -sanitize=fuzzer,address -parse-as-library -module-name DICOM -swift-version 6 -Onone -g \
  -I Sources/CZlib $(find Sources/DICOM -name '*.swift' | sort) Fuzz/FuzzDICOM.swift -lz -o "$out/fuzz-dicom" 2>&1 \
  | { grep -v "Cannot export local symbol" || true; }   # gold's noise about ASan's internal symbols
python3 - "$out/seeds" <<'PY'
import os, shutil, sys, pydicom
root = os.path.join(os.path.dirname(pydicom.__file__), "data")
for folder, _, names in os.walk(root):
    for name in names:
        path = os.path.join(folder, name)
        if name.endswith(".dcm") and os.path.getsize(path) <= 20000:
            shutil.copy(path, os.path.join(sys.argv[1], name))
PY
cp Tests/DICOMTests/Resources/fuzz-regressions/* "$out/seeds/" 2>/dev/null || true
echo "fuzzing for ${seconds}s with $(ls "$out/seeds" | wc -l) seeds"
"$out/fuzz-dicom" "$out/corpus" "$out/seeds" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -malloc_limit_mb=512 -max_len=65536 -print_final_stats=1 -artifact_prefix="$out/artifacts/" 2>&1 | tail -n 25
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ] || ls "$out"/artifacts/* >/dev/null 2>&1; then
  echo "fuzz: FAILED (exit $status); inputs in $out/artifacts/"
  exit 1
fi
echo "fuzz: no crash, hang or runaway allocation in ${seconds}s"
