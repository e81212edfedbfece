import ConnectomeCore
import Testing
import _TestSupport

@Suite("Selection")
struct SelectionTests {
    @Test("overlapping and touching ranges merge; membership matches the index set", arguments: 0..<30)
    func mergeAndContain(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var ranges: [Range<Int>] = []
        var expected = Set<Int>()
        for _ in 0..<Int.random(in: 0...20, using: &rng) {
            let start = Int.random(in: 0..<200, using: &rng)
            let range = start..<(start + Int.random(in: 0...15, using: &rng))
            ranges.append(range)
            expected.formUnion(range)
        }
        let selection = Selection(ranges: ranges)
        #expect(selection.count == expected.count, "seed \(seed)")
        #expect(selection.indices == expected.sorted(), "seed \(seed)")
        for (a, b) in zip(selection.ranges, selection.ranges.dropFirst()) {
            #expect(a.upperBound < b.lowerBound, "seed \(seed): ranges disjoint and not touching")
        }
        for i in -1...220 { #expect(selection.contains(i) == expected.contains(i), "seed \(seed): index \(i)") }
    }

    @Test func fromIndices() {
        let selection = Selection(indices: [5, 1, 2, 3, 9, 10])
        #expect(selection.ranges == [1..<4, 5..<6, 9..<11])
        #expect(selection.union(Selection(indices: [4])).ranges == [1..<6, 9..<11])
    }
}
