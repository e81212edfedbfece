import ConnectomeCore
import Foundation

/// Split-half reliability of repeated responses with the Spearman–Brown correction: how
/// well the mean of all repeats would correlate with another such mean, the ceiling for any
/// model's prediction of a neuron.
public enum NeuralReliability {
    /// Per-neuron corrected reliability averaged over `splits` random halves of the repeats
    /// (each split: Pearson r over stimuli between the two halves' means, then 2r/(1 + r)).
    /// `repeats` is stimuli × neurons × repeats (`values[(s·neurons + n)·repeats + r]`).
    public static func splitHalf(values: [Double], stimuli: Int, neurons: Int, repeats: Int,
                                 splits: Int = 20, seed: UInt64 = 0, name: String = "responses") throws -> [Double] {
        guard repeats >= 2 else {
            throw CompareError.invalidInput(name: name, detail: "a split-half noise ceiling needs at least 2 repeats per stimulus; found \(repeats)")
        }
        var generator = SplitMix64(seed: seed)
        let halves = (0..<splits).map { _ -> [Int] in Array(Array(0..<repeats).shuffled(using: &generator).prefix(repeats / 2)) }
        return try splitHalf(values: values, stimuli: stimuli, neurons: neurons, repeats: repeats, halves: halves, name: name)
    }

    /// As above with given first halves (the rest of the repeats form the second half).
    public static func splitHalf(values: [Double], stimuli: Int, neurons: Int, repeats: Int,
                                 halves: [[Int]], name: String = "responses") throws -> [Double] {
        guard values.count == stimuli * neurons * repeats else {
            throw CompareError.invalidInput(name: name, detail: "\(values.count) values for \(stimuli) stimuli × \(neurons) neurons × \(repeats) repeats")
        }
        var total = [Double](repeating: 0, count: neurons)
        for half in halves {
            let first = Set(half)
            let second = (0..<repeats).filter { !first.contains($0) }
            for n in 0..<neurons {
                var a = [Double](repeating: 0, count: stimuli), b = a
                for s in 0..<stimuli {
                    let base = (s * neurons + n) * repeats
                    a[s] = half.reduce(0) { $0 + values[base + $1] } / Double(half.count)
                    b[s] = second.reduce(0) { $0 + values[base + $1] } / Double(second.count)
                }
                let r = Statistics.pearson(a, b)
                total[n] += 2 * r / (1 + r)
            }
        }
        return total.map { $0 / Double(halves.count) }
    }
}
