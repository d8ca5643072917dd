// Snapshot help-datasets-80x24: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project › local                                                     local
//  Dat┌─ Keys (any key closes) ──────────────────────────────────────────────┐f 2
//   ID│ n                    new (changes data)                              │
//   ho│ d                    delete (changes data)                           │
//   re│ p                    project                                         │
//     │ Enter                open                                            │
//     │ /                    filter                                          │
//     │ ↑/k                  move up                                         │
//     │ ↓/j                  move down                                       │
//     │ PgUp/Ctrl-U          page up                                         │
//     │ PgDn/Ctrl-D          page down                                       │
//     │ Home/g               first row                                       │
//     │ End/G                last row                                        │
//     │ Esc/q                back                                            │
//     │ :                    jump (:ops :stores :setup)                      │
//     │ r/Ctrl-R             refresh                                         │
//     │ Ctrl-L               repaint the screen                              │
//     │ Ctrl-C               quit (a second Ctrl-C always exits)             │
//     │ ?/F1                 help                                            │
//     │                                                                      │
//     │                                                                      │
//     └──────────────────────────────────────────────────────────────────────┘
//
//  ?/F1 help  Esc/q close
