"""dicomweb-client (PyPI) against the server's DICOMweb endpoints: QIDO searches, WADO retrieval of
instances, series, metadata, frames and rendered images, and STOW of a new instance. Prints one JSON
line per step; exits non-zero on any error.

usage: dicomweb_flow.py DICOMWEB_URL TOKEN FILE_TO_STORE
"""
import json
import sys

import pydicom
import requests
from dicomweb_client.api import DICOMwebClient
from pydicom.uid import generate_uid

url, token, path = sys.argv[1:4]
session = requests.Session()
session.headers["Authorization"] = f"Bearer {token}"
client = DICOMwebClient(url=url, session=session)


def say(step, value):
    print(json.dumps({"step": step, "value": value}), flush=True)


studies = client.search_for_studies()
say("studies", [s["0020000D"]["Value"][0] for s in studies])
study = studies[0]["0020000D"]["Value"][0]
series = client.search_for_series(study_instance_uid=study)
say("series", [s["0020000E"]["Value"][0] for s in series])
first_series = series[0]["0020000E"]["Value"][0]
instances = client.search_for_instances(study_instance_uid=study, series_instance_uid=first_series)
say("instances", [i["00080018"]["Value"][0] for i in instances])
sop = instances[0]["00080018"]["Value"][0]
say("searchByPatient", len(client.search_for_studies(search_filters={"PatientID": studies[0]["00100020"]["Value"][0]})))
say("searchNoMatch", len(client.search_for_studies(search_filters={"PatientID": "nobody-has-this-id"})))

instance = client.retrieve_instance(study, first_series, sop)
say("retrieveInstance", {"sop": str(instance.SOPInstanceUID), "syntax": str(instance.file_meta.TransferSyntaxUID),
                         "rows": int(instance.Rows)})
as_stored = client.retrieve_instance(study, first_series, sop, media_types=(("application/dicom", "*"),))
say("retrieveAsStored", str(as_stored.file_meta.TransferSyntaxUID))
whole = client.retrieve_series(study, first_series)
say("retrieveSeries", sorted(str(d.SOPInstanceUID) for d in whole))
metadata = client.retrieve_instance_metadata(study, first_series, sop)
say("metadata", {"sop": metadata["00080018"]["Value"][0], "hasPixelData": "7FE00010" in metadata})
frames = client.retrieve_instance_frames(study, first_series, sop, frame_numbers=[1])
say("frames", [len(f) for f in frames])
rendered = client.retrieve_instance_rendered(study, first_series, sop, media_types=("image/png",))
say("renderedPNG", rendered[:8].hex())

dataset = pydicom.dcmread(path)
dataset.SOPInstanceUID = generate_uid()
dataset.file_meta.MediaStorageSOPInstanceUID = dataset.SOPInstanceUID
stored = client.store_instances([dataset])
say("store", {"stored": [str(item.ReferencedSOPInstanceUID) for item in stored.ReferencedSOPSequence],
              "expected": str(dataset.SOPInstanceUID)})
back = client.retrieve_instance(str(dataset.StudyInstanceUID), str(dataset.SeriesInstanceUID), str(dataset.SOPInstanceUID))
say("storedBack", str(back.SOPInstanceUID))
