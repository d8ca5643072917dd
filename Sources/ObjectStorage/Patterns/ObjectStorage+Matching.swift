extension ObjectStorage {
    /// The objects a `gs://` URI names: one object when it has no wildcard, else every object whose name
    /// matches, streamed page by page. The backend is asked only for the pattern's literal prefix, and with
    /// a `/` delimiter when the pattern cannot cross folders, so memory stays at one page. A smaller
    /// `firstPageSize` gives the first objects sooner (an import starts working on them at once).
    public func objects(matching uri: StorageURI, pageSize: Int = 1000,
                        firstPageSize: Int? = nil) throws -> AsyncThrowingStream<ObjectInfo, any Error> {
        let pattern = try ObjectPattern(uri.path.isEmpty ? "**" : uri.path)
        let bucket = uri.bucket
        guard pattern.hasWildcards else {
            let name = uri.path
            let done = SendableBox(false)
            return AsyncThrowingStream(unfolding: {
                guard !done.withLock({ value in defer { value = true }; return value }) else { return nil }
                return try await self.metadata(bucket: bucket, object: name)
            })
        }
        let prefix = pattern.literalPrefix
        let delimiter: String? = pattern.crossesFolders ? nil : "/"
        let cursor = SendableBox(MatchCursor())
        // The unfolding closure is called once at a time, so reading and writing the cursor around the
        // await cannot interleave.
        return AsyncThrowingStream(unfolding: {
            while true {
                let state = cursor.value
                if let next = state.buffered.last {
                    _ = cursor.withLock { $0.buffered.removeLast() }
                    return next
                }
                if state.finished { return nil }
                let size = state.token == nil ? (firstPageSize ?? pageSize) : pageSize
                let page = try await self.list(bucket: bucket, prefix: prefix, delimiter: delimiter,
                                               pageToken: state.token, pageSize: size)
                cursor.withLock { cursor in
                    cursor.buffered = page.objects.filter { pattern.matches($0.name) }.reversed()
                    cursor.token = page.nextPageToken
                    cursor.finished = page.nextPageToken == nil
                }
            }
        })
    }
}

/// Where a streamed match listing is: the matches of the current page not yet given, and the next page.
private struct MatchCursor: Sendable {
    var buffered: [ObjectInfo] = []
    var token: String?
    var finished = false
}
