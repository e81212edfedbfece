import ConnectomeCore
import Foundation
import SpikingEngine
import Testing

/// A network that exercises every branch of the batched update for neurons without inputs:
/// spontaneously active exponential-synapse neurons (E_L above threshold, so they cross
/// without any input), refractory holds, delta-synapse neurons under current steps and
/// spike-time inputs, gap junctions, interleaved parameter sets, Poisson-driven neurons,
/// Poisson spike sources,
/// STDP synapses and voltage recording.
private func mixedNetwork() -> (ExplicitNetwork, [Stimulus]) {
    let cuba = LIFParameters(tauMembrane: 20, capacitance: 250, restingPotential: -49, threshold: -50, reset: -60,
                             refractoryPeriod: 5, synapse: .exponential(tauExcitatory: 5, tauInhibitory: 10))
    let delta = LIFParameters(tauMembrane: 10, capacitance: 250, restingPotential: -70, threshold: -55, reset: -70,
                              refractoryPeriod: 2)
    let biased = LIFParameters(tauMembrane: 15, capacitance: 200, restingPotential: -65, threshold: -52, reset: -65,
                               refractoryPeriod: 0, biasCurrent: 180, synapse: .exponential(tauExcitatory: 2, tauInhibitory: 6))
    let quiet = LIFParameters(tauMembrane: 15, capacitance: 200, restingPotential: -65, threshold: -52, reset: -65,
                              refractoryPeriod: 1, synapse: .exponential(tauExcitatory: 2, tauInhibitory: 6))
    func uniform(_ i: Int, _ k: UInt64) -> Double { CounterRNG.uniform(seed: 9, stream: k, entity: UInt64(i), counter: 0) }
    let neurons = (0..<1250).map { i -> NeuronDescription in
        switch i {
        case 1200...:
            var source = NeuronDescription(name: "s\(i)", population: "S", parameters: quiet, initialPotential: -65)
            source.spikeSourceRate = 40
            return source
        case ..<600: return NeuronDescription(name: "a\(i)", population: "A", parameters: cuba, initialPotential: -60 + 10 * uniform(i, 0))
        case ..<1000: return NeuronDescription(name: "b\(i)", population: "B", parameters: delta, initialPotential: -70 + 14 * uniform(i, 0))
        default: return NeuronDescription(name: "c\(i)", population: "C", parameters: i % 2 == 0 ? biased : quiet,
                                   initialPotential: -65 + 12 * uniform(i, 0))
        }
    }
    var network = ExplicitNetwork(neurons: neurons, couplings: (0..<20).map { GapJunction(a: 600 + 2 * $0, b: 601 + 2 * $0, conductance: 2) })
    let rule = STDPRule(lambda: 0.02, alpha: 1.05, wMax: 40)
    for source in 0..<1250 {
        for k in 0..<30 {
            let target = Int(CounterRNG.bits(seed: 9, stream: 1, entity: UInt64(source), counter: UInt64(k)) % 1200)
            guard target != source else { continue }
            let inhibitory = source % 5 == 0
            let weight = inhibitory ? -60.0 : (target < 600 || target >= 1000 ? 20.0 : 1.5)
            let delay = 0.1 + 0.1 * Double(k % 4)
            network.connect(source, target, weight: weight, delay: delay,
                            plasticity: !inhibitory && source < 600 && target < 600 ? rule : nil)
        }
    }
    let stimuli = [
        Stimulus(name: "step", kind: .current(amplitude: 420, start: 20.05, stop: 140), targets: Array(600..<800)),
        Stimulus(name: "late step", kind: .current(amplitude: 300, start: 90, stop: .infinity), targets: Array(700..<1000)),
        Stimulus(name: "volley", kind: .spikeTimes(times: [10, 33.3, 71.25], weight: 16), targets: Array(800..<1000)),
        Stimulus(name: "drive", kind: .poisson(rateHz: 800, weight: 30, start: 0, stop: 100), targets: Array(1100..<1150)),
    ]
    return (network, stimuli)
}

@Suite("Batched update of neurons without inputs")
struct BatchedUpdateTests {
    struct Run: Equatable {
        var times: [Double], neurons: [Int32], weights: [Simulation.PlasticWeight], voltages: [[Double]]
    }

    func run(batched: Bool, threads: Int) throws -> Run {
        let (network, stimuli) = mixedNetwork()
        var configuration = SimulationConfiguration(duration: 200, seed: 5, threads: threads)
        configuration.maxRateHz = nil
        configuration.batchEventFreeNeurons = batched
        configuration.recordVoltage = [3, 650, 1001]
        let raster = InMemoryRaster(), voltages = InMemoryVoltages()
        let simulation = try Simulation(network: network, stimuli: stimuli, configuration: configuration)
        _ = try simulation.run(spikes: raster, voltages: voltages)
        return Run(times: raster.times, neurons: raster.neurons, weights: simulation.finalWeights, voltages: voltages.rows)
    }

    @Test("the batched path gives the same raster, weights and voltages as the per-neuron path, bit for bit")
    func sameRaster() throws {
        let reference = try run(batched: false, threads: 1)
        // The network must be doing everything the batched path has to get right.
        for population in [0..<600, 600..<1000, 1000..<1200, 1200..<1250] {
            let count = reference.neurons.filter { population.contains(Int($0)) }.count
            #expect(count > 200, "population \(population) fires (\(count) spikes)")
        }
        let initial = mixedNetwork().0.connections(from: 1)
        #expect(reference.weights.contains { w in !initial.contains { $0.target == w.target && $0.weight == w.weight } },
                "plasticity moved weights")
        for threads in [1, 2] {
            let batched = try run(batched: true, threads: threads)
            // Compared as Booleans: on failure, the arrays are too long to print usefully.
            let firstDifference = zip(batched.times, reference.times).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            let sameRaster = batched.times == reference.times && batched.neurons == reference.neurons
            #expect(sameRaster, "raster, \(threads) thread(s): first different spike \(String(describing: firstDifference))")
            let sameWeights = batched.weights == reference.weights, sameVoltages = batched.voltages == reference.voltages
            #expect(sameWeights, "weights, \(threads) thread(s)")
            #expect(sameVoltages, "voltages, \(threads) thread(s)")
        }
    }
}
