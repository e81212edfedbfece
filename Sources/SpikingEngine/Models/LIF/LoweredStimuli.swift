import ConnectomeCore
/// Stimuli rearranged per target neuron for the update loop.
struct LoweredStimuli: Sendable {
    struct PoissonSource: Sendable {
        var ratePerMs: Double
        var weight: Double
        var start: Double
        var stop: Double
        var stream: UInt64
    }
    struct CurrentChange: Sendable {
        var time: Double
        var delta: Double  // [pA]
    }
    struct TimedInput: Sendable {
        var time: Double
        var target: Int32
        var weight: Double
        var order: UInt64
    }

    /// Poisson sources of neuron i: poissonOffsets[i] ..< poissonOffsets[i+1].
    var poissonOffsets: [Int]
    var poisson: [PoissonSource]
    /// Current changes of neuron i, sorted by time.
    var currentOffsets: [Int]
    var currents: [CurrentChange]
    /// Spike-time stimuli, sorted by (time, order).
    var timed: [TimedInput]

    init(_ stimuli: [Stimulus], neuronCount: Int, resolution: Double) throws {
        var poissonBy = [[PoissonSource]](repeating: [], count: neuronCount)
        var currentBy = [[CurrentChange]](repeating: [], count: neuronCount)
        timed = []
        for (index, stimulus) in stimuli.enumerated() {
            try stimulus.validate(neuronCount: neuronCount, resolution: resolution)
            switch stimulus.kind {
            case let .poisson(rate, weight, start, stop):
                // Stream numbers 1, 2, … per stimulus; 0 is reserved for initial conditions.
                let source = PoissonSource(ratePerMs: rate / 1000, weight: weight, start: start, stop: stop, stream: RandomStreams.stimulus(index))
                for target in stimulus.targets { poissonBy[target].append(source) }
            case let .current(amplitude, start, stop):
                for target in stimulus.targets {
                    currentBy[target].append(CurrentChange(time: start, delta: amplitude))
                    if stop.isFinite { currentBy[target].append(CurrentChange(time: stop, delta: -amplitude)) }
                }
            case let .spikeTimes(times, weight):
                for (k, time) in times.enumerated() {
                    for target in stimulus.targets {
                        // Orders above 2^63 keep stimulus inputs after network spikes at equal times.
                        timed.append(TimedInput(time: time, target: Int32(target), weight: weight,
                                                order: 1 << 63 | UInt64(index) << 40 | UInt64(k)))
                    }
                }
            }
        }
        timed.sort { ($0.time, $0.order, $0.target) < ($1.time, $1.order, $1.target) }
        poissonOffsets = [0]
        poisson = []
        for list in poissonBy { poisson += list; poissonOffsets.append(poisson.count) }
        currentOffsets = [0]
        currents = []
        for list in currentBy {
            // Stable sort: at equal times, changes apply in the order the stimuli were given.
            let sorted = list.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
            currents += sorted
            currentOffsets.append(currents.count)
        }
    }
}
