// Snapshot setup-steps-100x30: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project › local › setup                                                                 local
//  First-time setup             Tab next field · Space toggles · Esc skips
//    Data directory   /data/dicom-console
//    Project         [demo-project                ]  ✓
//    Location        [local                       ]  ✓
//    Dataset ID      [dicom                       ]  ✓ holds stores and operations
//    DICOM store ID  [store1                      ]  ✓
//    Bucket          (•) new folder in the data directory   ( ) an existing folder
//    Bucket name     [dicom-bucket                ]  ✓ gs://dicom-bucket
//    Access          the store's service agent gets, on the bucket:
//                     roles/storage.objectViewer  import lists and reads objects
//                     roles/storage.objectAdmin   export writes objects
//   serviceAccount:service-510835001129@gcp-sa-healthcare.iam.gserviceaccount.com
//    Sample study    [x] copy to gs://dicom-bucket/samples/ and import it
//    [ Setting up... ]
//    ✓ Create dataset dicom: created
//    ✗ Create bucket gs://dicom-bucket: bucket exists elsewhere
//    ⠋ Grant roles/storage.objectViewer
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
//  ?/F1 help  Esc/q skip  Tab/↓ next field  Enter activate  Space toggle / choose
