// Snapshot operation-details-80x24: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project › local › hospital › ct-archive                           ⠋ local
// ┌─ Operation 1790000200000000002 ──────────────────────────────────────────────┐
// │ {                                                                            │
// │   "name": "projects/demo-project/locations/local/datasets/hospital/operation │
// │ s/1790000200000000002",                                                      │
// │   "metadata": {"apiMethodName": "google.cloud.healthcare.v1.dicom.DicomServi │
// │ ce.ImportDicomData",                                                         │
// │                "counter": {"success": "6", "failure": "2"}},                 │
// │   "done": true,                                                              │
// │   "error": {"code": 3, "message": "2 of 8 objects could not be imported"}    │
// │ }                                                                            │
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
// └─────────────────────────────────────────────────────────────────── 1-9 of 9 ─┘
//
//  ?/F1 help  Esc/q close
