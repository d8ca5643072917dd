#!/usr/bin/env bash
# The project's benchmark: builds release, generates the corpus (cached in .build-bench/), and prints
# our throughput and memory beside dcmtk and pydicom, with ratios against the issues' targets.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# Peers only the benchmark needs: Orthanc (REST upload, rendering, retrieval) and wrk (HTTP load).
for tool in orthanc wrk; do
  dpkg -s "$tool" >/dev/null 2>&1 || { [ "$(id -u)" -eq 0 ] && sudo="" || sudo=sudo; $sudo apt-get install -y -qq "$tool" >/dev/null; }
done
swift build -c release --product dicom-console >&2
python3 scripts/bench/make_corpus.py .build-bench/corpus "$@"
python3 scripts/bench/bench.py "$PWD/.build/release/dicom-console" .build-bench/corpus
