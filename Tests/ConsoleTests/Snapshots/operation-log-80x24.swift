// Snapshot operation-log-80x24: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project › local › hospital › ct-archive                           ⠋ local
// ┌─ Log of operation 1790000200000000002 ───────────────────────────────────────┐
// │ INVALID_ARGUMENT  gs://scans/study/a/junk1.dcm                               │
// │     not a valid DICOM file: no DICM prefix and no recognisable data set at o │
// │ ffset 0                                                                      │
// │ INVALID_ARGUMENT  gs://scans/study/b/junk2.dcm                               │
// │     not a valid DICOM file: element (ABAB,ABAB) length 2880154539 runs past  │
// │ the end at offset 4                                                          │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// └─────────────────────────────────────────────────────────────────── 1-6 of 6 ─┘
//
//  ?/F1 help  Esc/q close
