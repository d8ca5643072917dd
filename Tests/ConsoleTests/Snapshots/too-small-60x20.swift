// Snapshot too-small-60x20: re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests
// ---
//
//
//
//
//
//
//
//
//
//    Terminal too small: 60x20. The console needs at least
//             80x24; enlarge the window (q quits).
//
//
//
//
//
//
//
//
//
