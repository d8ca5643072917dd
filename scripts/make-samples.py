#!/usr/bin/env python3
"""Writes the bundled sample study under Resources/samples/ (committed; rerun to regenerate).

A synthetic CT-like study of our own (no patient data): one study, two series of three 128x128 16-bit
slices of a simple phantom, explicit VR little endian. Used by the README's run command and, later,
by the console's first-time setup to import something real.
"""
import datetime
import os
import sys

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

ROOT = "2.25.7240596344349566754704610125350120213"  # this product's implementation UID as a UID root
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Resources", "samples")


def phantom(slice_index, size=128):
    y, x = np.mgrid[0:size, 0:size]
    r = np.hypot(x - size / 2, y - size / 2)
    image = np.full((size, size), -1000, dtype=np.int16)        # air
    image[r < size * 0.45] = 40                                  # soft tissue
    image[(r > size * 0.40) & (r < size * 0.45)] = 700           # skull-like ring
    image[np.hypot(x - size * 0.62, y - size * 0.45) < 8 + slice_index] = 300
    return (image + 1024).astype(np.uint16)                      # stored values, intercept -1024


def instance(series, number, study_uid, series_uid):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    meta.MediaStorageSOPInstanceUID = f"{ROOT}.1.{series}.{number}"
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = ROOT
    ds = Dataset()
    ds.file_meta = meta
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyDate = "20260101"
    ds.StudyTime = "120000"
    ds.Modality = "CT"
    ds.Manufacturer = "DICOM Console"
    ds.StudyDescription = "Sample phantom study"
    ds.SeriesDescription = f"Phantom series {series}"
    ds.PatientName = "Phantom^Sample"
    ds.PatientID = "SAMPLE-001"
    ds.PatientBirthDate = ""
    ds.PatientSex = "O"
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = series_uid
    ds.StudyID = "1"
    ds.SeriesNumber = series
    ds.InstanceNumber = number
    ds.ImagePositionPatient = [0, 0, number * 5]
    ds.SliceThickness = 5
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = ds.Columns = 128
    ds.PixelSpacing = [1, 1]
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.RescaleIntercept = -1024
    ds.RescaleSlope = 1
    ds.WindowCenter = 40
    ds.WindowWidth = 400
    ds.PixelData = phantom(number).tobytes()
    return ds


def main():
    os.makedirs(OUT, exist_ok=True)
    study_uid = f"{ROOT}.1"
    for series in (1, 2):
        for number in (1, 2, 3):
            ds = instance(series, number, study_uid, f"{ROOT}.1.{series}")
            path = os.path.join(OUT, f"phantom-s{series}-i{number}.dcm")
            ds.save_as(path, enforce_file_format=True)
            print(path)


if __name__ == "__main__":
    sys.exit(main())
