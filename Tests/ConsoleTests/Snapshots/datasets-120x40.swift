// Snapshot datasets-120x40: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project › local                                                                                             local
//  Datasets in demo-project › local                                                                                2 of 2
//   ID                               CREATED            LABELS
//   hospital                         2026-09-21 14:13   team=radiology
//   research                         2026-09-21 15:13
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
//  ?/F1 help  Esc/q quit  n new  d delete  p project  Enter open  / filter  : jump (:ops :stores :setup)
