import Foundation

/// An ordered collection of data elements: a whole object, a file meta group, or one sequence item.
///
/// Elements are kept sorted by tag, as the standard requires them to be written.
public struct DataSet: Sendable {
    /// The elements, in ascending tag order.
    public private(set) var elements: [DataElement]

    /// An empty data set.
    public init() { elements = [] }

    /// A data set of the given elements (sorted here if needed; a later duplicate replaces an earlier one).
    public init(_ elements: [DataElement]) {
        self.elements = []
        self.elements.reserveCapacity(elements.count)
        for element in elements { self[element.tag] = element }
    }

    /// Builds from elements the caller guarantees sorted and unique (the parser).
    init(sorted elements: [DataElement]) { self.elements = elements }

    /// The number of elements at this level.
    public var count: Int { elements.count }
    /// True when there are no elements.
    public var isEmpty: Bool { elements.isEmpty }

    /// The element with this tag, or nil. Setting nil removes it.
    public subscript(tag: Tag) -> DataElement? {
        get {
            let index = insertionIndex(of: tag)
            return index < elements.count && elements[index].tag == tag ? elements[index] : nil
        }
        set {
            let index = insertionIndex(of: tag)
            let exists = index < elements.count && elements[index].tag == tag
            switch (newValue, exists) {
            case (let element?, true): elements[index] = element
            case (let element?, false): elements.insert(element, at: index)
            case (nil, true): elements.remove(at: index)
            case (nil, false): break
            }
        }
    }

    /// True when an element with this tag is present.
    public func contains(_ tag: Tag) -> Bool { self[tag] != nil }

    /// Adds or replaces an element.
    public mutating func set(_ element: DataElement) { self[element.tag] = element }

    /// Removes every element for which the predicate is true.
    public mutating func removeAll(where predicate: (DataElement) -> Bool) {
        elements.removeAll(where: predicate)
    }

    private func insertionIndex(of tag: Tag) -> Int {
        // Appends are the common case while building: check the end first.
        if let last = elements.last, last.tag < tag { return elements.count }
        var low = 0, high = elements.count
        while low < high {
            let mid = (low + high) / 2
            if elements[mid].tag < tag { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The character set of this data set's text: its own (0008,0005), or the one it inherits.
    public func characterSet(inheriting parent: SpecificCharacterSet = .default) -> SpecificCharacterSet {
        guard let element = self[.specificCharacterSet], let bytes = element.bytes else { return parent }
        let terms = SpecificCharacterSet.default.decode(Array(bytes), vr: .CS)
        return SpecificCharacterSet(terms: terms)
    }
}
