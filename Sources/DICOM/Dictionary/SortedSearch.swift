extension Array where Element: Comparable {
    /// The index of `value` in this array, which must be sorted ascending; nil when absent.
    @inline(__always)
    func sortedIndex(of value: Element) -> Int? {
        withUnsafeBufferPointer { sorted in
            var low = 0
            var high = sorted.count
            while low < high {
                let mid = (low &+ high) >> 1
                if sorted[mid] < value { low = mid &+ 1 } else { high = mid }
            }
            return low < sorted.count && sorted[low] == value ? low : nil
        }
    }
}
