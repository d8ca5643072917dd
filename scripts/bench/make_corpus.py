#!/usr/bin/env python3
"""Generates the benchmark corpus (not committed): small files and big multi-frame files.

usage: make_corpus.py OUT [--small N] [--big N] [--big-mb MB]
- small/: N files, each a real pydicom/pydicom-data native file (or the bundled phantom) written with
  its own SOP Instance UID, 5 to 160 KB, in explicit/implicit VR little endian and big endian;
- big/: multi-frame 16-bit images of about MB megabytes each (random pixels, so nothing is sparse).
Idempotent: an existing corpus with the same parameters is kept.
"""
import argparse
import glob
import json
import os

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

ROOT = "2.25.7240596344349566754704610125350120213.9"


def templates():
    here = os.path.dirname(os.path.abspath(__file__))
    paths = glob.glob(os.path.join(here, "..", "..", "Resources", "samples", "*.dcm"))
    data = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files")
    for name in ("CT_small.dcm", "MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm",
                 "rtplan.dcm", "rtdose.dcm", "SC_rgb.dcm", "US1_UNCR.dcm", "test-SR.dcm", "ExplVR_BigEnd.dcm"):
        path = os.path.join(data, name)
        if os.path.exists(path):
            paths.append(path)
    out = []
    for path in paths:
        ds = pydicom.dcmread(path)
        if getattr(ds.file_meta, "TransferSyntaxUID", None) is None or ds.file_meta.TransferSyntaxUID.is_compressed:
            continue
        out.append(ds)
    return out


def make_small(folder, count):
    os.makedirs(folder, exist_ok=True)
    sources = templates()
    for i in range(count):
        ds = sources[i % len(sources)]
        uid = f"{ROOT}.{i + 1}"
        ds.SOPInstanceUID = uid
        ds.file_meta.MediaStorageSOPInstanceUID = uid
        ds.InstanceNumber = i + 1
        ds.save_as(os.path.join(folder, f"small-{i:05d}.dcm"), enforce_file_format=True)


def make_import(folder, count):
    """`count` distinct 256x256 16-bit CT-like instances of about 130 KB (the import benchmark's files)."""
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(11)
    pixels = rng.integers(0, 4096, size=256 * 256, dtype=np.uint16).tobytes()
    for i in range(count):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
        meta.MediaStorageSOPInstanceUID = f"{ROOT}.7.{i + 1}"
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = Dataset()
        ds.file_meta = meta
        ds.SOPClassUID = meta.MediaStorageSOPClassUID
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID = f"{ROOT}.7.0.{i // 500}"
        ds.SeriesInstanceUID = f"{ROOT}.7.0.{i // 500}.{i // 100}"
        ds.Modality = "CT"
        ds.PatientName = "Bench^Import"
        ds.PatientID = f"BENCH{i // 500}"
        ds.InstanceNumber = i % 100 + 1
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.Rows, ds.Columns = 256, 256
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
        ds.PixelData = pixels
        ds.save_as(os.path.join(folder, f"ct-{i:05d}.dcm"), enforce_file_format=True)


def make_big(folder, count, megabytes):
    os.makedirs(folder, exist_ok=True)
    rows = cols = 512
    frames = max(1, megabytes * 1024 * 1024 // (rows * cols * 2))
    rng = np.random.default_rng(7)
    for i in range(count):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2.1"  # Enhanced CT
        meta.MediaStorageSOPInstanceUID = f"{ROOT}.8.{i + 1}"
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = Dataset()
        ds.file_meta = meta
        ds.SOPClassUID = meta.MediaStorageSOPClassUID
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID = f"{ROOT}.8"
        ds.SeriesInstanceUID = f"{ROOT}.8.0"
        ds.Modality = "CT"
        ds.PatientName = "Bench^Big"
        ds.PatientID = "BENCH"
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.NumberOfFrames = frames
        ds.Rows, ds.Columns = rows, cols
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
        ds.PixelData = rng.integers(0, 4096, size=frames * rows * cols, dtype=np.uint16).tobytes()
        ds.save_as(os.path.join(folder, f"big-{i}.dcm"), enforce_file_format=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--small", type=int, default=3000)
    parser.add_argument("--big", type=int, default=2)
    parser.add_argument("--big-mb", type=int, default=105)
    parser.add_argument("--import-files", type=int, default=2000)
    args = parser.parse_args()
    stamp = os.path.join(args.out, "corpus.json")
    wanted = {"small": args.small, "big": args.big, "big_mb": args.big_mb, "import": args.import_files, "version": 3}
    if os.path.exists(stamp) and json.load(open(stamp)) == wanted:
        return
    make_small(os.path.join(args.out, "small"), args.small)
    make_big(os.path.join(args.out, "big"), args.big, args.big_mb)
    make_import(os.path.join(args.out, "import130"), args.import_files)
    json.dump(wanted, open(stamp, "w"))


if __name__ == "__main__":
    main()
