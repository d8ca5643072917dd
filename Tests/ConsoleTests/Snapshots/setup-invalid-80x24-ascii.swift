// Snapshot setup-invalid-80x24-ascii: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project > local > setup                                             local
//  First-time setup             Tab next field - Space toggles - Esc skips
//    Data directory   /data/dicom-console
//    Project         [demo-project                ]  +
//    Location        [local                       ]  +
//  > Dataset ID      [dicombad id                 ]  x invalid
//    DICOM store ID  [store1                      ]  +
//    Bucket          (*) new folder in the data directory   ( ) an existing folder
//    Bucket name     [dicom-bucket                ]  + gs://dicom-bucket
//    Access          the store's service agent gets, on the bucket:
//                     roles/storage.objectViewer  import lists and reads objects
//                     roles/storage.objectAdmin   export writes objects
//   serviceAccount:service-510835001129@gcp-sa-healthcare.iam.gserviceaccount.com
//    Sample study    [x] copy to gs://dicom-bucket/samples/ and import it
//    [ Set up ]
//    x dataset ID "dicombad id": character 9 " " is not allowed (letters, digits,
//    _, - and . only)
//
//
//
//
//
//
//  F1 help  Esc skip  Tab/Down next field  Enter activate
