"""Import benchmark: dicom-console import vs `cp -r` + `sync`, and vs Orthanc's REST upload (2 uploaders)."""
import http.client
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time

ORTHANC_CONFIG = {
    "Name": "bench", "HttpPort": 0, "DicomPort": 0, "RemoteAccessAllowed": False,
    "AuthenticationEnabled": False, "HttpServerEnabled": True, "DicomServerEnabled": False,
    "StorageCompression": False, "ConcurrentJobs": 2, "HttpThreadsCount": 4,
}


# Where measured runs put what they wrote (see `discard`); bench.py sets it and empties it at the end.
TRASH = None
_discarded = [0]


def discard(path):
    """Moves `path` into TRASH instead of deleting it: a rename frees no inode. On this VM's ext4 (no
    journal), creating files within a minute of deleting thousands makes the inode allocator scan past every
    recently deleted inode (`recently_deleted` in `perf`): the runs after a deletion would measure that,
    varying 2-5x. Everything is deleted once, after the last measurement."""
    if not os.path.lexists(path):
        return
    if TRASH is None:
        shutil.rmtree(path, ignore_errors=True)
        return
    os.makedirs(TRASH, exist_ok=True)
    _discarded[0] += 1
    os.rename(path, os.path.join(TRASH, f"{os.getpid()}-{_discarded[0]}-{os.path.basename(path)}"))


def empty_trash():
    if TRASH is not None:
        shutil.rmtree(TRASH, ignore_errors=True)


def files_of(folder):
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs)


def timed(command, env=None):
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status)


def cp_sync(source, scratch, repeat=3):
    """Best of `repeat` runs of `cp -r` followed by `sync` (the disk's write cache makes single runs noisy).
    Each copy is discarded (moved to the trash) before the next."""
    best = float("inf")
    target = os.path.join(scratch, "cp-target")
    for _ in range(repeat):
        discard(target)
        subprocess.run(["sync"])
        seconds, _, _ = timed(["sh", "-c", f"cp -r '{source}' '{target}' && sync"])
        discard(target)
        best = min(best, seconds)
    return best


def interleaved(ours_once, source, scratch, repeat=5):
    """Best of `repeat` rounds of (our run, then `cp -r` + `sync`), with the peak memory of our worst run.
    Alternating puts both under the same disk state; what either wrote goes to the trash (see `discard`)."""
    ours_best, ours_peak, cp_best = float("inf"), 0, float("inf")
    for _ in range(repeat):
        seconds, peak = ours_once()
        ours_best, ours_peak = min(ours_best, seconds), max(ours_peak, peak)
        cp_best = min(cp_best, cp_sync(source, scratch, repeat=1))
    subprocess.run(["sync"])
    return ours_best, ours_peak, cp_best


def ours(binary, source, scratch, repeat=3):
    """Best of `repeat` imports into a fresh data directory; the peak memory of the worst."""
    runs = [ours_once(binary, source, scratch) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs)


def ours_once(binary, source, scratch):
    """One import into a fresh data directory: (seconds, peak bytes); the directory is discarded after."""
    data = os.path.join(scratch, "ours-data")
    discard(data)
    agent = subprocess.run([binary, "storage", "buckets", "create", "gs://bench-import", "--path", source, "--data-dir", data],
                           check=True, capture_output=True)
    member = "serviceAccount:service-" + project_number() + "@gcp-sa-healthcare.iam.gserviceaccount.com"
    for command in (["storage", "buckets", "add-iam-policy-binding", "gs://bench-import", f"--member={member}",
                     "--role=roles/storage.objectViewer"],
                    ["datasets", "create", "bench"], ["dicom-stores", "create", "st", "--dataset", "bench"]):
        subprocess.run([binary] + command + ["--data-dir", data], check=True, capture_output=True)
    subprocess.run(["sync"])
    seconds, peak, status = timed([binary, "dicom-stores", "import", "gcs", "st", "--dataset", "bench",
                                   "--gcs-uri", "gs://bench-import/**", "--data-dir", data])
    if status != 0:
        raise SystemExit(f"bench: import failed ({status})")
    discard(data)
    del agent
    return seconds, peak


def project_number():
    import hashlib
    digest = hashlib.sha256(b"local-project").digest()
    return str(100_000_000_000 + int.from_bytes(digest[:8], "big") % 900_000_000_000)


def orthanc(source, scratch, uploaders=2):
    if shutil.which("Orthanc") is None:
        return None
    root = tempfile.mkdtemp(dir=scratch)
    port = free_port()
    config = dict(ORTHANC_CONFIG, HttpPort=port, StorageDirectory=os.path.join(root, "storage"),
                  IndexDirectory=os.path.join(root, "index"))
    path = os.path.join(root, "orthanc.json")
    json.dump(config, open(path, "w"))
    server = subprocess.Popen(["Orthanc", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                connection.request("GET", "/system")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.05)
        files = files_of(source)
        chunks = [files[i::uploaders] for i in range(uploaders)]
        errors = []

        def upload(paths):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            for p in paths:
                body = open(p, "rb").read()
                connection.request("POST", "/instances", body=body, headers={"Content-Type": "application/dicom"})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(response.status)

        start = time.perf_counter()
        threads = [threading.Thread(target=upload, args=(chunk,)) for chunk in chunks]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - start
        if errors:
            raise SystemExit(f"bench: Orthanc rejected {len(errors)} uploads")
        return seconds
    finally:
        server.terminate()
        server.wait()
        discard(root)


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
