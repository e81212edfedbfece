import Foundation
import SpikingEngine
import Testing

@Suite("Poisson spike sources")
struct SpikeSourceTests {
    static func sources(_ count: Int, rate: Double) -> [NeuronDescription] {
        (0..<count).map {
            var neuron = NeuronDescription(name: "s\($0)", population: "sources", parameters: LIFParameters(), initialPotential: -70)
            neuron.spikeSourceRate = rate
            return neuron
        }
    }

    /// Counts of 100 sources at 20 Hz in 1 s windows against Poisson(20) by χ² over the bins
    /// ≤ 12, 13, …, 27, ≥ 28 (17 bins, 16 degrees of freedom); critical value at α = 0.001 is
    /// 39.25, so a correct generator fails with probability 0.1 % for this fixed seed.
    @Test("window counts follow the Poisson distribution (χ² test)")
    func counts() throws {
        var configuration = SimulationConfiguration(duration: 20_000, resolution: 1, seed: 3)
        configuration.maxRateHz = nil
        let raster = InMemoryRaster()
        _ = try Simulation(network: ExplicitNetwork(neurons: Self.sources(100, rate: 20)), configuration: configuration).run(spikes: raster)
        var counts = [Int](repeating: 0, count: 100 * 20)
        for (time, neuron) in zip(raster.times, raster.neurons) { counts[Int(neuron) * 20 + Int(time / 1000)] += 1 }
        func pmf(_ k: Int) -> Double { exp(-20 + Double(k) * log(20) - lgamma(Double(k + 1))) }
        func bin(_ k: Int) -> Int { k <= 12 ? 0 : min(k - 12, 16) }
        var observed = [Double](repeating: 0, count: 17), expected = [Double](repeating: 0, count: 17)
        for c in counts { observed[bin(c)] += 1 }
        for k in 0..<300 { expected[bin(k)] += pmf(k) * Double(counts.count) }
        let chi2 = zip(observed, expected).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) / $1.1 }
        #expect(chi2 < 39.25, "χ² = \(chi2)")
    }

    /// Current-based (weights in mV, w_max 2) and conductance-based (Song 2000's neuron,
    /// weights in nS, w_max 0.5) targets.
    static let plasticTargets: [(LIFParameters, Double)] = [
        (LIFParameters(tauMembrane: 10, restingPotential: -70, threshold: -54, reset: -60, refractoryPeriod: 2), 2),
        (LIFParameters(tauMembrane: 10, capacitance: 100, restingPotential: -74, threshold: -54, reset: -60, refractoryPeriod: 0,
                       synapse: .conductance(tauExcitatory: 5, tauInhibitory: 5, reversalExcitatory: 0, reversalInhibitory: -80)), 0.5),
    ]

    @Test("sources drive plastic synapses onto a LIF neuron; weights stay in bounds and match at 1 and 2 threads",
          arguments: plasticTargets)
    func plasticFromSources(target: LIFParameters, wMax: Double) throws {
        var network = ExplicitNetwork(neurons: Self.sources(200, rate: 15) + [
            NeuronDescription(name: "out", population: "out", parameters: target, initialPotential: -70),
        ])
        let rule = STDPRule(tauPlus: 20, tauMinus: 20, lambda: 0.01, alpha: 1.05, wMax: wMax)
        for i in 0..<200 { network.connect(i, 200, weight: wMax / 2, delay: 1, plasticity: rule) }
        var results: [[Double]] = []
        for threads in [1, 2] {
            var configuration = SimulationConfiguration(duration: 2000, seed: 8, threads: threads)
            configuration.maxRateHz = nil
            let simulation = try Simulation(network: network, configuration: configuration)
            let raster = InMemoryRaster()
            _ = try simulation.run(spikes: raster)
            #expect(!raster.spikes(of: 200).isEmpty, "the output neuron fires")
            results.append(simulation.finalWeights.map(\.weight))
        }
        #expect(results[0] == results[1])
        #expect(results[0].allSatisfy { $0 >= 0 && $0 <= wMax } && Set(results[0]).count > 1)
    }

    @Test("connections and stimuli into a spike source are rejected")
    func noInputIntoSources() {
        var network = ExplicitNetwork(neurons: Self.sources(2, rate: 5))
        network.connect(0, 1, weight: 1, delay: 1)
        #expect { _ = try Simulation(network: network, configuration: SimulationConfiguration(duration: 10)) } throws: { error in
            "\(error)".contains("s1 is a spike source")
        }
        #expect { _ = try Simulation(network: ExplicitNetwork(neurons: Self.sources(2, rate: 5)),
                                     stimuli: [Stimulus(name: "drive", kind: .current(amplitude: 5, start: 0, stop: 5), targets: [0])],
                                     configuration: SimulationConfiguration(duration: 10)) } throws: { error in
            "\(error)".contains("drive") && "\(error)".contains("spike source")
        }
    }
}
