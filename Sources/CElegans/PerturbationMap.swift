import Foundation
import SpikingEngine

/// The simulated counterpart of an optogenetic signal-propagation atlas: each listed neuron
/// stimulated in turn with the same current step, every neuron's Δa recorded.
public struct PerturbationMap: Sendable {
    /// Stimulated neurons (rows) and responding neurons (columns), as indices into the worm.
    public let stimulated: [Int]
    public let responding: [String]
    /// Row-major stimulated × responding Δa.
    public let responses: [Double]

    /// Runs one graded simulation per stimulated neuron, spread over `threads` cores (each run
    /// single-threaded, results placed by row, so the map does not depend on the split).
    public static func run(worm: GradedWorm, stimulated: [Int], amplitude: Double, onset: Double, offset: Double,
                           configuration: SimulationConfiguration, recordInterval: Double = 1, threads: Int,
                           progress: (@Sendable (Int) -> Void)? = nil) throws -> PerturbationMap {
        let n = worm.neurons.names.count
        let rows = UnsafeMutableBufferPointer<Double>.allocate(capacity: stimulated.count * n)
        defer { rows.deallocate() }
        rows.initialize(repeating: .nan)
        let failures = FirstError()
        let next = NextIndex()
        let buffer = SendableBuffer(rows)
        let single = { var c = configuration; c.threads = 1; return c }()
        // Every run is at rest until its stimulus starts: the rest up to the last sample
        // before the onset is simulated once and each run continues from it (same bits as
        // running each from t = 0, as long as the thresholds do not depend on the stimulus).
        // Shared read-only by the workers below.
        nonisolated(unsafe) let prefix = try GradedSimulation(network: worm.network, configuration: single, recordInterval: recordInterval)
        let every = max(1, Int((prefix.recordInterval / single.resolution).rounded()))
        let onsetStep = Int((onset / single.resolution + 1e-9).rounded(.down))
        nonisolated(unsafe) let shared = ResponseAccumulator(onset: onset, offset: offset, duration: single.duration)
        let (_, rest) = try prefix.runSegment(traces: shared, until: onsetStep / every * every)
        let workers = max(1, min(threads, stimulated.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let row = next.take(below: stimulated.count), !failures.isSet {
                do {
                    let cell = stimulated[row]
                    let step = Stimulus(name: worm.neurons.names[cell], kind: .current(amplitude: amplitude, start: onset, stop: offset), targets: [cell])
                    let simulation = try prefix.withStimuli([step])
                    let accumulator: ResponseAccumulator
                    if simulation.thresholds == prefix.thresholds {
                        accumulator = shared.copy()
                        _ = try simulation.runSegment(traces: accumulator, from: rest)
                    } else {
                        accumulator = ResponseAccumulator(onset: onset, offset: offset, duration: single.duration)
                        _ = try simulation.run(traces: accumulator)
                    }
                    guard let responses = accumulator.responses else {
                        throw CElegansError.input(file: "--perturbation-map", reason: "the stimulus window [\(onset), \(offset)) ms leaves no samples before it or during it in a \(single.duration) "
                            + "ms run")
                    }
                    for j in 0..<n { buffer.pointer[row * n + j] = responses[j] }
                    progress?(row)
                } catch {
                    failures.set(error)
                }
            }
        }
        if let error = failures.error { throw error }
        return PerturbationMap(stimulated: stimulated, responding: worm.neurons.names, responses: Array(rows))
    }
}

/// The next row to run, shared by the workers.
private final class NextIndex: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

/// The first error any worker met.
private final class FirstError: @unchecked Sendable {
    private var stored: Error?
    private let lock = NSLock()
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return stored != nil }
    var error: Error? { lock.lock(); defer { lock.unlock() }; return stored }
    func set(_ error: Error) {
        lock.lock()
        if stored == nil { stored = error }
        lock.unlock()
    }
}

/// Rows written by one worker each.
private struct SendableBuffer: @unchecked Sendable {
    let pointer: UnsafeMutableBufferPointer<Double>
    init(_ pointer: UnsafeMutableBufferPointer<Double>) { self.pointer = pointer }
}
