import Foundation

/// What one thread produced in an epoch.
struct WorkerResult: Sendable {
    var spikes: [(time: Double, neuron: Int32)] = []
    var voltages: [(step: Int, column: Int32, value: Double)] = []
}

/// One slot per thread, written by that thread only and read after the parallel loop.
final class EpochResults: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<WorkerResult>
    init(threads: Int) {
        slots = .allocate(capacity: threads)
        slots.initialize(repeating: WorkerResult())
    }
    deinit {
        slots.deinitialize()
        slots.deallocate()
    }
    func set(_ k: Int, _ result: WorkerResult) { slots[k] = result }
    func get(_ k: Int) -> WorkerResult { slots[k] }
}

/// Raw views of the engine's arrays for the update threads. Each thread writes only the
/// entries of its own neuron block, and nothing reallocates during the parallel loop.
struct Workers: @unchecked Sendable {
    let states: UnsafeMutablePointer<LIFState>
    let stimulusCurrent: UnsafeMutablePointer<Double>
    let currentCursor: UnsafeMutablePointer<Int>
    let gapCurrent: UnsafePointer<Double>
    let network: LoweredNetwork
    let stimuli: LoweredStimuli
    let buckets: EventBuckets
    let dt: Double
    let seed: UInt64
    let voltageColumn: [Int32]
    let voltageEvery: Int
    let hasGaps: Bool

    /// A synaptic input or a current change inside one step, for one neuron.
    struct LocalEvent {
        var time: Double
        var rank: UInt8       // 0: current change, 1: synaptic input (changes apply first)
        var value: Double     // pA for current changes, weight for inputs
        var order: UInt64
    }

    /// Advances the neurons of `block` through `steps`.
    func update(block: Range<Int>, steps: Range<Int>) -> WorkerResult {
        var result = WorkerResult()
        var events: [LocalEvent] = []
        events.reserveCapacity(64)
        for step in steps {
            let (inputs, offsets) = buckets.preparedInputs(step: step)
            let t0 = Double(step) * dt, t1 = Double(step + 1) * dt
            for neuron in block {
                let model = network.models[Int(network.modelOfNeuron[neuron])]
                var state = states[neuron]
                var bias = stimulusCurrent[neuron] + (hasGaps ? gapCurrent[neuron] : 0)
                events.removeAll(keepingCapacity: true)
                // Poisson arrivals in [t0, t1): count ~ Poisson(rate·overlap), times uniform.
                for p in stimuli.poissonOffsets[neuron]..<stimuli.poissonOffsets[neuron + 1] {
                    let source = stimuli.poisson[p]
                    let low = max(t0, source.start), high = min(t1, source.stop)
                    guard high > low else { continue }
                    var random = KeyedRandom(seed: seed, stream: source.stream, entity: UInt64(neuron), counter: UInt64(step) << 24)
                    let count = random.poisson(mean: source.ratePerMs * (high - low))
                    for j in 0..<count {
                        events.append(LocalEvent(time: low + (high - low) * random.uniform(), rank: 1, value: source.weight,
                                                 order: 1 << 62 | source.stream << 32 | UInt64(j)))
                    }
                }
                // Current steps that start or stop inside this step.
                var cursor = currentCursor[neuron]
                let currentEnd = stimuli.currentOffsets[neuron + 1]
                while cursor < currentEnd && stimuli.currents[cursor].time < t1 {
                    let change = stimuli.currents[cursor]
                    events.append(LocalEvent(time: max(change.time, t0), rank: 0, value: change.delta, order: UInt64(cursor)))
                    cursor += 1
                }
                currentCursor[neuron] = cursor
                let first = offsets.isEmpty ? 0 : offsets[neuron], last = offsets.isEmpty ? 0 : offsets[neuron + 1]
                // Local events (Poisson arrivals, current changes) are few: sort them, then merge
                // with the bucket's inputs, which are already in (time, order) order.
                if events.count > 1 { events.sort { ($0.time, $0.rank, $0.order) < ($1.time, $1.rank, $1.order) } }
                var t = t0
                let emit = { (time: Double) in result.spikes.append((time, Int32(neuron))) }
                var k = first, e = 0
                while k < last || e < events.count {
                    let takeLocal: Bool
                    if e == events.count { takeLocal = false } else if k == last { takeLocal = true } else {
                        let local = events[e], input = inputs[k]
                        takeLocal = (local.time, local.rank, local.order) < (input.time, 1, input.order)
                    }
                    let time = max(t, min(takeLocal ? events[e].time : inputs[k].time, t1))
                    model.advance(&state, from: t, to: time, bias: bias, spike: emit)
                    t = time
                    if takeLocal {
                        let event = events[e]
                        e += 1
                        if event.rank == 0 {
                            bias += event.value
                            stimulusCurrent[neuron] += event.value
                        } else {
                            model.receive(&state, weight: event.value, at: t)
                        }
                    } else {
                        model.receive(&state, weight: Double(inputs[k].weight), at: t)
                        k += 1
                    }
                }
                model.advance(&state, from: t, to: t1, bias: bias, spike: emit)
                states[neuron] = state
                let column = voltageColumn[neuron]
                if column >= 0 && (step + 1) % voltageEvery == 0 {
                    result.voltages.append((step, column, state.v))
                }
            }
        }
        return result
    }
}

extension EngineState {
    /// Runs `body` with raw views of the state arrays (valid only inside `body`).
    mutating func withWorkers(_ body: (Workers) throws -> Void) rethrows {
        let network = self.network, stimuli = self.stimuli, buckets = self.buckets
        let dt = self.dt, seed = configuration.seed, columns = voltageColumn, every = voltageEvery
        try states.withUnsafeMutableBufferPointer { states in
            try stimulusCurrent.withUnsafeMutableBufferPointer { currents in
                try currentCursor.withUnsafeMutableBufferPointer { cursors in
                    try gapCurrent.withUnsafeBufferPointer { gaps in
                        try body(Workers(states: states.baseAddress!, stimulusCurrent: currents.baseAddress!,
                                         currentCursor: cursors.baseAddress!, gapCurrent: gaps.baseAddress!,
                                         network: network, stimuli: stimuli, buckets: buckets, dt: dt, seed: seed,
                                         voltageColumn: columns, voltageEvery: every, hasGaps: !network.gapPartners.isEmpty))
                    }
                }
            }
        }
    }
}
