#!/usr/bin/env bash
# Sets up and runs the product on the embedded default: with no arguments, the console (its first run
# offers a guided setup, and can import the bundled sample study); with arguments, the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build -c release --product dicom-console >&2
export DICOM_CONSOLE_SAMPLES="${DICOM_CONSOLE_SAMPLES:-$PWD/Resources/samples}"
exec .build/release/dicom-console "$@"
