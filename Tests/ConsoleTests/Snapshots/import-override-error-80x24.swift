// Snapshot import-override-error-80x24: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project › local › hospital › ct-archive                           ⠋ local
//  Store ct-archive   1 Details  ·  2 Import  ·  3 Export  ·  4 Operations
//  Source  gs://scans/study/***  (override path)
//   Storage project none: local buckets only (Cloud Storage is not configured)
//   Browse  gs://scans/                                                 3 entries
//   ▸ study/
//   ▸ 其他/
//     readme.txt                                                            7 B
//
//
//
//   ▾ Advanced options
//   ▸ Override Cloud Storage path   [gs://scans/study/***                       ]
//     ✗ invalid wildcard path at character 7: *** is not a wildcard: use * or **
//         study/***
//               ^
//   Storage class  < default (STANDARD) >
//   [ Import ]
//  e.g. gs://bucket/dir/**.dcm or gs://bucket/*/s?/*.dcm, checked as you type.
//
//
//
//
//  F1 help  Esc back  Tab/↓ next field  Enter activate
