import ConnectomeCore
import Foundation

/// One train/test partition of the stimuli (row indices, ascending).
public struct Split: Codable, Sendable, Equatable {
    public let train: [Int]
    public let test: [Int]
    public init(train: [Int], test: [Int]) {
        self.train = train.sorted()
        self.test = test.sorted()
    }
}

/// Ways of partitioning stimuli for cross-validation. Splits are plain data: they can be
/// saved with ``save(_:to:)`` and reloaded, so two analyses can use the very same folds.
public enum Splits {
    /// k contiguous folds in row order, the first `n mod k` one row larger (scikit-learn's
    /// unshuffled `KFold`, which himalaya uses for its inner cross-validation).
    public static func kFold(count n: Int, folds k: Int, name: String = "stimuli") throws -> [Split] {
        try requireFolds(n, k, name)
        var splits: [Split] = [], start = 0
        for f in 0..<k {
            let size = n / k + (f < n % k ? 1 : 0)
            let test = Array(start..<(start + size))
            splits.append(Split(train: Array(0..<start) + Array((start + size)..<n), test: test))
            start += size
        }
        return splits
    }

    /// k folds of a seeded random permutation; with `labels`, each label's stimuli are dealt
    /// round-robin over the folds so every fold holds each label in proportion.
    public static func shuffledKFold(count n: Int, folds k: Int, seed: UInt64, labels: [Int]? = nil, name: String = "stimuli") throws -> [Split] {
        try requireFolds(n, k, name)
        var generator = SplitMix64(seed: seed)
        var foldOf = [Int](repeating: 0, count: n)
        if let labels {
            var position = 0
            for group in groups(labels) {
                for (i, row) in group.shuffled(using: &generator).enumerated() { foldOf[row] = (position + i) % k }
                position += group.count
            }
        } else {
            for (i, row) in Array(0..<n).shuffled(using: &generator).enumerated() { foldOf[row] = i % k }
        }
        return (0..<k).map { f in Split(train: (0..<n).filter { foldOf[$0] != f }, test: (0..<n).filter { foldOf[$0] == f }) }
    }

    /// `repeats` random train/test splits with a `testFraction` of the stimuli held out; with
    /// `labels`, stratified: each label contributes round(fraction·size) test stimuli
    /// (Brain-Score: ten 90/10 splits stratified by object).
    public static func repeatedRandom(count n: Int, repeats: Int, testFraction: Double, seed: UInt64,
                                      labels: [Int]? = nil, name: String = "stimuli") throws -> [Split] {
        guard testFraction > 0 && testFraction < 1 else {
            throw CompareError.invalidInput(name: name, detail: "the test fraction must lie in (0, 1); got \(testFraction)")
        }
        var generator = SplitMix64(seed: seed)
        let strata = labels.map(groups) ?? [Array(0..<n)]
        return try (0..<repeats).map { _ in
            var test: [Int] = []
            for group in strata {
                let take = Int((Double(group.count) * testFraction).rounded())
                test += group.shuffled(using: &generator).prefix(take)
            }
            guard !test.isEmpty, test.count < n else {
                throw CompareError.invalidInput(name: name, detail: "\(n) stimuli cannot be split with a test fraction of \(testFraction)")
            }
            let held = Set(test)
            return Split(train: (0..<n).filter { !held.contains($0) }, test: test)
        }
    }

    static func groups(_ labels: [Int]) -> [[Int]] {
        Dictionary(grouping: labels.indices, by: { labels[$0] }).sorted { $0.key < $1.key }.map { $0.value }
    }

    static func requireFolds(_ n: Int, _ k: Int, _ name: String) throws {
        guard k >= 2 else { throw CompareError.invalidInput(name: name, detail: "cross-validation needs at least 2 folds; got \(k)") }
        guard n >= k else { throw CompareError.invalidInput(name: name, detail: "\(n) stimuli cannot fill \(k) folds; use at most \(n) folds") }
    }

    /// Writes splits as JSON (`[{"train": […], "test": […]}, …]`), atomically.
    public static func save(_ splits: [Split], to path: String) throws {
        try AtomicFile.writeJSON(splits, to: path, pretty: false)
    }

    /// Reads splits written by ``save(_:to:)``, checking they index `count` stimuli.
    public static func load(from path: String, count n: Int) throws -> [Split] {
        let splits: [Split]
        do {
            splits = try JSONDecoder().decode([Split].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CompareError.unreadable(file: path, detail: "not a splits file (expected [{\"train\": [...], \"test\": [...]}]): \(error.localizedDescription)")
        }
        for (k, split) in splits.enumerated() {
            let all = split.train + split.test
            guard all.allSatisfy({ (0..<n).contains($0) }), Set(split.train).isDisjoint(with: split.test), !split.train.isEmpty, !split.test.isEmpty else {
                throw CompareError.unreadable(file: path, detail: "split \(k + 1) does not partition \(n) stimuli into non-empty, disjoint train and test sets")
            }
        }
        return splits
    }
}
