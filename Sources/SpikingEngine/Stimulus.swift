/// External input to neurons.
public enum StimulusKind: Sendable, Equatable {
    /// An independent Poisson spike train into each target (as NEST's `poisson_generator`),
    /// arriving between `start` and `stop`. A delayed Poisson process is the same process
    /// shifted, so arrival times are drawn directly; no delay parameter is needed.
    case poisson(rateHz: Double, weight: Double, start: Double, stop: Double)
    /// A current [pA] injected from `start` to `stop` [ms] (stop = ∞ for a constant current).
    case current(amplitude: Double, start: Double, stop: Double)
    /// Spikes arriving at the given times [ms] with the given weight, into every target.
    case spikeTimes(times: [Double], weight: Double)
}

/// A stimulus applied to a set of neurons.
public struct Stimulus: Sendable, Equatable {
    /// Name used in error messages and summaries.
    public var name: String
    public var kind: StimulusKind
    /// Indices of the neurons it drives.
    public var targets: [Int]

    public init(name: String, kind: StimulusKind, targets: [Int]) {
        self.name = name
        self.kind = kind
        self.targets = targets
    }

    func validate(neuronCount: Int, resolution: Double) throws {
        for target in targets where target < 0 || target >= neuronCount {
            throw SpikingEngineError.neuronOutOfRange(item: "stimulus \(name)", index: target, count: neuronCount)
        }
        switch kind {
        case let .poisson(rate, weight, start, stop):
            guard rate >= 0, rate.isFinite else {
                throw SpikingEngineError.invalidParameter(item: "stimulus \(name)", parameter: "rate_hz", value: rate, requirement: "must be ≥ 0")
            }
            guard weight.isFinite else {
                throw SpikingEngineError.invalidParameter(item: "stimulus \(name)", parameter: "weight", value: weight, requirement: "must be finite")
            }
            guard start >= 0, stop >= start else {
                throw SpikingEngineError.invalidParameter(item: "stimulus \(name)", parameter: "stop", value: stop, requirement: "need 0 ≤ start ≤ stop")
            }
        case let .current(amplitude, start, stop):
            guard amplitude.isFinite else {
                throw SpikingEngineError.invalidParameter(item: "stimulus \(name)", parameter: "amplitude", value: amplitude, requirement: "must be finite")
            }
            guard start >= 0, stop >= start else {
                throw SpikingEngineError.invalidParameter(item: "stimulus \(name)", parameter: "stop", value: stop, requirement: "need 0 ≤ start ≤ stop")
            }
        case let .spikeTimes(times, weight):
            for time in times where !(time >= 0 && time.isFinite) {
                throw SpikingEngineError.invalidParameter(item: "stimulus \(name)", parameter: "spike time", value: time, requirement: "spike times must be finite and ≥ 0 ms")
            }
            guard weight.isFinite else {
                throw SpikingEngineError.invalidParameter(item: "stimulus \(name)", parameter: "weight", value: weight, requirement: "must be finite")
            }
        }
    }
}
