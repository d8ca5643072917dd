// Snapshot browser-attributes-80x24: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//  demo-project › local › hospital › ct-archive                           ⠋ local
// ┌─ Attributes of 1.2.3.5.1.1 ──────────────────────────────────────────────────┐
// │ (0008,0016) UI =CTImageStorage                          #  26, 1 SOPClassUID │
// │ (0008,0018) UI [1.2.3.5.1.1]                            #  12, 1 SOPInstance │
// │ UID                                                                          │
// │ (0010,0010) PN [山田^太郎]                               #  12, 1 PatientNam │
// │ e                                                                            │
// │ (0028,0010) US 512                                      #   2, 1 Rows        │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// │                                                                              │
// └─────────────────────────────────────────────────────────────────── 1-6 of 6 ─┘
//
//  ?/F1 help  Esc/q close
