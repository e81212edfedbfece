/// A set of element indices stored as sorted, disjoint, non-adjacent half-open ranges,
/// so a selection of a million consecutive edges costs one range (as libsonata's `Selection`).
public struct Selection: Hashable, Sendable {
    /// Sorted, disjoint, non-touching ranges.
    public private(set) var ranges: [Range<Int>]

    /// A selection of the given ranges, which may be unsorted or overlapping.
    public init<S: Sequence>(ranges: S) where S.Element == Range<Int> {
        let sorted = ranges.filter { !$0.isEmpty }.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for range in sorted {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.ranges = merged
    }

    /// A selection of the given indices.
    public init<S: Sequence>(indices: S) where S.Element == Int {
        self.init(ranges: indices.map { $0..<($0 + 1) })
    }

    /// The number of selected indices.
    public var count: Int { ranges.reduce(0) { $0 + $1.count } }

    /// Whether nothing is selected.
    public var isEmpty: Bool { ranges.isEmpty }

    /// The selected indices in ascending order.
    public var indices: [Int] { ranges.flatMap { Array($0) } }

    /// Whether `index` is selected. - Complexity: O(log r) for r ranges.
    public func contains(_ index: Int) -> Bool {
        var low = 0, high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound <= index { low = mid + 1 } else { high = mid }
        }
        return low < ranges.count && ranges[low].contains(index)
    }

    /// The indices selected by either selection.
    public func union(_ other: Selection) -> Selection { Selection(ranges: ranges + other.ranges) }
}
