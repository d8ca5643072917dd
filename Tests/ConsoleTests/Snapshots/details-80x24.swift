// Snapshot details-80x24: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project › local › hospital › ct-archive                           ⠋ local
//  Store ct-archive   1 Details  ·  2 Import  ·  3 Export  ·  4 Operations
//  2 studies · 3 series · 1,234 instances · 41.5 MB
//  Studies                                                                 2 rows
//   PATIENT            ID          DATE     DESCRIPTION   SERIES   INST     SIZE
//   Doe^Jane           P-001       20260101 CT chest           2  1,000    33 MB
//   山田^太郎          P-002       20260102 CT head            1    234   8.5 MB
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
