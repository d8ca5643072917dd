#!/usr/bin/env python3
"""Reference frames for the DICOMImaging tests, computed with pydicom + numpy.

For every file and frame asked for, writes two raw files into OUT and one JSON line on stdout:
  <n>.decoded  the frame as pydicom decodes it (raw=True: no colour conversion), int64 little-endian,
               rows x columns x samples, pixel-interleaved;
  <n>.render   the frame rendered to 8 bits (uint8, rows x columns x channels) with pydicom's own
               functions for each stage:
    grey:    apply_modality_lut -> apply_voi (VOI LUT Sequence) or apply_windowing (first window;
             Enhanced objects: Pixel Value Transformation / Frame VOI LUT functional groups copied to the
             top level first), else a LINEAR window selecting the frame's modality range without Pixel
             Padding Value(s) -> rescaled from pydicom's output range to 0..255 -> inverted for
             MONOCHROME1 (or MONOCHROME2 with Presentation LUT Shape INVERSE) -> rounded, clipped;
    colour:  pixel_array (YBR_FULL/YBR_FULL_422 converted to RGB by pydicom) scaled from Bits Stored;
    palette: apply_color_lut (16-bit palette data of big-endian files byte-swapped first: pydicom reads
             it in the machine's order), 16-bit entries scaled by 255/65535.
Compressed data needs the pylibjpeg, pylibjpeg-libjpeg, pylibjpeg-openjpeg and pyjpegls plugins.

Usage: Tests/Oracle/render_reference.py OUT FILE:FRAME [FILE:FRAME ...]   (FRAME from 0; "all" for every frame)
A file that pydicom cannot decode or render gives {"status": "error", "reason": ...}.
"""
import json
import os
import sys
import warnings

import numpy as np
import pydicom
from pydicom.pixels import apply_color_lut, apply_modality_lut, apply_voi, apply_windowing, pixel_array
from pydicom.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian

warnings.simplefilter("ignore")
pydicom.config.settings.reading_validation_mode = pydicom.config.IGNORE


def read(path):
    ds = pydicom.dcmread(path, force=True)
    if "TransferSyntaxUID" not in ds.file_meta:
        # Raw data sets: the syntax pydicom detected while reading.
        implicit, little = ds.original_encoding
        ds.file_meta.TransferSyntaxUID = (
            ImplicitVRLittleEndian if implicit else ExplicitVRLittleEndian if little else ExplicitVRBigEndian)
    return ds


def frame_of(ds, index):
    count = int(ds.get("NumberOfFrames", 1) or 1)
    raw = pixel_array(ds, index=index if count > 1 else None, raw=True)
    rgb = pixel_array(ds, index=index if count > 1 else None)
    return raw, rgb


def flatten_functional_groups(ds, index):
    """Copies rescale and window attributes of Enhanced objects to the top level (per-frame first)."""
    sources = []
    per_frame = ds.get("PerFrameFunctionalGroupsSequence")
    if per_frame is not None and index < len(per_frame):
        sources.append(per_frame[index])
    shared = ds.get("SharedFunctionalGroupsSequence")
    if shared:
        sources.append(shared[0])
    for keyword, attributes in (("PixelValueTransformationSequence", ("RescaleSlope", "RescaleIntercept")),
                                ("FrameVOILUTSequence", ("WindowCenter", "WindowWidth", "VOILUTFunction"))):
        for source in sources:
            macro = source.get(keyword)
            if macro:
                for attribute in attributes:
                    if attribute in macro[0] and attribute not in ds:
                        setattr(ds, attribute, macro[0][attribute].value)
                break


def first_value(value):
    return float(value[0]) if isinstance(value, (list, tuple, pydicom.multival.MultiValue)) else float(value)


def window_is_valid(ds):
    if "WindowCenter" not in ds or "WindowWidth" not in ds or ds.WindowCenter is None or ds.WindowWidth is None:
        return False
    try:
        width = first_value(ds.WindowWidth)
        first_value(ds.WindowCenter)
    except (TypeError, ValueError, IndexError):
        return False
    function = str(ds.get("VOILUTFunction", "LINEAR") or "LINEAR").upper()
    return width >= 1 if function == "LINEAR" else width > 0


def output_range(ds):
    """pydicom's apply_windowing output range (y_min, y_max)."""
    if ds.get("ModalityLUTSequence"):
        return 0.0, float(2 ** ds.ModalityLUTSequence[0].LUTDescriptor[2] - 1)
    bits = int(ds.BitsStored)
    if int(ds.PixelRepresentation) == 0:
        low, high = 0.0, float(2 ** bits - 1)
    else:
        low, high = float(-(2 ** (bits - 1))), float(2 ** (bits - 1) - 1)
    if "RescaleSlope" in ds and "RescaleIntercept" in ds:
        slope, intercept = float(ds.RescaleSlope), float(ds.RescaleIntercept)
        low, high = low * slope + intercept, high * slope + intercept
    return low, high


def render_grey(ds, stored, index):
    flatten_functional_groups(ds, index)
    function = str(ds.get("VOILUTFunction", "LINEAR") or "LINEAR").upper()
    if function not in ("LINEAR", "LINEAR_EXACT", "SIGMOID"):
        ds.VOILUTFunction = "LINEAR"
    modality = apply_modality_lut(stored, ds).astype(np.float64)
    if ds.get("VOILUTSequence"):
        item = ds.VOILUTSequence[0]
        lut = apply_voi(np.floor(modality).astype(np.int64), ds)
        y = lut.astype(np.float64) * 255.0 / float(2 ** item.LUTDescriptor[2] - 1)
    else:
        if not window_is_valid(ds):
            mask = np.ones(stored.shape, dtype=bool)
            if "PixelPaddingValue" in ds:
                value = int(ds.PixelPaddingValue)
                limit = int(ds.get("PixelPaddingRangeLimit", value))
                mask = (stored < min(value, limit)) | (stored > max(value, limit))
                if not mask.any():
                    mask[:] = True
            low, high = float(modality[mask].min()), float(modality[mask].max())
            ds.WindowCenter = (low + high + 1) / 2
            ds.WindowWidth = high - low + 1
            ds.VOILUTFunction = "LINEAR"
        elif isinstance(ds.WindowCenter, pydicom.multival.MultiValue) or isinstance(ds.WindowWidth, pydicom.multival.MultiValue):
            ds.WindowCenter, ds.WindowWidth = first_value(ds.WindowCenter), first_value(ds.WindowWidth)
        low, high = output_range(ds)
        y = (apply_windowing(modality, ds) - low) * 255.0 / (high - low)
    out = np.clip(np.rint(y), 0, 255).astype(np.uint8)
    shape = str(ds.get("PresentationLUTShape", "") or "").upper()
    if ds.PhotometricInterpretation == "MONOCHROME1" or shape == "INVERSE":
        out = 255 - out
    return out


def render(ds, raw, rgb, index):
    interpretation = ds.PhotometricInterpretation
    if interpretation in ("MONOCHROME1", "MONOCHROME2"):
        return render_grey(ds, raw, index)
    if interpretation == "PALETTE COLOR":
        if not ds.original_encoding[1]:
            # pydicom reads non-segmented palette data with the machine's byte order (a pydicom bug for
            # big-endian files): hand it little-endian words.
            for keyword in ("RedPaletteColorLookupTableData", "GreenPaletteColorLookupTableData",
                            "BluePaletteColorLookupTableData"):
                value = ds.get(keyword)
                entries = int(ds.RedPaletteColorLookupTableDescriptor[0]) or 65536
                if value is not None and len(value) == 2 * entries:
                    setattr(ds, keyword, np.frombuffer(value, dtype=">u2").astype("<u2").tobytes())
        colours = apply_color_lut(raw, ds)
        if colours.dtype == np.uint16:
            return np.clip(np.rint(colours.astype(np.float64) * 255.0 / 65535.0), 0, 255).astype(np.uint8)
        return colours.astype(np.uint8)
    bits = int(ds.BitsStored)
    if bits == 8 and rgb.dtype == np.uint8:
        return rgb
    scaled = rgb.astype(np.float64) * 255.0 / float(2 ** bits - 1)
    return np.clip(np.rint(scaled), 0, 255).astype(np.uint8)


def main():
    out_dir, requests = sys.argv[1], sys.argv[2:]
    number = 0
    for request in requests:
        path, _, frame = request.rpartition(":")
        try:
            ds = read(path)
            count = int(ds.get("NumberOfFrames", 1) or 1)
            frames = range(count) if frame == "all" else [int(frame)]
        except Exception as error:  # noqa: BLE001 - reported, not raised
            print(json.dumps({"file": path, "frame": frame, "status": "error", "reason": f"{type(error).__name__}: {error}"}))
            continue
        for index in frames:
            record = {"file": path, "frame": index}
            try:
                ds = read(path)
                raw, rgb = frame_of(ds, index)
                rendered = render(ds, raw, rgb, index)
                number += 1
                base = os.path.join(out_dir, str(number))
                np.ascontiguousarray(raw, dtype="<i8").tofile(base + ".decoded")
                np.ascontiguousarray(rendered, dtype=np.uint8).tofile(base + ".render")
                record.update(status="ok", decoded=base + ".decoded", render=base + ".render",
                              rows=int(raw.shape[0]), columns=int(raw.shape[1]),
                              samples=1 if raw.ndim == 2 else int(raw.shape[2]),
                              channels=1 if rendered.ndim == 2 else int(rendered.shape[2]))
            except Exception as error:  # noqa: BLE001 - reported, not raised
                record.update(status="error", reason=f"{type(error).__name__}: {error}")
            print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
