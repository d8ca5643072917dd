// Snapshot access-dialog-80x24: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project › local › hospital › ct-archive                           ⠋ local
//  Store ct-archive   1 Details  ·  2 Import  ·  3 Export  ·  4 Operations
//  Source  (none yet)
//   Storage project none: local buckets only (Cloud Storage is not configured)
//   Browse  buckets                                                     2 entries
//  ┌─ ✗ Permission denied on gs://scans ────────────────────────────────────────┐
//  │ The store's service agent lacks storage.objects.get, storage.objects.list  │
//  │ on gs://scans.                                                             │
//  │                                                                            │
//  │ Grant it with:                                                             │
//  │   dicom-console storage buckets add-iam-policy-binding gs://scans          │
//  │   --member=serviceAccount:service-123@gcp-sa-healthcare.iam.gserviceaccoun │
//  │   t.com --role=roles/storage.objectViewer                                  │
//  │                                                                            │
//  │ This is a local bucket: the console can grant roles/storage.objectViewer   │
//  │ now.                                                                       │
//  │                                                                            │
//  │ [ Cancel ]  [ Grant roles/storage.objectViewer ]                           │
//  └────────────────────────────────────────────────────────────────────────────┘
//
//
//
//
//  Esc/q close  Enter choose the focused button  →/Tab next button
