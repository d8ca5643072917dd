// Snapshot export-80x24: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project › local › hospital › ct-archive                           ⠋ local
//  Store ct-archive   1 Details  ·  2 Import  ·  3 Export  ·  4 Operations
//
//   Bucket          ‹ scans ›  1 of 2 buckets
//   Destination     [gs://scans/exports/ct-archive/                             ]
//                    ✓ objects go to <folder>/<study>/<series>/<instance>
// ▸ File type       (•) DICOM .dcm  ( ) octet-stream  ( ) JPEG .jpg  ( ) PNG .png
//   Transfer syntax (•) as stored (*)
//                   ( ) Explicit VR Little Endian  1.2.840.10008.1.2.1
//                   ( ) Implicit VR Little Endian  1.2.840.10008.1.2
//                   ( ) Explicit VR Big Endian  1.2.840.10008.1.2.2
//                   ( ) Deflated Explicit VR Little Endian  1.2.840.10008.1.2.1.…
//                   ( ) JPEG Baseline  1.2.840.10008.1.2.4.50
//                   ( ) JPEG Lossless SV1  1.2.840.10008.1.2.4.70
//                   ( ) JPEG-LS Lossless  1.2.840.10008.1.2.4.80
//                   ( ) JPEG 2000 Lossless  1.2.840.10008.1.2.4.90
//                   ( ) RLE Lossless  1.2.840.10008.1.2.5
//   Filter file     [                                                           ]
//                    optional: /local/path or gs://bucket/filter.txt with /studi…
//   [ Export ]   mimeType: application/dicom
//  Left/Right or Space choose.
//
//
//  ?/F1 help  Esc/q back  Tab/↓ next field  Enter activate  Space toggle / choose
