import SpikingEngine

/// Each neuron's response to a stimulus: Δa = mean activity over the last 200 ms of the
/// stimulus minus the mean before it (worm-model.md), accumulated from the samples of a
/// graded run without keeping the traces.
public final class ResponseAccumulator: GradedTraceSink {
    public let onset: Double, offset: Double
    /// Samples with t in (offset − 200 ms, offset] (from the onset if the step is shorter).
    public var windowStart: Double { max(onset, offset - 200) }
    private var before: [Double] = [], during: [Double] = []
    private var beforeCount = 0, duringCount = 0
    /// Activity at t = 0 and at the last sample, for the return-to-rest check.
    public private(set) var initial: [Double] = []
    public private(set) var last: [Double] = []

    /// The window of a stimulus from `onset` to `offset` [ms] in a run of `duration` ms.
    public init(onset: Double, offset: Double, duration: Double) {
        self.onset = onset
        self.offset = min(offset, duration)
    }

    public func write(time: Double, voltage: [Double], activity: [Double], stimulus: [Double]) throws {
        if initial.isEmpty {
            initial = activity
            before = Array(repeating: 0, count: activity.count)
            during = before
        }
        last = activity
        if time < onset {
            for i in activity.indices { before[i] += activity[i] }
            beforeCount += 1
        } else if time > windowStart && time <= offset {
            for i in activity.indices { during[i] += activity[i] }
            duringCount += 1
        }
    }

    public func finish() throws {}

    /// An accumulator holding the same samples so far (to continue several runs from a shared start).
    public func copy() -> ResponseAccumulator {
        // `offset` is already clamped to the run, so the copy has the same window.
        let other = ResponseAccumulator(onset: onset, offset: offset, duration: .infinity)
        other.before = before
        other.during = during
        other.beforeCount = beforeCount
        other.duringCount = duringCount
        other.initial = initial
        other.last = last
        return other
    }

    /// Δa per neuron; nil when either window holds no sample (a stimulus at t = 0, or one
    /// that starts after the run ends).
    public var responses: [Double]? {
        guard beforeCount > 0, duringCount > 0 else { return nil }
        return before.indices.map { during[$0] / Double(duringCount) - before[$0] / Double(beforeCount) }
    }

    /// The largest |a(end) − a(0)| over neurons: how far the network is from rest at the end.
    public var residualActivity: Double {
        zip(last, initial).map { abs($0 - $1) }.max() ?? 0
    }
}

/// The command-interneuron readout of a graded worm run, checked against the protocol's
/// expectation (Chalfie et al. 1985; Kaplan & Horvitz 1993).
public struct Behaviour: Codable, Sendable, Equatable {
    public var stimulus: String
    /// Mean Δa of AVA and AVD (backward) and of AVB and PVC (forward), over the cells present.
    public var backwardChange: Double
    public var forwardChange: Double
    /// Mean Δa per command class (AVA, AVD, AVB, PVC).
    public var classChange: [String: Double]
    public var largestResponder: String
    public var expected: String
    public var expectedLargestResponder: String?
    /// Whether the expected group rose more; nil where the protocol predicts nothing.
    public var agrees: Bool?
    public var largestResponderAgrees: Bool?
    public var reference: String
    /// Cells left out of the means (ablated).
    public var excludedCells: [String]

    /// The readout from per-neuron responses (`names[i]` ↔ `responses[i]`). Cells in
    /// `excluded` (ablated ones, whose Δa says nothing about the circuit) are left out of the
    /// group and class means; nil when a whole group is missing.
    public init?(stimulus: GradedProtocol, names: [String], responses: [Double], excluded: Set<String> = []) {
        var byName: [String: Double] = [:]
        for (name, value) in zip(names, responses) where !excluded.contains(name) { byName[name] = value }
        func mean(_ cells: [String]) -> Double? {
            let values = cells.compactMap { byName[$0] }
            return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }
        guard let backward = mean(CommandGroup.backward.cells), let forward = mean(CommandGroup.forward.cells) else { return nil }
        var classes: [String: Double] = [:]
        for cls in CommandGroup.classes { classes[cls] = mean([cls + "L", cls + "R"]) }
        excludedCells = excluded.sorted()
        self.stimulus = stimulus.name
        backwardChange = backward
        forwardChange = forward
        classChange = classes
        // Both groups are present, so at least one class is.
        guard let largest = classes.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })?.key else { return nil }
        largestResponder = largest
        reference = stimulus.reference
        expectedLargestResponder = stimulus.largestResponder
        largestResponderAgrees = stimulus.largestResponder.map { $0 == largest }
        switch stimulus.expected {
        case .backward?: expected = "backward > forward"; agrees = backward > forward
        case .forward?: expected = "forward > backward"; agrees = forward > backward
        case nil: expected = "no prediction for this stimulus"; agrees = nil
        }
    }
}
