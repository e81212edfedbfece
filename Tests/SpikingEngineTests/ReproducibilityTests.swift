import ConnectomeCore
import Foundation
import SpikingEngine
import Testing

/// A small Brunel-style network (delta synapses, Poisson drive, fixed in-degree).
func brunelLike(neurons: Int = 800, seed: UInt64 = 3) -> (ExplicitNetwork, [Stimulus]) {
    let p = LIFParameters(tauMembrane: 20, capacitance: 250, restingPotential: 0, threshold: 20, reset: 10, refractoryPeriod: 2)
    let excitatory = neurons * 4 / 5
    var network = ExplicitNetwork(neurons: (0..<neurons).map { i in
        NeuronDescription(name: "n\(i)", population: i < excitatory ? "E" : "I", parameters: p,
                          initialPotential: 20 * CounterRNG.uniform(seed: seed, stream: 0, entity: UInt64(i), counter: 0))
    })
    var counter: UInt64 = 0
    for target in 0..<neurons {
        for k in 0..<100 {
            counter += 1
            let source = Int(CounterRNG.bits(seed: seed, stream: 1, entity: UInt64(target), counter: UInt64(k)) % UInt64(neurons))
            network.connect(source, target, weight: source < excitatory ? 0.2 : -1.0, delay: 1.5)
        }
    }
    let drive = Stimulus(name: "external", kind: .poisson(rateHz: 9000, weight: 0.2, start: 0, stop: .infinity),
                         targets: Array(0..<neurons))
    return (network, [drive])
}

@Suite("Reproducibility")
struct ReproducibilityTests {
    @Test("the same seed gives an identical raster with 1, 2 and 3 threads and any recording selection")
    func threadInvariance() throws {
        let (network, stimuli) = brunelLike()
        var rasters: [InMemoryRaster] = []
        for threads in [1, 2, 3] {
            var configuration = SimulationConfiguration(duration: 200, seed: 42, threads: threads)
            configuration.maxRateHz = nil
            let raster = InMemoryRaster()
            _ = try Simulation(network: network, stimuli: stimuli, configuration: configuration).run(spikes: raster)
            rasters.append(raster)
        }
        #expect(rasters[0].times.count > 1000, "the network is active")
        for raster in rasters.dropFirst() {
            #expect(raster.times == rasters[0].times)
            #expect(raster.neurons == rasters[0].neurons)
        }
        // Recording a subset and sampling voltages does not change the dynamics.
        var configuration = SimulationConfiguration(duration: 200, seed: 42, threads: 2)
        configuration.maxRateHz = nil
        configuration.recordSpikes = Array(0..<100)
        configuration.recordVoltage = [5, 7]
        let subset = InMemoryRaster()
        _ = try Simulation(network: network, stimuli: stimuli, configuration: configuration).run(spikes: subset, voltages: InMemoryVoltages())
        let expected = zip(rasters[0].times, rasters[0].neurons).filter { $0.1 < 100 }
        #expect(subset.times == expected.map(\.0) && subset.neurons == expected.map(\.1))
    }

    @Test("a different seed gives a different raster")
    func seedMatters() throws {
        let (network, stimuli) = brunelLike()
        var times: [[Double]] = []
        for seed: UInt64 in [1, 2] {
            var configuration = SimulationConfiguration(duration: 100, seed: seed)
            configuration.maxRateHz = nil
            let raster = InMemoryRaster()
            _ = try Simulation(network: network, stimuli: stimuli, configuration: configuration).run(spikes: raster)
            times.append(raster.times)
        }
        #expect(times[0] != times[1])
    }
}
