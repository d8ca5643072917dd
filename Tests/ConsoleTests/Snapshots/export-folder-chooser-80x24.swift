// Snapshot export-folder-chooser-80x24: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project › local › hospital › ct-archive                           ⠋ local
//  Store ct-archive   1 Details  ·  2 Import  ·  3 Export  ·  4 Operations
//
//   ┌─ Export destination: gs://scans/exports/ct-archive/ ─────────────────────┐
//   │ ✓ Use this folder  gs://scans/exports/ct-archive/                        │]
//   │ ▸ 2026-11/                                                               │
//   │ ▸ 2026-12/                                                               │g
//   │                                                                          │
//   │                                                                          │
//   │                                                                          │
//   │                                                                          │
//   │                                                                          │…
//   │                                                                          │
//   │                                                                          │
//   │                                                                          │
//   │                                                                          │
//   │                                                                          │
//   │ 2 sub-folders                                                            │]
//   │ Enter opens · Space chooses · ⌫ up · Esc cancels                         │…
//   └──────────────────────────────────────────────────────────────────────────┘
//  Left/Right choose the bucket (the folder typed below is kept); Enter browses it
//
//
//  Esc/q close  Enter open folder / use this one
