"""Google's Python client library (googleapiclient, discovery document healthcare v1) against the
server: the seed's import and export samples. Prints one JSON line per step; exits non-zero on error.

usage: google_client_flow.py ENDPOINT TOKEN PROJECT LOCATION BUCKET
"""
import json
import sys
import time

import google.oauth2.credentials
from googleapiclient import discovery, errors

endpoint, token, project, location, bucket = sys.argv[1:6]
credentials = google.oauth2.credentials.Credentials(token=token)
client = discovery.build("healthcare", "v1", credentials=credentials, static_discovery=True,
                         client_options={"api_endpoint": endpoint}, cache_discovery=False)
datasets = client.projects().locations().datasets()
stores = datasets.dicomStores()
parent = f"projects/{project}/locations/{location}"
dataset = f"{parent}/datasets/gapi-dataset"
store = f"{dataset}/dicomStores/gapi-store"


def say(step, value):
    print(json.dumps({"step": step, "value": value}), flush=True)


def wait(operation):
    name = operation["name"]
    for _ in range(600):
        current = datasets.operations().get(name=name).execute()
        if current.get("done"):
            return current
        time.sleep(0.1)
    raise SystemExit(f"operation {name} did not finish")


say("createDataset", datasets.create(parent=parent, datasetId="gapi-dataset", body={}).execute())
say("createStore", stores.create(parent=dataset, dicomStoreId="gapi-store", body={}).execute())
say("getStore", stores.get(name=store).execute())
say("listStores", stores.list(parent=dataset).execute())
body = {"gcsSource": {"uri": f"gs://{bucket}/**.dcm"}, "blobStorageSettings": {"blobStorageClass": "NEARLINE"}}
say("import", wait(stores.import_(name=store, body=body).execute()))
say("metrics", stores.getDICOMStoreMetrics(name=store).execute())
body = {"gcsDestination": {"uriPrefix": f"gs://{bucket}/gapi-export", "mimeType": "application/dicom"}}
say("export", wait(stores.export(name=store, body=body).execute()))
say("listOperations", datasets.operations().list(name=dataset, pageSize=1).execute())
try:
    stores.import_(name=store, body={"gcsSource": {"uri": f"gs://{bucket}/x.dcm"}, "bogus": 1}).execute()
    say("unknownField", "accepted")
except errors.HttpError as error:
    say("unknownField", {"status": error.resp.status, "body": json.loads(error.content)})
