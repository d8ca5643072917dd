// Snapshot import-browse-80x24: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project › local › hospital › ct-archive                           ⠋ local
//  Store ct-archive   1 Details  ·  2 Import  ·  3 Export  ·  4 Operations
//  Source  gs://scans/**  (this folder and everything below it)
//   Storage project none: local buckets only (Cloud Storage is not configured)
// ▸ Browse  gs://scans/                                                 3 entries
//   ▸ study/
//   ▸ 其他/
//     readme.txt                                                            7 B
//
//
//
//   ▸ Advanced options
//
//     ✓ 1,502 objects, 50.3 MB match
//       readme.txt, study/a.dcm, study/b.dcm, ...
//
//   Storage class  < default (STANDARD) >
//   [ Import ]
//  Enter opens a folder or picks one object; Backspace goes up.
//
//
//
//
//  ?/F1 help  Esc/q back  Backspace/← up a level  Enter open  / filter
