/// Firing statistics of one neuron in a run.
public struct NeuronActivity: Codable, Sendable, Equatable {
    public var name: String
    public var cellClass: String
    public var type: String
    public var spikes: Int
    /// Over the whole run [Hz].
    public var rateHz: Double
    /// Over the window of the same length just before stimulus onset, and during the stimulus [Hz].
    public var rateBeforeStimulusHz: Double?
    public var rateDuringStimulusHz: Double?
    /// Time from stimulus onset to the first spike at or after it [ms]; nil if none.
    public var firstSpikeLatencyMs: Double?
}

/// Rates and latencies computed from a raster.
public struct RasterAnalysis: Sendable {
    public let neurons: [NeuronActivity]
    public let duration: Double
    public let stimulus: ClosedRange<Double>?

    /// `times[k]` [ms] and `ids[k]` are spike k; `stimulus` is the stimulus window, if any.
    public init(times: [Double], ids: [Int32], table: NeuronTable, duration: Double, stimulus: ClosedRange<Double>?) {
        var perNeuron = [[Double]](repeating: [], count: table.count)
        for (time, id) in zip(times, ids) { perNeuron[Int(id)].append(time) }
        self.duration = duration
        self.stimulus = stimulus
        neurons = (0..<table.count).map { i in
            let spikes = perNeuron[i]
            var activity = NeuronActivity(name: table.names[i], cellClass: table.classes[i], type: table.types[i], spikes: spikes.count,
                                          rateHz: Double(spikes.count) / (duration / 1000))
            if let window = stimulus {
                let length = window.upperBound - window.lowerBound
                let before = max(0, window.lowerBound - length)...window.lowerBound
                let beforeLength = before.upperBound - before.lowerBound
                if beforeLength > 0 {
                    activity.rateBeforeStimulusHz = Double(spikes.filter { $0 >= before.lowerBound && $0 < before.upperBound }.count) / (beforeLength / 1000)
                }
                if length > 0 {
                    activity.rateDuringStimulusHz = Double(spikes.filter { $0 >= window.lowerBound && $0 < window.upperBound }.count) / (length / 1000)
                }
                activity.firstSpikeLatencyMs = spikes.first { $0 >= window.lowerBound }.map { $0 - window.lowerBound }
            }
            return activity
        }
    }

    /// Mean rate over the whole run per neuron type [Hz].
    public var ratePerType: [String: Double] {
        Dictionary(grouping: neurons, by: { $0.type.isEmpty ? "unknown" : $0.type }).mapValues { group in
            group.reduce(0) { $0 + $1.rateHz } / Double(group.count)
        }
    }

    /// Mean change of rate (during − before the stimulus) over the neurons of the given classes [Hz].
    public func stimulusResponse(classes: [String]) -> Double? {
        let members = neurons.filter { classes.contains($0.cellClass) }
        let changes = members.compactMap { n -> Double? in
            guard let during = n.rateDuringStimulusHz, let before = n.rateBeforeStimulusHz else { return nil }
            return during - before
        }
        return changes.isEmpty ? nil : changes.reduce(0, +) / Double(changes.count)
    }
}
