import Foundation

/// Samples of a graded run, delivered every record interval (sample 0 is the initial state).
public protocol GradedTraceSink: AnyObject {
    /// One entry per neuron: membrane potential [mV], activity φ(V) and injected current [pA].
    func write(time: Double, voltage: [Double], activity: [Double], stimulus: [Double]) throws
    func finish() throws
}

/// What a graded run did.
public struct GradedSummary: Codable, Sendable {
    public var durationMs: Double
    public var resolutionMs: Double
    public var recordIntervalMs: Double
    public var threads: Int
    public var neurons: Int
    public var synapses: Int
    public var gapJunctions: Int
    /// "wicks" or "kunert" (``GradedThreshold``).
    public var thresholdConvention: String
    public var samples: Int
    public var wallSeconds: Double
    /// Seconds spent in the step loop (stimulus currents and integration), sampling excluded.
    public var simulationSeconds: Double
}

/// Runs a network of graded neurons (``GradedParameters``) on a clock.
///
/// Integrator (worm-model.md): exponential Euler per neuron with the neighbours' V and s from
/// the previous step (Jacobi). With the conductances frozen over a step the membrane equation
/// is linear in V_i, so
///
///     D_i = G_c + Σ g^gap + Σ g^syn s_j,   V∞ = (G_c E_c + Σ g^gap V_j + Σ g^syn s_j E_ij + I_i) / D_i,
///     V_i ← V∞ + (V_i − V∞)·exp(−D_i dt / C),
///
/// and s_i is advanced exactly with φ_i frozen at its start-of-step value. The new V_i is a
/// convex combination of its old value and its neighbours' (all weights non-negative, summing
/// to below one with the leak), so the update is stable at any step even though Cook et
/// al.'s gap junctions make the system stiff. Each neuron's update reads only the previous
/// step, so the result does not depend on how neurons are split over threads.
///
/// Step currents are averaged over each step they overlap, so inputs need not fall on the grid.
public final class GradedSimulation {
    let network: LoweredGraded
    public let configuration: SimulationConfiguration
    /// Sampling interval of the traces [ms], a multiple of the resolution.
    public let recordInterval: Double
    /// Centre of each neuron's sigmoid, V_th [mV].
    public let thresholds: [Double]
    /// The input-free resting equilibrium [mV], where every run starts (equal to
    /// `thresholds` under the default Wicks convention).
    public let restingPotentials: [Double]
    /// Current steps: (neuron, start, stop, amplitude).
    let currents: [(neuron: Int, start: Double, stop: Double, amplitude: Double)]

    /// The largest resolution at which readouts were shown to agree with dt = 0.01 ms to three
    /// decimals (the graded tests); larger steps are refused.
    public static let largestResolution = 1.0

    public convenience init(network recipe: NetworkRecipe, stimuli: [Stimulus] = [], configuration: SimulationConfiguration,
                            recordInterval: Double = 1) throws {
        try configuration.validate()
        guard configuration.resolution <= Self.largestResolution else {
            throw SpikingEngineError.invalidParameter(item: "simulation", parameter: "resolution", value: configuration.resolution,
                                                      requirement: "graded networks are validated up to dt = \(Self.largestResolution) ms (readouts to three decimals); use a smaller step")
        }
        let ratio = recordInterval / configuration.resolution
        guard recordInterval > 0, recordInterval <= configuration.duration, abs(ratio - ratio.rounded()) < 1e-9 else {
            throw SpikingEngineError.invalidParameter(item: "trace recorder", parameter: "interval", value: recordInterval,
                                                      requirement: "must be a positive multiple of the resolution (\(configuration.resolution) ms), "
                                                          + "at most the duration (\(configuration.duration) ms)")
        }
        let network = try LoweredGraded(recipe)
        try self.init(lowered: network, resting: try network.equilibriumPotentials(input: Array(repeating: 0, count: network.neuronCount)),
                      stimuli: stimuli, configuration: configuration, recordInterval: recordInterval)
    }

    private init(lowered network: LoweredGraded, resting: [Double], stimuli: [Stimulus], configuration: SimulationConfiguration,
                 recordInterval: Double) throws {
        self.network = network
        self.configuration = configuration
        self.recordInterval = recordInterval
        var currents: [(neuron: Int, start: Double, stop: Double, amplitude: Double)] = []
        for stimulus in stimuli {
            try stimulus.validate(neuronCount: network.neuronCount, resolution: configuration.resolution)
            guard case let .current(amplitude, start, stop) = stimulus.kind else {
                throw SpikingEngineError.invalidNetwork("stimulus \(stimulus.name): graded neurons take current steps only (Poisson and spike-time inputs need spiking neurons)")
            }
            for target in stimulus.targets { currents.append((target, start, stop, amplitude)) }
        }
        self.currents = currents
        restingPotentials = resting
        thresholds = network.threshold == .withInput
            ? try network.equilibriumPotentials(input: Self.largestInput(currents, neurons: network.neuronCount)) : resting
    }

    /// The same network, step and recorder with other stimuli: the lowered network and the
    /// resting solve are reused (a perturbation map runs hundreds of these), the thresholds
    /// too unless they depend on the input (Kunert).
    public func withStimuli(_ stimuli: [Stimulus]) throws -> GradedSimulation {
        try GradedSimulation(lowered: network, resting: restingPotentials, stimuli: stimuli, configuration: configuration,
                             recordInterval: recordInterval)
    }

    /// Each neuron's largest total injected current at any moment (steps that overlap in time
    /// add up; steps one after another do not), for Kunert's thresholds.
    static func largestInput(_ currents: [(neuron: Int, start: Double, stop: Double, amplitude: Double)], neurons: Int) -> [Double] {
        var largest = [Double](repeating: 0, count: neurons)
        for (neuron, steps) in Dictionary(grouping: currents, by: \.neuron) {
            // The total is constant between edges, so it is enough to look at each step's start.
            for step in steps where step.stop > step.start {
                let total = steps.filter { $0.start <= step.start && step.start < $0.stop }.reduce(0) { $0 + $1.amplitude }
                largest[neuron] = max(largest[neuron], total)
            }
        }
        return largest
    }

    public var neuronNames: [String] { network.names }
    public var populationNames: [String] { network.populationNames }
    public var populationOfNeuron: [Int32] { network.populationOfNeuron }
    public var synapseCount: Int { network.synapseCount }
    public var gapJunctionCount: Int { network.gapJunctionCount }
    /// Each neuron's resting synaptic activation a_r / (a_r + 2 a_d).
    public var restingActivation: [Double] { network.restingActivation }

    /// φ_i(V) = 1 / (1 + exp(−β_i (V − V_th,i))).
    public func activity(of neuron: Int, at voltage: Double) -> Double {
        1 / (1 + exp(-network.slope[neuron] * (voltage - thresholds[neuron])))
    }

    /// The Jacobian of (V, s) at the input-free rest, row-major 2n × 2n [1/ms] (rows and
    /// columns V_0 … V_n−1 then s_0 … s_n−1).
    public func restingJacobian() -> [Double] {
        network.jacobian(voltage: restingPotentials, activation: restingActivation, threshold: thresholds)
    }

    /// The injected current of every neuron averaged over [t0, t1) [pA].
    /// Only stimulated neurons are written (the rest stay at zero from the start).
    func stimulusCurrent(from t0: Double, to t1: Double, into current: UnsafeMutablePointer<Double>) {
        for step in currents { current[step.neuron] = 0 }
        for step in currents {
            let overlap = min(t1, step.stop) - max(t0, step.start)
            if overlap > 0 { current[step.neuron] += step.amplitude * overlap / (t1 - t0) }
        }
    }

    /// Runs the whole duration, sampling every neuron's V, activity and input into `traces`.
    public func run(traces: GradedTraceSink? = nil, progress: ((Double) -> Void)? = nil) throws -> GradedSummary {
        try runSegment(traces: traces, progress: progress).summary
    }

    /// The number of steps of the whole run.
    public var stepCount: Int { Int((configuration.duration / configuration.resolution - 1e-9).rounded(.up)) }

    /// Runs from `snapshot` (default: t = 0) up to step `last` (default: the end), sampling
    /// into `traces` (finished only when the run reaches its end); returns the state reached.
    /// Every step depends only on the state before it and the input, so continuing from a
    /// snapshot of a run with the same network and the same input up to that step gives the
    /// same bits as never stopping (a perturbation map shares the rest before its stimuli).
    public func runSegment(traces: GradedTraceSink? = nil, from snapshot: GradedSnapshot? = nil, until last: Int? = nil,
                           progress: ((Double) -> Void)? = nil) throws -> (summary: GradedSummary, end: GradedSnapshot) {
        let clock = Date()
        let n = network.neuronCount, dt = configuration.resolution
        let steps = min(last ?? stepCount, stepCount)
        let first = snapshot?.step ?? 0
        let every = max(1, Int((recordInterval / dt).rounded()))
        if let snapshot {
            guard snapshot.voltage.count == n, snapshot.step <= steps, snapshot.resolution == dt, snapshot.thresholds == thresholds else {
                throw SpikingEngineError.invalidNetwork("a graded snapshot can only continue a run of the same network, thresholds and step, before its end")
            }
        }
        let state = GradedState(network, thresholds: thresholds, dt: dt, voltage: snapshot?.voltage ?? restingPotentials,
                                activation: snapshot?.activation ?? restingActivation)
        var samples = 0
        func sample(at step: Int) throws {
            guard let traces else { return }
            let time = Double(step) * dt
            var instantaneous = [Double](repeating: 0, count: n)
            for current in currents where current.start <= time && time < current.stop { instantaneous[current.neuron] += current.amplitude }
            let voltages = state.voltages
            let activities = (0..<n).map { self.activity(of: $0, at: voltages[$0]) }
            try traces.write(time: time, voltage: voltages, activity: activities, stimulus: instantaneous)
            samples += 1
        }
        if snapshot == nil { try sample(at: 0) }
        let loopStart = Date()
        var sampling = 0.0
        let threads = max(1, min(configuration.threads, n))
        let blocks = (0..<threads).map { k in (n * k / threads)..<(n * (k + 1) / threads) }
        let pool = WorkerPool(threads: threads)
        defer { pool.shutdown() }
        var reported = 0
        for step in first..<steps {
            stimulusCurrent(from: Double(step) * dt, to: Double(step + 1) * dt, into: state.input)
            if threads == 1 { state.advance(0..<n) } else { pool.run { k in state.advance(blocks[k]) } }
            state.swapBuffers()
            if (step + 1) % every == 0 {
                let sampled = Date()
                try sample(at: step + 1)
                sampling += Date().timeIntervalSince(sampled)
            }
            let percent = (step + 1) * 100 / max(1, steps)
            if percent > reported {
                reported = percent
                progress?(Double(step + 1) / Double(steps))
            }
        }
        if steps == stepCount { try traces?.finish() }
        let summary = GradedSummary(durationMs: configuration.duration, resolutionMs: dt, recordIntervalMs: recordInterval, threads: threads,
                                    neurons: n, synapses: network.synapseCount, gapJunctions: network.gapJunctionCount,
                                    thresholdConvention: network.threshold.rawValue, samples: samples,
                                    wallSeconds: Date().timeIntervalSince(clock),
                                    simulationSeconds: Date().timeIntervalSince(loopStart) - sampling)
        return (summary, GradedSnapshot(step: steps, resolution: dt, thresholds: thresholds, voltage: state.voltages, activation: state.activations))
    }
}

/// The state of a graded run after a step, to continue from (``GradedSimulation/runSegment``).
public struct GradedSnapshot: Sendable {
    public let step: Int
    let resolution: Double
    let thresholds: [Double]
    let voltage: [Double]
    let activation: [Double]
}
