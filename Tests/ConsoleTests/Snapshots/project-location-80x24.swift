// Snapshot project-location-80x24: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project › local                                                     local
//  Datasets in demo-project › local                                        2 of 2
//   ID                               CREATED            LABELS
//   hospital                         2026-09-21 14:13   team=radiology
//   research                         2026-09-21 15:13
//
//
//
//   ┌─ Project and location ───────────────────────────────────────────────────┐
//   │ PROJECT/LOCATION  [demo-project/local                                  ] │
//   │                                                                          │
//   │ ✓ valid                                                                  │
//   │                                                                          │
//   │ Enter confirms · Esc cancels                                             │
//   └──────────────────────────────────────────────────────────────────────────┘
//
//
//
//
//
//
//
//
//  Enter accept  Esc cancel
