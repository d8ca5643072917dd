// Snapshot browser-instances-80x24-ascii: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project > local > hospital > ct-archive                           | local
//  Store ct-archive   1 Details  -  2 Import  -  3 Export  -  4 Operations
//  2 studies - 3 series - 1,234 instances - 41.5 MB
//  Series 1.2.3.5.1 > Instances                                            3 rows
//   NUMBER FRAMES      SIZE CLASS     SOP INSTANCE UID
//        1      1     36 KB STANDARD  1.2.3.5.1.1
//        2      1     36 KB STANDARD  1.2.3.5.1.2
//        3      1     36 KB STANDARD  1.2.3.5.1.3
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
//  ?/F1 help  Esc/q back  Backspace/Left up a level  Enter open  / filter
