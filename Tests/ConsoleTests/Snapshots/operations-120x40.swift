// Snapshot operations-120x40: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project › local › hospital › ct-archive                                                                   ⠸ local
//  Store ct-archive   1 Details  ·  2 Import  ·  3 Export  ·  4 Operations
//
//  Operations, newest first                                                                                  3 operations
//   ID                  KIND   STATUS                PROGRESS     COUNTERS                       STARTED  ENDED      TIME
// ▸ 1790000300000000003 Import ⠸ RUNNING 1,234/5,000 ██░░░░░░░░░░ 1,234 ok 3,766 left            14:18:20 -           30s
//   1790000200000000002 Import ✗ FAILED              ████████████ 6 ok 2 failed                  14:16:40 14:16:40   0.8s
//   1790000100000000001 Export ✓ DONE                ████████████ 6 ok                           14:15:00 14:15:01   1.2s
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
//  ?/F1 help  Esc/q back  l log  c cancel  p pause updates  Enter open  / filter  o operations  a actions
