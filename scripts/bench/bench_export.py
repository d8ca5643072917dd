"""Export benchmark: DICOM export vs `cp -r`; PNG renders/s vs dcmj2pnm and Orthanc's rendered frames."""
import http.client
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time

import bench_import


def prepare_store(binary, source, scratch):
    """A data directory with `source` imported into store st of dataset bench, and an export bucket."""
    data = os.path.join(scratch, "export-data")
    bench_import.discard(data)
    member = "serviceAccount:service-" + bench_import.project_number() + "@gcp-sa-healthcare.iam.gserviceaccount.com"
    out = os.path.join(scratch, "export-out")
    bench_import.discard(out)
    os.makedirs(out)
    for command in (["storage", "buckets", "create", "gs://bench-source", "--path", source],
                    ["storage", "buckets", "create", "gs://bench-out", "--path", out],
                    ["storage", "buckets", "add-iam-policy-binding", "gs://bench-source", f"--member={member}", "--role=roles/storage.objectViewer"],
                    ["storage", "buckets", "add-iam-policy-binding", "gs://bench-out", f"--member={member}", "--role=roles/storage.objectAdmin"],
                    ["datasets", "create", "bench"], ["dicom-stores", "create", "st", "--dataset", "bench"],
                    ["dicom-stores", "import", "gcs", "st", "--dataset", "bench", "--gcs-uri", "gs://bench-source/**"]):
        subprocess.run([binary] + command + ["--data-dir", data], check=True, capture_output=True)
    return data, out


def export(binary, data, out, folder, mime=None, repeat=3):
    """Best time and worst peak memory of `repeat` exports to gs://bench-out/FOLDER (each run's output is
    discarded to the trash before the next)."""
    best, peak = float("inf"), 0
    for _ in range(repeat):
        bench_import.discard(os.path.join(out, folder))
        subprocess.run(["sync"])
        command = [binary, "dicom-stores", "export", "gcs", "st", "--dataset", "bench", "--gcs-uri-prefix",
                   f"gs://bench-out/{folder}", "--data-dir", data] + (["--mime-type", mime] if mime else [])
        seconds, rss, status = bench_import.timed(command)
        if status != 0:
            raise SystemExit(f"bench: export {mime} failed ({status})")
        best, peak = min(best, seconds), max(peak, rss)
    return best, peak


def dcmj2pnm(files, scratch):
    out = tempfile.mkdtemp(dir=scratch)
    script = "for f in \"$@\"; do dcmj2pnm --write-png +Wm \"$f\" \"%s/$(basename \"$f\").png\" || exit 1; done" % out
    start = time.perf_counter()
    subprocess.run(["sh", "-c", script, "sh"] + files, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    bench_import.discard(out)
    return seconds


def orthanc_rendered(files, scratch, clients=2, accept="image/png"):
    if shutil.which("Orthanc") is None:
        return None
    root = tempfile.mkdtemp(dir=scratch)
    port = bench_import.free_port()
    config = dict(bench_import.ORTHANC_CONFIG, HttpPort=port, StorageDirectory=os.path.join(root, "s"), IndexDirectory=os.path.join(root, "i"))
    json.dump(config, open(os.path.join(root, "o.json"), "w"))
    server = subprocess.Popen(["Orthanc", os.path.join(root, "o.json")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                c.request("GET", "/system")
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.05)
        ids = []
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for f in files:
            c.request("POST", "/instances", body=open(f, "rb").read())
            ids.append(json.loads(c.getresponse().read())["ID"])

        def render(chunk):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            for i in chunk:
                conn.request("GET", f"/instances/{i}/frames/0/rendered", headers={"Accept": accept})
                r = conn.getresponse()
                r.read()

        start = time.perf_counter()
        threads = [threading.Thread(target=render, args=(ids[k::clients],)) for k in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.perf_counter() - start
    finally:
        server.terminate()
        server.wait()
        bench_import.discard(root)
