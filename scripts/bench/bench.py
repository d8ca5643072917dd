#!/usr/bin/env python3
"""The project's benchmark: one run, our figures beside the peers', with ratios.

usage: bench.py BINARY CORPUS     (scripts/bench.sh builds the binary and the corpus first)

Header parse (the DICOM engine issue): files/s, MB/s and peak memory of
  - `dicom-console dump -M DIR`  vs `dcmdump -M +sd +r DIR`   (the same listing work, output to /dev/null)
  - `dicom-console scan DIR`     vs pydicom `dcmread(stop_before_pixels=True)` over the same files
on thousands of small files, and on 100 MB+ multi-frame files (header-only and full lazy reads), where
memory must stay flat. Then imports, exports, and the console under tmux (bench_console.py: key-to-screen
latency and the Operations tab's bytes per second while an import runs).
"""
import os
import shutil
import subprocess
import sys
import time

import bench_console
import bench_export
import bench_import
import bench_server

PYDICOM_LOOP = r"""
import os, sys, time, warnings
warnings.filterwarnings("ignore")
import pydicom
files = [os.path.join(d, f) for d, _, fs in os.walk(sys.argv[1]) for f in fs]
start = time.perf_counter()
for path in files:
    pydicom.dcmread(path, stop_before_pixels=True)
print(time.perf_counter() - start)
"""


def run(command, repeat=3):
    """Best wall time of `repeat` runs, and the peak RSS (bytes) of the child."""
    best, peak = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            sys.exit(f"bench: {' '.join(command)} failed ({status})")
        best = min(best, elapsed)
        peak = max(peak, usage.ru_maxrss * 1024)
    return best, peak


def pydicom_time(folder, repeat=2):
    best = float("inf")
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", PYDICOM_LOOP, folder], capture_output=True, text=True, check=True)
        best = min(best, float(out.stdout.strip()))
    return best


def corpus_size(folder):
    files = [os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs]
    return len(files), sum(os.path.getsize(f) for f in files)


def row(name, files, size, seconds, peak):
    print(f"  {name:<44} {files / seconds:>10,.0f} files/s {size / seconds / 1e6:>9,.1f} MB/s "
          f"{peak / 1e6:>8,.1f} MB peak  ({seconds:.3f} s)")


def main():
    binary, corpus = sys.argv[1], sys.argv[2]
    # What measured runs wrote is moved here and deleted after the last measurement (see discard).
    bench_import.TRASH = os.path.join(corpus, "trash")
    if os.path.exists(bench_import.TRASH):
        print("(deleting what an interrupted run left, then waiting a minute for ext4 to stop skipping its inodes)")
        bench_import.empty_trash()
        subprocess.run(["sync"])
        time.sleep(61)
    try:
        return measure(binary, corpus)
    finally:
        bench_import.empty_trash()


def measure(binary, corpus):
    small, big = os.path.join(corpus, "small"), os.path.join(corpus, "big")
    n_small, b_small = corpus_size(small)
    n_big, b_big = corpus_size(big)
    ratios = []

    print(f"Header parse, {n_small:,} small files ({b_small / 1e6:.0f} MB)")
    ours, ours_peak = run([binary, "dump", "-M", small])
    peer, peer_peak = run(["dcmdump", "-q", "-M", "+sd", "+r", small])
    row("dicom-console dump -M", n_small, b_small, ours, ours_peak)
    row("dcmdump -M +sd +r", n_small, b_small, peer, peer_peak)
    ratios.append(("dump -M vs dcmdump -M (files/s)", peer / ours, 2.0))
    scan, scan_peak = run([binary, "scan", small])
    py = pydicom_time(small)
    row("dicom-console scan", n_small, b_small, scan, scan_peak)
    row("pydicom dcmread(stop_before_pixels=True)", n_small, b_small, py, 0)
    ratios.append(("scan vs pydicom stop_before_pixels (files/s)", py / scan, 5.0))

    print(f"\nBig multi-frame files: {n_big} files ({b_big / 1e6:.0f} MB)")
    ours_h, ours_h_peak = run([binary, "dump", "-M", big])
    peer_h, peer_h_peak = run(["dcmdump", "-q", "-M", "+sd", "+r", big])
    ours_f, ours_f_peak = run([binary, "dump", big])
    peer_f, peer_f_peak = run(["dcmdump", "-q", "+sd", "+r", big], repeat=1)
    row("dicom-console dump -M (header only)", n_big, b_big, ours_h, ours_h_peak)
    row("dcmdump -M", n_big, b_big, peer_h, peer_h_peak)
    row("dicom-console dump (full read, lazy values)", n_big, b_big, ours_f, ours_f_peak)
    row("dcmdump (full read)", n_big, b_big, peer_f, peer_f_peak)
    per_file = max(os.path.getsize(os.path.join(big, f)) for f in os.listdir(big))
    flat = ours_f_peak < 64e6
    print(f"  memory flat on big files: peak {ours_f_peak / 1e6:.1f} MB for {per_file / 1e6:.0f} MB files "
          f"({'yes' if flat else 'NO'})")

    print(f"\nLocal bucket: list + read every object of {n_small:,} small files ({b_small / 1e6:.0f} MB)")
    data_dir = os.path.join(corpus, "bench-data")
    if not os.path.exists(os.path.join(data_dir, "buckets.json")):
        subprocess.run([binary, "storage", "buckets", "create", "gs://bench-small", "--path", small,
                        "--data-dir", data_dir], check=True, stdout=subprocess.DEVNULL)
    cat, cat_peak = run([binary, "storage", "cat", "gs://bench-small/**", "--data-dir", data_dir])
    find, find_peak = run(["sh", "-c", f"find '{small}' -type f -print0 | xargs -0 cat"])
    row("dicom-console storage cat gs://bench-small/**", n_small, b_small, cat, cat_peak)
    row("find | xargs cat", n_small, b_small, find, find_peak)
    print(f"  ratio: {find / cat:.2f}x the speed of find | xargs cat")

    scratch = os.path.join(corpus, "scratch")
    os.makedirs(scratch, exist_ok=True)
    for label, folder in (("import, 130 KB files", os.path.join(corpus, "import130")), ("import, big multi-frame files", big)):
        n, size = corpus_size(folder)
        print(f"\n{label}: {n:,} files ({size / 1e6:.0f} MB)")
        ours_s, ours_peak, cp_s = bench_import.interleaved(
            lambda folder=folder: bench_import.ours_once(binary, folder, scratch), folder, scratch)
        row("dicom-console dicom-stores import gcs", n, size, ours_s, ours_peak)
        row("cp -r + sync", n, size, cp_s, 0)
        ratios.append((f"{label}: import vs cp -r + sync", cp_s / ours_s, 0.8))
        memory_ok = ours_peak < 150e6
        flat = flat and memory_ok
        print(f"  import peak memory under 150 MB: {'yes' if memory_ok else 'NO'}")
        if folder != big:
            orthanc_s = bench_import.orthanc(folder, scratch)
            if orthanc_s is None:
                print("  Orthanc not installed (apt-get install orthanc): no comparison")
            else:
                row("Orthanc REST POST /instances, 2 uploaders", n, size, orthanc_s, 0)
                ratios.append((f"{label}: import vs Orthanc (instances/s)", orthanc_s / ours_s, 2.0))

    source = os.path.join(corpus, "import130")
    n, size = corpus_size(source)
    print(f"\nexport: {n:,} instances of 130 KB ({size / 1e6:.0f} MB)")
    data, out = bench_export.prepare_store(binary, source, scratch)
    dicom_s, dicom_peak, cp_s = bench_import.interleaved(
        lambda: bench_export.export(binary, data, out, "dicom", repeat=1), source, scratch)
    row("dicom-stores export gcs (application/dicom)", n, size, dicom_s, dicom_peak)
    row("cp -r + sync", n, size, cp_s, 0)
    ratios.append(("export application/dicom vs cp -r + sync", cp_s / dicom_s, 0.8))
    png_s, png_peak = bench_export.export(binary, data, out, "png", "image/png", repeat=1)
    jpg_s, jpg_peak = bench_export.export(binary, data, out, "jpg", "image/jpeg", repeat=1)
    row("dicom-stores export gcs (image/png)", n, size, png_s, png_peak)
    row("dicom-stores export gcs (image/jpeg)", n, size, jpg_s, jpg_peak)
    sample = sorted(os.path.join(source, f) for f in os.listdir(source))[:300]
    j2p = bench_export.dcmj2pnm(sample, scratch)
    row("dcmj2pnm --write-png (300 files)", len(sample), 0, j2p, 0)
    ratios.append(("PNG renders/s vs dcmj2pnm", (len(sample) / j2p) and (n / png_s) / (len(sample) / j2p), 1.0))
    # Orthanc renders 1,000 of the files (300 took 0.2 s as JPEG: too short a run to be steady).
    rendered = sorted(os.path.join(source, f) for f in os.listdir(source))[:1000]
    orthanc_s = bench_export.orthanc_rendered(rendered, scratch)
    if orthanc_s is not None:
        row(f"Orthanc /frames/0/rendered PNG, 2 clients ({len(rendered)})", len(rendered), 0, orthanc_s, 0)
        ratios.append(("PNG renders/s vs Orthanc rendered", (n / png_s) / (len(rendered) / orthanc_s), 2.0))
    orthanc_jpeg_s = bench_export.orthanc_rendered(rendered, scratch, accept="image/jpeg")
    if orthanc_jpeg_s is not None:
        row(f"Orthanc /frames/0/rendered JPEG, 2 clients ({len(rendered)})", len(rendered), 0, orthanc_jpeg_s, 0)
        ratios.append(("JPEG renders/s vs Orthanc rendered", (n / jpg_s) / (len(rendered) / orthanc_jpeg_s), 2.0))
    bench_import.discard(data)
    bench_import.discard(out)

    served_dir, ingest_dir = os.path.join(scratch, "server-served"), os.path.join(scratch, "server-ingest")
    for folder in (served_dir, ingest_dir):
        bench_import.discard(folder)
        os.makedirs(folder)
    for index, path in enumerate(bench_import.files_of(source)):
        os.link(path, os.path.join(served_dir if index < 500 else ingest_dir, f"{index}.dcm"))
    print(f"\nHTTP server: {bench_server.CONNECTIONS} connections for {bench_server.SECONDS} s each, 500 instances served, "
          f"{len(bench_import.files_of(ingest_dir))} imported meanwhile")
    retrieve, search, lost, failed = bench_server.ours(binary, served_dir, ingest_dir, scratch)
    def http_row(label, figures):
        rps, median, p99, errors = figures
        print(f"  {label:<52} {rps:9.0f} req/s  median {median:7.1f} ms  p99 {p99:7.1f} ms  errors {errors}")
    http_row("dicom-console serve: WADO-RS instance", retrieve)
    http_row("dicom-console serve: QIDO-RS by SOPInstanceUID", search)
    print(f"  import during the load: {failed} failed, {lost} instances missing afterwards")
    flat = flat and retrieve[3] == 0 and search[3] == 0 and lost == 0 and failed == 0
    peer = bench_server.orthanc(served_dir, ingest_dir, scratch)
    if peer is None:
        print("  Orthanc not installed (apt-get install orthanc): no comparison")
    else:
        http_row("Orthanc GET /instances/{id}/file", peer[0])
        http_row("Orthanc POST /tools/find (instance by UID)", peer[1])
        ratios.append(("WADO instance retrieval req/s vs Orthanc /file", retrieve[0] / max(peer[0][0], 1e-9), 2.0))
        print(f"  search req/s vs Orthanc /tools/find: {search[0] / max(peer[1][0], 1e-9):.2f}x (no target)")
    bench_import.discard(served_dir)
    bench_import.discard(ingest_dir)

    console_checks = bench_console.report(bench_console.run(binary, corpus, scratch))

    print("\nRatios (ours vs peer; higher is better for us)")
    ok = flat and all(met for _, met in console_checks)
    for name, ratio, target in ratios:
        met = ratio >= target
        ok = ok and met
        print(f"  {name:<52} {ratio:6.2f}x   target {target:.1f}x  {'met' if met else 'NOT MET'}")
    for name, met in console_checks:
        print(f"  {name:<52} {'met' if met else 'NOT MET':>23}")
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
