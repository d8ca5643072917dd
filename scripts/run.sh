#!/usr/bin/env bash
# Sets up and runs the product on the embedded default. Until the console lands, with no arguments
# that is `dicom-console dump` of the bundled sample study; with arguments, they go to dicom-console.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build -c release --product dicom-console >&2
if [ $# -eq 0 ]; then
  set -- dump Resources/samples/phantom-s1-i1.dcm
fi
exec .build/release/dicom-console "$@"
