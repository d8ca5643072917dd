#!/usr/bin/env bash
# Sets up and runs every test: unit and integration tests (swift test, which also runs the pydicom
# oracle over the real corpus and the dcmtk interop tests), then a bounded fuzz run.
#   FUZZ_SECONDS=N to change the fuzz time (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build
DICOM_CONSOLE_BIN="$PWD/.build/debug/dicom-console" swift test
./scripts/fuzz.sh "${FUZZ_SECONDS:-60}"
