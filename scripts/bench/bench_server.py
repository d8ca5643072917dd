"""HTTP server benchmark: WADO instance retrieval and QIDO search under 1,000 concurrent connections (wrk)
while an import runs, beside Orthanc's REST API serving the same instances while it ingests, in one run.
Prints requests/s, median and p99 latency, errors, and whether every imported instance arrived."""
import http.client
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time

import bench_import

TOKEN = "bench-token"
CONNECTIONS = 1000
SECONDS = 10

LUA = r"""
paths = {}
method = "GET"
body = nil
headers = {}
function init(args)
  for line in io.lines(args[1]) do table.insert(paths, line) end
  method = args[2]
  for i = 3, #args, 2 do headers[args[i]] = args[i + 1] end
end
counter = 0
function request()
  counter = counter + 1
  local line = paths[(counter % #paths) + 1]
  if method == "POST" then
    local sep = string.find(line, " ", 1, true)
    return wrk.format("POST", string.sub(line, 1, sep - 1), headers, string.sub(line, sep + 1))
  end
  return wrk.format("GET", line, headers)
end
"""


def wrk(port, lines, method, headers, scratch):
    """Runs wrk with CONNECTIONS connections for SECONDS over `lines` (paths, or "path body" for POST);
    returns (requests/s, median ms, p99 ms, errors)."""
    urls = os.path.join(scratch, "paths.txt")
    with open(urls, "w") as f:
        f.write("\n".join(lines) + "\n")
    script = os.path.join(scratch, "rotate.lua")
    with open(script, "w") as f:
        f.write(LUA)
    args = [urls, method]
    for name, value in headers.items():
        args += [name, value]
    result = subprocess.run(["sh", "-c", f"ulimit -n 8192; exec wrk -t2 -c{CONNECTIONS} -d{SECONDS}s --timeout 30s --latency "
                             f"-s {script} http://127.0.0.1:{port} -- " + " ".join(f"'{a}'" for a in args)],
                            capture_output=True, text=True)
    out = result.stdout
    if result.returncode != 0:
        raise SystemExit(f"bench: wrk failed ({result.returncode}): {result.stderr}{out}")
    rps = float(next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec")))
    latency = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("50%", "99%"):
            latency[parts[0]] = to_ms(parts[1])
    errors = 0
    for line in out.splitlines():
        if "Non-2xx" in line:
            errors += int(line.split()[-1])
        if "Socket errors" in line:
            errors += sum(int(p.rstrip(",")) for p in line.split() if p.rstrip(",").isdigit())
    return rps, latency.get("50%", 0), latency.get("99%", 0), errors


def to_ms(text):
    for unit, factor in (("us", 0.001), ("ms", 1), ("s", 1000)):
        if text.endswith(unit) and text[:-len(unit)].replace(".", "").isdigit():
            return float(text[:-len(unit)]) * factor
    return 0.0


def wait_http(port, path, headers=None):
    for _ in range(400):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", path, headers=headers or {})
            if c.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"bench: server on {port} did not answer {path}")


def request(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    c.request(method, path, body=body, headers=dict({"Authorization": f"Bearer {TOKEN}"}, **(headers or {})))
    r = c.getresponse()
    data = r.read()
    if r.status >= 300:
        raise SystemExit(f"bench: {method} {path} -> {r.status} {data[:300]}")
    return data


def ours(binary, served, ingested, scratch):
    """Our server: `served` imported first, then `ingested` imported while wrk runs."""
    root = tempfile.mkdtemp(dir=scratch)
    data = os.path.join(root, "data")
    member = "serviceAccount:service-" + bench_import.project_number() + "@gcp-sa-healthcare.iam.gserviceaccount.com"
    for name, folder in (("bench-served", served), ("bench-ingest", ingested)):
        for command in (["storage", "buckets", "create", f"gs://{name}", "--path", folder],
                        ["storage", "buckets", "add-iam-policy-binding", f"gs://{name}", f"--member={member}", "--role=roles/storage.objectViewer"]):
            subprocess.run([binary] + command + ["--data-dir", data], check=True, capture_output=True)
    port = bench_import.free_port()
    server = subprocess.Popen([binary, "serve", "--data-dir", data, "--port", str(port), "--token", TOKEN, "--quiet"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = "/v1/projects/local-project/locations/local/datasets/bench"
        wait_http(port, "/v1/projects/local-project/locations/local/datasets", {"Authorization": f"Bearer {TOKEN}"})
        request(port, "POST", "/v1/projects/local-project/locations/local/datasets?datasetId=bench", b"{}")
        request(port, "POST", f"{base}/dicomStores?dicomStoreId=st", b"{}")
        store = f"{base}/dicomStores/st"

        def run_import(bucket):
            name = json.loads(request(port, "POST", f"{store}:import", json.dumps({"gcsSource": {"uri": f"gs://{bucket}/**"}}).encode()))["name"]
            return name

        def wait(name):
            while True:
                op = json.loads(request(port, "GET", f"/v1/{name}"))
                if op.get("done"):
                    return op
                time.sleep(0.1)

        served_op = wait(run_import("bench-served"))
        if "error" in served_op:
            raise SystemExit(f"bench: the import to serve failed: {served_op['error']['message']}")
        instances = json.loads(request(port, "GET", f"{store}/dicomWeb/instances"))
        wado = [f"{store}/dicomWeb/studies/{i['0020000D']['Value'][0]}/series/{i['0020000E']['Value'][0]}/instances/{i['00080018']['Value'][0]}"
                for i in instances]
        qido = [f"{store}/dicomWeb/instances?SOPInstanceUID={i['00080018']['Value'][0]}" for i in instances]
        running = run_import("bench-ingest")
        auth = {"Authorization": f"Bearer {TOKEN}"}
        retrieve = wrk(port, wado, "GET", dict(auth, Accept="application/dicom;transfer-syntax=*"), root)
        search = wrk(port, qido, "GET", auth, root)
        done = wait(running)
        count = int(json.loads(request(port, "GET", f"{store}:getDICOMStoreMetrics")).get("instanceCount", "0"))
        expected = len(instances) + len(bench_import.files_of(ingested))
        lost = expected - count
        failed = int(done["metadata"]["counter"].get("failure", "0"))
        return retrieve, search, lost, failed
    finally:
        server.kill()
        server.wait()
        bench_import.discard(root)  # deleted after the last measurement (see discard)


def orthanc(served, ingested, scratch):
    """Orthanc's REST API: /instances/{id}/file and /tools/find while uploads run."""
    if shutil.which("Orthanc") is None:
        return None
    root = tempfile.mkdtemp(dir=scratch)
    port = bench_import.free_port()
    config = dict(bench_import.ORTHANC_CONFIG, HttpPort=port, StorageDirectory=os.path.join(root, "s"),
                  IndexDirectory=os.path.join(root, "i"), HttpThreadsCount=50)
    json.dump(config, open(os.path.join(root, "o.json"), "w"))
    server = subprocess.Popen(["Orthanc", os.path.join(root, "o.json")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_http(port, "/system")
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        ids, uids = [], []
        for f in bench_import.files_of(served):
            c.request("POST", "/instances", body=open(f, "rb").read())
            ids.append(json.loads(c.getresponse().read())["ID"])
        for i in ids:
            c.request("GET", f"/instances/{i}/simplified-tags")
            uids.append(json.loads(c.getresponse().read())["SOPInstanceUID"])
        stop = threading.Event()

        def upload():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            for f in bench_import.files_of(ingested):
                if stop.is_set():
                    return
                conn.request("POST", "/instances", body=open(f, "rb").read())
                conn.getresponse().read()

        uploader = threading.Thread(target=upload)
        uploader.start()
        retrieve = wrk(port, [f"/instances/{i}/file" for i in ids], "GET", {}, root)
        find = [f'/tools/find {json.dumps({"Level": "Instance", "Query": {"SOPInstanceUID": u}}, separators=(",", ":"))}' for u in uids]
        search = wrk(port, find, "POST", {"Content-Type": "application/json"}, root)
        stop.set()
        uploader.join()
        return retrieve, search
    finally:
        server.terminate()
        server.wait()
        bench_import.discard(root)  # deleted after the last measurement (see discard)
