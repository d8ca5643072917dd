import ObjectStorage

/// Exported instances waiting to be settled (their staged objects published, their results counted):
/// as import batches (`BatchPolicy`).
struct ExportBatch {
    private var finished: [(ExportItem, [ExportOutcome])] = []
    private var since = ContinuousClock.now

    mutating func add(_ item: ExportItem, _ outcomes: [ExportOutcome]) { finished.append((item, outcomes)) }

    var isDue: Bool { finished.count >= BatchPolicy.maximumCount || ContinuousClock.now - since >= BatchPolicy.interval }

    /// The staged objects of the batch (to remove when the job stops before publishing them).
    var staged: [StagedObject] { Self.staged(in: finished) }

    static func staged(in finished: [(ExportItem, [ExportOutcome])]) -> [StagedObject] {
        finished.flatMap { $0.1.compactMap { if case .staged(let object) = $0 { object } else { nil } } }
    }

    mutating func take() -> [(ExportItem, [ExportOutcome])] {
        defer { finished = []; since = ContinuousClock.now }
        return finished
    }
}
