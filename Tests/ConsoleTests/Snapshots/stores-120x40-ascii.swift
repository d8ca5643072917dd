// Snapshot stores-120x40-ascii: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project > local > hospital                                                                                  local
//  DICOM stores in dataset hospital                                                                                2 of 2
//   ID                                                          STUDIES   SERIES  INSTANCES       SIZE CREATED
//   ct-archive                                                        2        3      1,234    41.5 MB 2026-09-21 14:13
//   mr-incoming                                                       0        0          0        0 B 2026-09-21 14:14
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//
//  ?/F1 help  Esc/q back  n new  o operations  a actions  Enter open  / filter  : jump (:ops :stores :setup)
