import Foundation

/// A Poisson spike source's position in its train.
struct SourceState {
    /// Time of the next spike [ms].
    var next: Double
    /// Spikes drawn so far: the counter of the source's random stream.
    var count: UInt64
}

/// The mutable state of one run: neuron states, pending inputs, stimulus cursors.
struct EngineState {
    let network: LoweredNetwork
    let stimuli: LoweredStimuli
    let configuration: SimulationConfiguration
    let dt: Double
    let steps: Int
    let epochSteps: Int
    var states: [LIFState]
    /// Stimulus current currently injected into each neuron [pA].
    var stimulusCurrent: [Double]
    /// Next unapplied entry of `stimuli.currents` per neuron.
    var currentCursor: [Int]
    var gapCurrent: [Double]
    /// Per neuron: the next spike of a spike source (+∞ for other neurons).
    var sources: [SourceState]
    /// Plasticity state (empty for static networks): weight and presynaptic trace (value at
    /// its last update, and that time) per synapse; postsynaptic trace per neuron and rule.
    var plasticWeights: [Double]
    var preTrace: [Double]
    var preTime: [Double]
    var postTrace: [Double]
    var postTime: [Double]
    var buckets: EventBuckets
    var timedCursor = 0
    /// See ``Workers/eventFreeEligible``, ``Workers/nextCurrentChange``.
    let eventFreeEligible: PinnedBuffer<UInt8>
    let nextCurrentChange: PinnedBuffer<Double>
    let modelOfNeuron: PinnedBuffer<UInt16>
    /// Column of each neuron in the voltage rows, or −1.
    let voltageColumn: [Int32]
    let voltageEvery: Int
    let spikeRecorded: [Bool]?

    struct Totals {
        var spikeCount = 0
        var spikesPerPopulation: [Int]
        var synapticEvents = 0
    }

    init(network: LoweredNetwork, stimuli: LoweredStimuli, configuration: SimulationConfiguration) throws {
        self.network = network
        self.stimuli = stimuli
        self.configuration = configuration
        dt = configuration.resolution
        steps = Int((configuration.duration / dt - 1e-9).rounded(.up))
        let hasGaps = !network.gapPartners.isEmpty
        let byDelay = network.minDelay.isFinite ? Int((network.minDelay / dt + 1e-9).rounded(.down)) : 1000
        epochSteps = hasGaps ? 1 : max(1, min(byDelay, 1000))
        states = network.initialPotential.map { LIFState(v: $0) }
        stimulusCurrent = Array(repeating: 0, count: network.neuronCount)
        currentCursor = Array(stimuli.currentOffsets.dropLast())
        gapCurrent = Array(repeating: 0, count: network.neuronCount)
        sources = network.sourceRate.indices.map { neuron in
            let rate = network.sourceRate[neuron]
            return SourceState(next: rate.isNaN ? .infinity : Workers.sourceInterval(seed: configuration.seed, neuron: neuron, spike: 0, ratePerMs: rate),
                               count: 0)
        }
        let plastic = network.isPlastic
        plasticWeights = plastic ? network.synapseWeightsExact : []
        preTrace = plastic ? Array(repeating: 0, count: network.synapseCount) : []
        preTime = plastic ? Array(repeating: -.infinity, count: network.synapseCount) : []
        postTrace = plastic ? Array(repeating: 0, count: network.neuronCount * network.rules.count) : []
        postTime = plastic ? Array(repeating: -.infinity, count: network.neuronCount * network.rules.count) : []
        let longest = network.maxDelay.isFinite ? Int((network.maxDelay / dt).rounded(.up)) : 0
        buckets = EventBuckets(steps: longest + epochSteps + 2, neuronCount: network.neuronCount)
        var column = [Int32](repeating: -1, count: network.neuronCount)
        for (k, neuron) in configuration.recordVoltage.enumerated() { column[neuron] = Int32(k) }
        voltageColumn = column
        eventFreeEligible = PinnedBuffer((0..<network.neuronCount).map { neuron in
            if !network.sourceRate[neuron].isNaN { return Workers.spikeSource }
            let plainLIF = !network.models[Int(network.modelOfNeuron[neuron])].conductance
            let unstimulated = stimuli.poissonOffsets[neuron] == stimuli.poissonOffsets[neuron + 1]
            return plainLIF && unstimulated && column[neuron] < 0 ? Workers.batchedLIF : 0
        })
        nextCurrentChange = PinnedBuffer((0..<network.neuronCount).map { neuron in
            stimuli.currentOffsets[neuron] < stimuli.currentOffsets[neuron + 1] ? stimuli.currents[stimuli.currentOffsets[neuron]].time : .infinity
        })
        modelOfNeuron = PinnedBuffer(network.modelOfNeuron)
        voltageEvery = max(1, Int(((configuration.voltageInterval ?? dt) / dt).rounded()))
        if let selection = configuration.recordSpikes {
            var recorded = [Bool](repeating: false, count: network.neuronCount)
            for neuron in selection { recorded[neuron] = true }
            spikeRecorded = recorded
        } else {
            spikeRecorded = nil
        }
    }

    mutating func run(spikeSink: SpikeSink?, voltageSink: VoltageSink?, weightSink: WeightSink?,
                      progress: ((Double) -> Void)?) throws -> Totals {
        // Snapshots land on epoch boundaries, so epochs are cut at every snapshot time.
        let snapshotEvery = weightSink != nil && network.isPlastic
            ? configuration.weightInterval.map { max(1, Int(($0 / dt).rounded())) } : nil
        let plasticSynapses = network.isPlastic ? network.synapseRule.indices.filter { network.synapseRule[$0] != 0 } : []
        var totals = Totals(spikesPerPopulation: Array(repeating: 0, count: network.populationNames.count))
        var rateGuard = RateGuard(network: network, dt: dt, bound: configuration.maxRateHz)
        let threads = max(1, min(configuration.threads, network.neuronCount))
        let blocks = (0..<threads).map { k in (network.neuronCount * k / threads)..<(network.neuronCount * (k + 1) / threads) }
        let pool = WorkerPool(threads: threads)
        defer { pool.shutdown() }

        var epochStart = 0
        while epochStart < steps {
            var epochEnd = min(steps, epochStart + epochSteps)
            if let every = snapshotEvery { epochEnd = min(epochEnd, (epochStart / every + 1) * every) }
            totals.synapticEvents += injectTimedInputs(from: epochStart, before: epochEnd)
            for step in epochStart..<epochEnd { buckets.prepare(step: step) }
            if !network.gapPartners.isEmpty { computeGapCurrents() }

            let results = EpochResults(threads: threads)
            let recordedColumns = configuration.recordVoltage.count
            var voltageRows = [[Double]](repeating: [Double](repeating: .nan, count: recordedColumns), count: epochEnd - epochStart)
            let epoch = epochStart..<epochEnd
            withWorkers { workers in
                pool.run { k in results.set(k, workers.update(block: blocks[k], steps: epoch)) }
            }
            var spikes: [(time: Double, neuron: Int32)] = []
            for k in 0..<threads {
                let result = results.get(k)
                spikes += result.spikes
                for sample in result.voltages { voltageRows[sample.step - epochStart][Int(sample.column)] = sample.value }
            }
            for step in epochStart..<epochEnd { buckets.release(step: step) }
            spikes.sort { ($0.time, $0.neuron) < ($1.time, $1.neuron) }
            // Spikes at or after the requested duration fall in the last step's overshoot.
            spikes.removeAll { $0.time >= configuration.duration }

            totals.spikeCount += spikes.count
            for spike in spikes {
                let population = Int(network.populationOfNeuron[Int(spike.neuron)])
                totals.spikesPerPopulation[population] += 1
                rateGuard.windowCounts[population] += 1
            }
            totals.synapticEvents += deliver(spikes, epochEnd: epochEnd)
            if let spikeSink {
                let recorded = spikeRecorded.map { flags in spikes.filter { flags[Int($0.neuron)] } } ?? spikes
                if !recorded.isEmpty { try spikeSink.write(times: recorded.map(\.time), neurons: recorded.map(\.neuron)) }
            }
            if let voltageSink, recordedColumns > 0 {
                for step in epochStart..<epochEnd where (step + 1) % voltageEvery == 0 {
                    try voltageSink.write(time: Double(step + 1) * dt, values: voltageRows[step - epochStart])
                }
            }
            try rateGuard.check(at: epochEnd, last: epochEnd == steps)
            if let every = snapshotEvery, let weightSink, epochEnd % every == 0 {
                try weightSink.write(time: Double(epochEnd) * dt, weights: plasticSynapses.map { plasticWeights[$0] })
            }
            epochStart = epochEnd
            progress?(Double(epochStart) / Double(steps))
        }
        try spikeSink?.finish()
        try voltageSink?.finish()
        try weightSink?.finish()
        return totals
    }

    /// Puts spike-time stimulus inputs arriving before step `end` into their buckets; returns how many.
    private mutating func injectTimedInputs(from start: Int, before end: Int) -> Int {
        let limit = Double(end) * dt
        var count = 0
        while timedCursor < stimuli.timed.count && stimuli.timed[timedCursor].time < limit {
            let input = stimuli.timed[timedCursor]
            let step = min(max(Int(input.time / dt), start), end - 1)
            buckets.add(PendingInput(time: input.time, target: input.target, weight: Float(input.weight), order: input.order), step: step)
            timedCursor += 1
            count += 1
        }
        return count
    }

    /// I_gap,i = Σ_j g_ij (V_j − V_i) from the potentials at the start of the step, held for the step.
    private mutating func computeGapCurrents() {
        for i in 0..<network.neuronCount {
            var current = 0.0
            let v = states[i].v
            for k in network.gapOffsets[i]..<network.gapOffsets[i + 1] {
                current += network.gapConductance[k] * (states[Int(network.gapPartners[k])].v - v)
            }
            gapCurrent[i] = current
        }
    }

    /// Schedules every synapse of every spike; returns the number of inputs scheduled.
    private mutating func deliver(_ spikes: [(time: Double, neuron: Int32)], epochEnd: Int) -> Int {
        var count = 0
        for spike in spikes {
            let source = Int(spike.neuron)
            let first = network.synapseOffsets[source], last = network.synapseOffsets[source + 1]
            for k in first..<last {
                let arrival = spike.time + network.delays[Int(network.synapseDelayIndex[k])]
                // Rounding can put an arrival a hair before the epoch end; it belongs to that step.
                let step = max(Int(arrival / dt), epochEnd)
                buckets.add(PendingInput(time: arrival, target: network.synapseTargets[k], weight: network.synapseWeights[k],
                                         order: UInt64(source) << 32 | UInt64(k - first)), step: step)
            }
            count += last - first
        }
        return count
    }
}

/// Stops a run whose population rate over a 100 ms window exceeds `bound` (a network that
/// runs away would otherwise fill the disk with spikes).
struct RateGuard {
    let network: LoweredNetwork
    let dt: Double
    let bound: Double?
    let populationSizes: [Int]
    let windowSteps: Int
    /// Spikes per population since the window started.
    var windowCounts: [Int]
    var windowStart = 0

    init(network: LoweredNetwork, dt: Double, bound: Double?) {
        self.network = network
        self.dt = dt
        self.bound = bound
        populationSizes = (0..<network.populationNames.count).map { p in network.populationOfNeuron.filter { $0 == Int32(p) }.count }
        windowSteps = max(1, Int((100 / dt).rounded()))
        windowCounts = Array(repeating: 0, count: populationSizes.count)
    }

    /// At the end of an epoch (step `epochEnd`): checks and restarts the window once it is
    /// 100 ms long or the run ends.
    mutating func check(at epochEnd: Int, last: Bool) throws {
        guard let bound, epochEnd - windowStart >= windowSteps || last else { return }
        let seconds = Double(epochEnd - windowStart) * dt / 1000
        for (p, count) in windowCounts.enumerated() where populationSizes[p] > 0 {
            let rate = Double(count) / Double(populationSizes[p]) / seconds
            if rate > bound {
                throw SpikingEngineError.runaway(population: network.populationNames[p], rate: rate, bound: bound, time: Double(epochEnd) * dt)
            }
        }
        windowCounts = Array(repeating: 0, count: populationSizes.count)
        windowStart = epochEnd
    }
}
