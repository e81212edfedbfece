/// McCulloch–Pitts threshold units in synchronous discrete time (McCulloch & Pitts 1943):
///
///     y_i(t+1) = H( Σ_j w_ij·y_j(t) − θ_i ),   H(x) = 1 if x ≥ 0, else 0.
///
/// Input sums are kept up to date incrementally: when a unit changes, only its targets'
/// sums change, and only those targets are re-evaluated at the next step. A step therefore
/// costs O(changes × fan-out), not O(units × fan-in).
public struct BinaryNetwork: Sendable {
    public struct Synapse: Sendable, Equatable {
        public var source: Int
        public var target: Int
        public var weight: Double
        public init(source: Int, target: Int, weight: Double) {
            self.source = source
            self.target = target
            self.weight = weight
        }
    }

    public let thresholds: [Double]
    /// Units held at a fixed value (inputs); they are never re-evaluated.
    public var clamped: [Int: Bool]
    public private(set) var state: [Bool]
    /// Σ_j w_ij·y_j for the current state.
    private var inputSums: [Double]
    private let offsets: [Int], targets: [Int], weights: [Double]
    /// Units whose input sum changed since their last evaluation.
    private var dirty: [Int] = []
    private var isDirty: [Bool]
    /// Unit evaluations so far (to show that unchanged units are skipped).
    public private(set) var evaluations = 0

    public init(thresholds: [Double], synapses: [Synapse], initial: [Bool]? = nil, clamped: [Int: Bool] = [:]) throws {
        let n = thresholds.count
        for synapse in synapses where !(0..<n).contains(synapse.source) || !(0..<n).contains(synapse.target) {
            throw SpikingEngineError.neuronOutOfRange(item: "McCulloch–Pitts synapse \(synapse.source) → \(synapse.target)",
                                                      index: max(synapse.source, synapse.target), count: n)
        }
        for (i, theta) in thresholds.enumerated() where !theta.isFinite {
            throw SpikingEngineError.invalidParameter(item: "McCulloch–Pitts unit \(i)", parameter: "threshold", value: theta, requirement: "must be finite")
        }
        for synapse in synapses where !synapse.weight.isFinite {
            throw SpikingEngineError.invalidParameter(item: "McCulloch–Pitts synapse \(synapse.source) → \(synapse.target)", parameter: "weight",
                                                      value: synapse.weight, requirement: "must be finite")
        }
        self.thresholds = thresholds
        self.clamped = clamped
        var state = initial ?? Array(repeating: false, count: n)
        guard state.count == n else { throw SpikingEngineError.invalidNetwork("initial state has \(state.count) units, the network \(n)") }
        for (unit, value) in clamped { state[unit] = value }
        self.state = state
        var counts = [Int](repeating: 0, count: n + 1)
        for synapse in synapses { counts[synapse.source + 1] += 1 }
        for i in 0..<n { counts[i + 1] += counts[i] }
        var next = counts
        var targets = [Int](repeating: 0, count: synapses.count), weights = [Double](repeating: 0, count: synapses.count)
        for synapse in synapses {
            targets[next[synapse.source]] = synapse.target
            weights[next[synapse.source]] = synapse.weight
            next[synapse.source] += 1
        }
        offsets = counts
        self.targets = targets
        self.weights = weights
        inputSums = Array(repeating: 0, count: n)
        isDirty = Array(repeating: true, count: n)
        dirty = Array(0..<n)  // everything is evaluated once at the first step
        for source in 0..<n where state[source] {
            for k in offsets[source]..<offsets[source + 1] { inputSums[targets[k]] += weights[k] }
        }
    }

    /// One synchronous step: every unit's new value depends only on the previous state.
    public mutating func step() {
        var changes: [(Int, Bool)] = []
        for unit in dirty {
            isDirty[unit] = false
            if let fixed = clamped[unit] {
                if state[unit] != fixed { changes.append((unit, fixed)) }
                continue
            }
            evaluations += 1
            let next = inputSums[unit] - thresholds[unit] >= 0
            if next != state[unit] { changes.append((unit, next)) }
        }
        dirty.removeAll(keepingCapacity: true)
        for (unit, value) in changes {
            state[unit] = value
            let sign = value ? 1.0 : -1.0
            for k in offsets[unit]..<offsets[unit + 1] {
                inputSums[targets[k]] += sign * weights[k]
                if !isDirty[targets[k]] {
                    isDirty[targets[k]] = true
                    dirty.append(targets[k])
                }
            }
        }
        dirty.sort()
    }

    /// Sets a clamped (input) unit, scheduling its targets for re-evaluation.
    public mutating func clamp(_ unit: Int, to value: Bool) {
        clamped[unit] = value
        if !isDirty[unit] {
            isDirty[unit] = true
            dirty.append(unit)
        }
    }

    /// Steps until a state repeats; returns the step at which the cycle starts and its
    /// length (1 for a fixed point). Gives up after `limit` steps.
    public mutating func findAttractor(limit: Int = 100_000) -> (start: Int, length: Int)? {
        var seen: [[Bool]: Int] = [state: 0]
        for t in 1...limit {
            step()
            if let first = seen[state] { return (first, t - first) }
            seen[state] = t
        }
        return nil
    }
}
