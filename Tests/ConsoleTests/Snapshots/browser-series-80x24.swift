// Snapshot browser-series-80x24: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project › local › hospital › ct-archive                           ⠋ local
//  Store ct-archive   1 Details  ·  2 Import  ·  3 Export  ·  4 Operations
//  2 studies · 3 series · 1,234 instances · 41.5 MB
//  Study 1.2.3.5 › Series                                                   1 row
//   NUMBER MODALITY INSTANCES      SIZE SERIES INSTANCE UID
//        1 CT             234    8.5 MB 1.2.3.5.1
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
//  ?/F1 help  Esc/q back  Backspace/← up a level  Enter open  / filter
