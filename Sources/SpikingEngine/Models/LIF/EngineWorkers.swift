import ConnectomeCore
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
    let sources: UnsafeMutablePointer<SourceState>
    let plasticWeights: UnsafeMutablePointer<Double>?
    let preTrace: UnsafeMutablePointer<Double>?
    let preTime: UnsafeMutablePointer<Double>?
    let postTrace: UnsafeMutablePointer<Double>?
    let postTime: UnsafeMutablePointer<Double>?
    let network: LoweredNetwork
    let stimuli: LoweredStimuli
    let buckets: EventBuckets
    let dt: Double
    let seed: UInt64
    let voltageColumn: [Int32]
    let voltageEvery: Int
    let hasGaps: Bool
    /// Whether runs of neurons without inputs go through the batched ``advanceEventFree``.
    let batched: Bool
    /// Per neuron: ``batchedLIF`` if it may take the batched path at all (a LIF neuron with
    /// current-based or delta synapses, no Poisson stimulus and no voltage recording),
    /// ``spikeSource`` for a Poisson spike source, 0 otherwise.
    let eventFreeEligible: UnsafePointer<UInt8>
    static let batchedLIF: UInt8 = 1, spikeSource: UInt8 = 2
    /// Per neuron: time of its next unapplied current change (+∞ if none).
    let nextCurrentChange: UnsafeMutablePointer<Double>
    let modelOfNeuron: UnsafePointer<UInt16>


    /// The interval before spike number `spike` of a Poisson source: exponential with mean
    /// 1/rate, from the source's own counter stream, so a source's train depends only on
    /// the seed and its index (not on threads or steps), and costs nothing between spikes.
    static func sourceInterval(seed: UInt64, neuron: Int, spike: UInt64, ratePerMs: Double) -> Double {
        guard ratePerMs > 0 else { return .infinity }
        let u = CounterRNG.uniform(seed: seed, stream: RandomStreams.spikeSource, entity: UInt64(neuron), counter: spike)
        return -log1p(-u) / ratePerMs
    }

    /// A synaptic input or a current change inside one step, for one neuron.
    struct LocalEvent {
        var time: Double
        var rank: UInt8       // 0: current change, 1: synaptic input (changes apply first)
        var value: Double     // pA for current changes, weight for inputs
        var order: UInt64
    }

    /// Advances the neurons of `block` through `steps`.
    ///
    /// Neurons with inputs or local events in a step go through ``updateNeuron``; runs of
    /// neurons between two input targets go through the batched ``advanceEventFree`` first
    /// (unless `batched` is off), which hands back the few it cannot take. Both give the
    /// same bits, so the raster does not depend on the path.
    func update(block: Range<Int>, steps: Range<Int>) -> WorkerResult {
        var scratch = NeuronScratch()
        var slow: [Int] = []
        slow.reserveCapacity(block.count)
        let constants = UnsafeMutableBufferPointer<EventFreeStep>.allocate(capacity: network.models.count)
        defer { constants.deallocate() }
        for step in steps {
            let t0 = Double(step) * dt, t1 = Double(step + 1) * dt
            buckets.preparedInputs(step: step).withUnsafeBufferPointer { inputs in
                var cursor = EventBuckets.firstInput(inputs, atOrAfter: block.lowerBound)
                guard batched else {
                    for neuron in block {
                        let first = cursor
                        while cursor < inputs.count && Int(inputs[cursor].target) == neuron { cursor += 1 }
                        updateNeuron(neuron, step: step, inputs: inputs, first..<cursor, scratch: &scratch)
                    }
                    return
                }
                for (m, model) in network.models.enumerated() {
                    (constants.baseAddress! + m).initialize(to: EventFreeStep(model, stepLength: t1 - t0))
                }
                var neuron = block.lowerBound
                while neuron < block.upperBound {
                    let next = cursor < inputs.count ? min(Int(inputs[cursor].target), block.upperBound) : block.upperBound
                    if neuron < next {
                        advanceEventFree(neuron..<next, t0: t0, t1: t1, constants: constants, slow: &slow)
                        for other in slow { updateNeuron(other, step: step, inputs: inputs, cursor..<cursor, scratch: &scratch) }
                        slow.removeAll(keepingCapacity: true)
                    }
                    guard next < block.upperBound else { break }
                    let first = cursor
                    while cursor < inputs.count && Int(inputs[cursor].target) == next { cursor += 1 }
                    updateNeuron(next, step: step, inputs: inputs, first..<cursor, scratch: &scratch)
                    neuron = next + 1
                }
            }
        }
        return scratch.result
    }

    /// Buffers reused across neurons and steps by one thread.
    struct NeuronScratch {
        var result = WorkerResult()
        var events: [LocalEvent] = []
        var spikeTimes: [Double] = []
        init() {
            events.reserveCapacity(64)
            spikeTimes.reserveCapacity(8)
        }
    }

    /// Advances one neuron through `step` with its bucket inputs `inputs[range]` (sorted by
    /// time and order), its Poisson arrivals and current changes, in time order.
    func updateNeuron(_ neuron: Int, step: Int, inputs: UnsafeBufferPointer<PendingInput>, _ range: Range<Int>,
                      scratch: inout NeuronScratch) {
        let t0 = Double(step) * dt, t1 = Double(step + 1) * dt
        let rate = network.sourceRate[neuron]
        if !rate.isNaN {
            var source = sources[neuron]
            while source.next < t1 {
                scratch.result.spikes.append((source.next, Int32(neuron)))
                source.count += 1
                source.next += Workers.sourceInterval(seed: seed, neuron: neuron, spike: source.count, ratePerMs: rate)
            }
            sources[neuron] = source
            return
        }
        let model = network.models[Int(network.modelOfNeuron[neuron])]
        var state = states[neuron]
        var bias = stimulusCurrent[neuron] + (hasGaps ? gapCurrent[neuron] : 0)
        scratch.events.removeAll(keepingCapacity: true)
        // Poisson arrivals in [t0, t1): count ~ Poisson(rate·overlap), times uniform.
        for p in stimuli.poissonOffsets[neuron]..<stimuli.poissonOffsets[neuron + 1] {
            let source = stimuli.poisson[p]
            let low = max(t0, source.start), high = min(t1, source.stop)
            guard high > low else { continue }
            var random = KeyedRandom(seed: seed, stream: source.stream, entity: UInt64(neuron), counter: UInt64(step) << 24)
            let count = random.poisson(mean: source.ratePerMs * (high - low))
            for j in 0..<count {
                scratch.events.append(LocalEvent(time: low + (high - low) * random.uniform(), rank: 1, value: source.weight,
                                                 order: 1 << 62 | source.stream << 32 | UInt64(j)))
            }
        }
        // Current steps that start or stop inside this step.
        var cursor = currentCursor[neuron]
        let currentEnd = stimuli.currentOffsets[neuron + 1]
        while cursor < currentEnd && stimuli.currents[cursor].time < t1 {
            let change = stimuli.currents[cursor]
            scratch.events.append(LocalEvent(time: max(change.time, t0), rank: 0, value: change.delta, order: UInt64(cursor)))
            cursor += 1
        }
        currentCursor[neuron] = cursor
        nextCurrentChange[neuron] = cursor < currentEnd ? stimuli.currents[cursor].time : .infinity
        // Local events (Poisson arrivals, current changes) are few: sort them, then merge
        // with the bucket's inputs, which are already in (time, order) order.
        if scratch.events.count > 1 { scratch.events.sort { ($0.time, $0.rank, $0.order) < ($1.time, $1.rank, $1.order) } }
        var t = t0
        var k = range.lowerBound, e = 0
        let last = range.upperBound
        while k < last || e < scratch.events.count {
            let takeLocal: Bool
            if e == scratch.events.count { takeLocal = false } else if k == last { takeLocal = true } else {
                let local = scratch.events[e], input = inputs[k]
                takeLocal = (local.time, local.rank, local.order) < (input.time, 1, input.order)
            }
            let time = max(t, min(takeLocal ? scratch.events[e].time : inputs[k].time, t1))
            model.advance(&state, from: t, to: time, bias: bias, spikes: &scratch.spikeTimes)
            if !scratch.spikeTimes.isEmpty { record(&scratch.spikeTimes, of: neuron, into: &scratch.result) }
            t = time
            if takeLocal {
                let event = scratch.events[e]
                e += 1
                if event.rank == 0 {
                    bias += event.value
                    stimulusCurrent[neuron] += event.value
                } else {
                    model.receive(&state, weight: event.value, at: t)
                }
            } else {
                model.receive(&state, weight: weight(of: inputs[k], at: t), at: t)
                k += 1
            }
        }
        model.advance(&state, from: t, to: t1, bias: bias, spikes: &scratch.spikeTimes)
        if !scratch.spikeTimes.isEmpty { record(&scratch.spikeTimes, of: neuron, into: &scratch.result) }
        states[neuron] = state
        let column = voltageColumn[neuron]
        if column >= 0 && (step + 1) % voltageEvery == 0 {
            scratch.result.voltages.append((step, column, state.v))
        }
    }
}

extension Workers {
    /// Moves the spikes `neuron` just emitted into `result` and applies their plasticity.
    func record(_ times: inout [Double], of neuron: Int, into result: inout WorkerResult) {
        for time in times {
            result.spikes.append((time, Int32(neuron)))
            if network.isPlastic { postsynapticSpike(neuron, at: time) }
        }
        times.removeAll(keepingCapacity: true)
    }

    /// The weight an input carries: its own for stimuli and static synapses; for a plastic
    /// synapse, the stored weight after depression by this arrival (``STDPRule``).
    @inline(__always)
    func weight(of input: PendingInput, at time: Double) -> Double {
        guard network.isPlastic, input.order < 1 << 62 else { return Double(input.weight) }
        let source = Int(input.order >> 32)
        let synapse = network.synapseOffsets[source] + Int(input.order & 0xFFFF_FFFF)
        let ruleNumber = Int(network.synapseRule[synapse])
        guard ruleNumber > 0, let weights = plasticWeights, let preTrace, let preTime, let postTrace, let postTime else {
            return Double(input.weight)
        }
        let rule = network.rules[ruleNumber - 1]
        let slot = Int(input.target) * network.rules.count + ruleNumber - 1
        let post = postTime[slot].isFinite ? postTrace[slot] * exp(-(time - postTime[slot]) / rule.tauMinus) : 0
        weights[synapse] = rule.depress(weights[synapse], postTrace: post)
        let pre = preTime[synapse].isFinite ? preTrace[synapse] * exp(-(time - preTime[synapse]) / rule.tauPlus) : 0
        preTrace[synapse] = rule.bump(pre)
        preTime[synapse] = time
        return weights[synapse]
    }

    /// Potentiates every plastic synapse onto `neuron` and updates its postsynaptic traces.
    func postsynapticSpike(_ neuron: Int, at time: Double) {
        guard let weights = plasticWeights, let preTrace, let preTime, let postTrace, let postTime else { return }
        for k in network.incomingOffsets[neuron]..<network.incomingOffsets[neuron + 1] {
            let synapse = network.incomingPlastic[k]
            let rule = network.rules[Int(network.synapseRule[synapse]) - 1]
            let pre = preTime[synapse].isFinite ? preTrace[synapse] * exp(-(time - preTime[synapse]) / rule.tauPlus) : 0
            weights[synapse] = rule.potentiate(weights[synapse], preTrace: pre)
        }
        for (r, rule) in network.rules.enumerated() {
            let slot = neuron * network.rules.count + r
            let post = postTime[slot].isFinite ? postTrace[slot] * exp(-(time - postTime[slot]) / rule.tauMinus) : 0
            postTrace[slot] = rule.bump(post)
            postTime[slot] = time
        }
    }
}

extension EngineState {
    /// Runs `body` with raw views of the state arrays (valid only inside `body`).
    mutating func withWorkers(_ body: (Workers) throws -> Void) rethrows {
        let network = self.network, stimuli = self.stimuli, buckets = self.buckets
        let dt = self.dt, seed = configuration.seed, columns = voltageColumn, every = voltageEvery
        let configuration = self.configuration, eventFreeEligible = self.eventFreeEligible
        let nextCurrentChange = self.nextCurrentChange, modelOfNeuron = self.modelOfNeuron
        try states.withUnsafeMutableBufferPointer { states in
            try stimulusCurrent.withUnsafeMutableBufferPointer { currents in
                try currentCursor.withUnsafeMutableBufferPointer { cursors in
                    try gapCurrent.withUnsafeBufferPointer { gaps in
                        try sources.withUnsafeMutableBufferPointer { sources in
                            try plasticWeights.withUnsafeMutableBufferPointer { weights in
                                try preTrace.withUnsafeMutableBufferPointer { preTrace in
                                    try preTime.withUnsafeMutableBufferPointer { preTime in
                                        try postTrace.withUnsafeMutableBufferPointer { postTrace in
                                            try postTime.withUnsafeMutableBufferPointer { postTime in
                                                try body(Workers(states: states.baseAddress!, stimulusCurrent: currents.baseAddress!,
                                                                 currentCursor: cursors.baseAddress!, gapCurrent: gaps.baseAddress!, sources: sources.baseAddress!,
                                                                 plasticWeights: weights.baseAddress, preTrace: preTrace.baseAddress,
                                                                 preTime: preTime.baseAddress, postTrace: postTrace.baseAddress, postTime: postTime.baseAddress,
                                                                 network: network, stimuli: stimuli, buckets: buckets, dt: dt, seed: seed,
                                                                 voltageColumn: columns, voltageEvery: every, hasGaps: !network.gapPartners.isEmpty,
                                                                 batched: configuration.batchEventFreeNeurons,
                                                                 eventFreeEligible: UnsafePointer(eventFreeEligible.pointer.baseAddress!),
                                                                 nextCurrentChange: nextCurrentChange.pointer.baseAddress!,
                                                                 modelOfNeuron: UnsafePointer(modelOfNeuron.pointer.baseAddress!)))
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
