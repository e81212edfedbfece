import _TestSupport
import Foundation
import Testing
@testable import NeuralCompare

@Suite("Comparison module: hand examples, synthetic recovery, inputs and bad input")
struct HandAndSyntheticTests {
    /// Values derived by hand in CONVENTIONS.md ("Hand example"), not by any library.
    @Test("a 4-stimulus example and tied rank correlations equal their hand-derived values")
    func handExample() throws {
        let patterns = Matrix(rowArrays: [[1, 2], [4, 1], [2, 6], [5, 3]])
        #expect(RDM.euclidean(patterns).vector == [10, 17, 17, 29, 5, 18].map { $0 / 2 })
        let correlation = try RDM.correlation(patterns).vector
        for (a, b) in zip(correlation, [2.0, 0, 2, 2, 0, 2]) { #expect(abs(a - b) < 1e-15) }
        let a = RDM(conditions: 4, vector: [1, 2, 2, 3, 1, 4]), b = RDM(conditions: 4, vector: [0, 1, 1, 0, 0, 1])
        #expect(Statistics.averageRanks(a.vector) == [1.5, 3.5, 3.5, 5, 1.5, 6])
        #expect(abs(RDM.compare(a, b, method: .spearman) - 7.5 / (16.5 * 13.5).squareRoot()) < 1e-15)
        #expect(abs(RDM.compare(a, b, method: .rhoA) - 3.0 / 7) < 1e-15)
        #expect(abs(RDM.compare(a, b, method: .tauA) - 1.0 / 3) < 1e-15)
        #expect(abs(RDM.compare(a, b, method: .cosine) - 8 / (35.0 * 3).squareRoot()) < 1e-15)
        #expect(RDM.compare(a, a, method: .tauA) < 1, "τ_a cannot reach 1 with ties")
        #expect(abs(RDM.compare(a, a, method: .spearman) - 1) < 1e-15)
    }

    /// τ_a by Knight's O(N log N) algorithm equals the O(N²) definition on tied random data.
    @Test("fast Kendall tau-a equals the pairwise definition")
    func tauAgainstPairs() {
        var generator = SeededGenerator(seed: 11)
        for n in [2, 3, 10, 57, 200] {
            let a = (0..<n).map { _ in Double(Int.random(in: 0..<5, using: &generator)) }
            let b = (0..<n).map { _ in Double(Int.random(in: 0..<4, using: &generator)) }
            var score = 0.0
            for i in 0..<n { for j in (i + 1)..<n { score += Double((a[i] - a[j]).sign == (b[i] - b[j]).sign ? 1 : -1) * (a[i] == a[j] || b[i] == b[j] ? 0 : 1) } }
            #expect(abs(Statistics.kendallTauA(a, b) - score / Double(n * (n - 1) / 2)) < 1e-12, "n = \(n)")
        }
    }

    /// Responses = features·W + noise with a known noise level: the true r of the best
    /// prediction is sd(signal)/sd(signal + noise); ridge must come close to it, and the
    /// split-half ceiling must estimate the reliability the noise implies.
    @Test("a known linear mapping is recovered and the noise ceiling matches the noise level")
    func syntheticRecovery() throws {
        var generator = SeededGenerator(seed: 5)
        let stimuli = 300, features = 20, neurons = 5, repeats = 6
        func normal() -> Double { (-2 * log(1 - generator.uniform())).squareRoot() * cos(2 * .pi * generator.uniform()) }
        let x = Matrix(rows: stimuli, columns: features, values: (0..<(stimuli * features)).map { _ in normal() })
        let w = Matrix(rows: features, columns: neurons, values: (0..<(features * neurons)).map { _ in normal() / Double(features).squareRoot() })
        let signal = x * w   // unit variance per neuron
        let noise = 1.0      // per repeat: the mean over 6 repeats has noise variance 1/6
        var values = [Double](repeating: 0, count: stimuli * neurons * repeats)
        var mean = Matrix(rows: stimuli, columns: neurons)
        for s in 0..<stimuli { for n in 0..<neurons { for r in 0..<repeats {
            let v = signal[s, n] + noise * normal()
            values[(s * neurons + n) * repeats + r] = v
            mean[s, n] += v / Double(repeats)
        } } }
        let splits = try Splits.shuffledKFold(count: stimuli, folds: 5, seed: 1)
        let ceiling = try NeuralReliability.splitHalf(values: values, stimuli: stimuli, neurons: neurons, repeats: repeats, splits: 50, seed: 2)
        let result = try Encoding.evaluate(features: x, responses: mean, method: .ridge(alphas: [0.01, 0.1, 1, 10, 100], innerFolds: 5),
                                           splits: splits, ceiling: ceiling)
        // Signal variance ≈ 1, noise variance of a 6-repeat mean 1/6: r_max = √(1/(1 + 1/6)) ≈ 0.926,
        // and the reliability of the mean (Spearman–Brown of a 3-repeat half) is 1/(1 + 1/6) ≈ 0.857.
        let rMax = (1 / (1 + 1.0 / 6)).squareRoot(), reliability = 1 / (1 + 1.0 / 6)
        for n in 0..<neurons {
            #expect(abs(result.scores[n] - rMax) < 0.05, "neuron \(n): r \(result.scores[n]) vs \(rMax)")
            #expect(abs(ceiling[n] - reliability) < 0.05, "neuron \(n): ceiling \(ceiling[n]) vs \(reliability)")
        }
        #expect(abs(result.median - 1) < 0.1, "ceiled scores near 1 for a model that is the truth")
    }

    @Test("NPY, HDF5 and CSV inputs give identical matrices")
    func inputFormats() throws {
        let csv = try ArrayFile.read(Fixture.path("regression_Y.csv")).matrix()
        let npy = try ArrayFile.read(Fixture.path("regression_Y.npy")).matrix()
        let h5 = try ArrayFile.read(Fixture.path("regression_Y.h5") + ":/responses/data").matrix()
        #expect(csv == npy && npy == h5 && csv.rows == 60 && csv.columns == 6)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plexus-npy-\(getpid()).npy").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ArrayFile.writeNPY(csv.values, shape: [60, 6], to: path)
        #expect(try ArrayFile.read(path).matrix() == csv, "NPY round trip")
    }

    @Test("bad inputs are rejected with a message naming the input")
    func badInput() throws {
        let good = Matrix(rowArrays: [[1, 2], [3, 5], [4, 1], [0, 2]])
        func expectError(_ words: [String], _ body: () throws -> Void) {
            #expect { try body() } throws: { error in words.allSatisfy { "\(error)".contains($0) } }
        }
        expectError(["features", "4 stimuli", "responses", "3"]) {
            _ = try Encoding.evaluate(features: good, responses: Matrix(rowArrays: [[1], [2], [3]]), method: .pls(components: 1), splits: [])
        }
        expectError(["responses", "column 1", "same value"]) {
            _ = try Encoding.evaluate(features: good, responses: Matrix(rowArrays: [[1], [1], [1], [1]]), method: .pls(components: 1), splits: [])
        }
        expectError(["features", "nan", "row 2"]) {
            var bad = good
            bad[1, 0] = .nan
            _ = try Encoding.evaluate(features: bad, responses: good, method: .pls(components: 1), splits: [])
        }
        expectError(["4 stimuli cannot fill 5 folds"]) { _ = try Splits.kFold(count: 4, folds: 5) }
        let h5 = Fixture.path("regression_Y.h5")
        expectError([h5, "/responses/missing", "no dataset"]) { _ = try ArrayFile.read(h5 + ":/responses/missing") }
        expectError(["subject", "condition 1", "same value"]) { _ = try RDM.correlation(Matrix(rowArrays: [[1, 1], [1, 2]]), name: "subject") }
        expectError(["counts", "non-negative"]) { _ = try RDM.poisson(Matrix(rowArrays: [[1, -1], [1, 2]]), name: "counts") }
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("plexus-bad-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: csv) }
        try "a,b\n1,2\n3,x\n".write(toFile: csv, atomically: true, encoding: .utf8)
        expectError([csv, "line 3", "column b", "\"x\""]) { _ = try ArrayFile.read(csv) }
    }

    @Test("bootstrap intervals are reproducible for a seed and contain the full-data similarity")
    func bootstrap() throws {
        let subjects = try (0..<3).map { try RDM.compute(.euclidean, patterns: Fixture.subject($0)) }
        let models = try Fixture.models()
        let first = RSABootstrap.evaluate(models: models, subjects: subjects, method: .corr, scheme: .stimuli, samples: 200, seed: 4)
        let again = RSABootstrap.evaluate(models: models, subjects: subjects, method: .corr, scheme: .stimuli, samples: 200, seed: 4)
        #expect(first == again)
        for (model, summary) in zip(models, first) {
            let full = subjects.reduce(0.0) { $0 + RDM.compare(model, $1, method: .corr) } / 3
            #expect(summary.lower <= full && full <= summary.upper, "\(model.name): \(full) outside [\(summary.lower), \(summary.upper)]")
            #expect(summary.standardError > 0)
        }
    }
}

@Suite("Ranking large RDM vectors")
struct RankingTests {
    /// The radix-sort path (≥ 2¹⁴ entries) against a plain comparison sort, with ties,
    /// negative values and signed zeros.
    @Test("radix-sorted average ranks equal the comparison-sorted ones")
    func radixRanks() {
        var generator = SeededGenerator(seed: 21)
        let v = (0..<50_000).map { _ -> Double in
            let r = generator.uniform()
            return r < 0.1 ? 0.0 : (r < 0.15 ? -0.0 : (Double(Int((r - 0.5) * 2000)) / 7))
        }
        let ranks = Statistics.averageRanks(v)
        let order = v.indices.sorted { v[$0] < v[$1] }
        var expected = [Double](repeating: 0, count: v.count), start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && v[order[end]] == v[order[start]] { end += 1 }
            for k in start..<end { expected[order[k]] = Double(start + end + 1) / 2 }
            start = end
        }
        #expect(ranks == expected)
    }
}

/// NPY headers that would trap or allocate absurdly are refused with the file named.
@Suite("NPY headers")
struct NPYHeaderTests {
    static func npy(shape: String, payload: Int = 0) -> String {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        bytes += Array(header.utf8) + [UInt8](repeating: 0, count: payload)
        let path = NSTemporaryDirectory() + "bad-\(UUID().uuidString).npy"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @Test("negative and overflowing shapes, and a short payload, are errors naming the file", arguments: ["(-5, 3)", "(4611686018427387904, 4)", "(2, 3)"])
    func badShapes(shape: String) {
        let path = Self.npy(shape: shape, payload: 8)
        defer { unlink(path) }
        do {
            _ = try ArrayFile.read(path)
            Issue.record("\(shape) was accepted")
        } catch {
            #expect("\(error)".contains(path), "\(error)")
        }
    }
}
