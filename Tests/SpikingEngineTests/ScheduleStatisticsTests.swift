import Foundation
import SpikingEngine
import Testing

/// Poisson inputs observed through neurons that fire at every input (a 100 mV jump, no
/// refractoriness), so the raster is the input train itself.
@Suite("Poisson generator statistics")
struct ScheduleStatisticsTests {
    static func run(rate: Double, neurons: Int, duration: Double, seed: UInt64) throws -> InMemoryRaster {
        let relay = LIFParameters(tauMembrane: 10, capacitance: 250, restingPotential: -70, threshold: -55, reset: -70, refractoryPeriod: 0)
        let network = ExplicitNetwork(neurons: (0..<neurons).map {
            NeuronDescription(name: "r\($0)", population: "relay", parameters: relay, initialPotential: -70)
        })
        // A 1 ms grid: arrival times are drawn continuously whatever the grid, so a coarse grid
        // tests the same generator with ten times less bookkeeping.
        var configuration = SimulationConfiguration(duration: duration, resolution: 1, seed: seed)
        configuration.maxRateHz = nil
        let raster = InMemoryRaster()
        _ = try Simulation(network: network,
                           stimuli: [Stimulus(name: "poisson", kind: .poisson(rateHz: rate, weight: 100, start: 0, stop: .infinity),
                                              targets: Array(0..<neurons))],
                           configuration: configuration).run(spikes: raster)
        return raster
    }

    /// Counts in 1 s windows against Poisson(λ = 10) by χ² over the bins 0…4, 5, …, 15, ≥ 16
    /// (13 bins, 12 degrees of freedom). Critical value at α = 0.001: 32.91, so with the fixed
    /// seed a correct generator fails this test with probability 0.1 %.
    @Test("window counts follow the Poisson distribution (χ² test)")
    func countsChiSquare() throws {
        let raster = try Self.run(rate: 10, neurons: 200, duration: 10_000, seed: 7)
        var counts = [Int](repeating: 0, count: 200 * 10)
        for (time, neuron) in zip(raster.times, raster.neurons) { counts[Int(neuron) * 10 + Int(time / 1000)] += 1 }
        func pmf(_ k: Int) -> Double { exp(-10 + Double(k) * log(10) - lgamma(Double(k + 1))) }
        var observed = [Double](repeating: 0, count: 13), expected = [Double](repeating: 0, count: 13)
        func bin(_ k: Int) -> Int { k <= 4 ? 0 : min(k - 4, 12) }
        for c in counts { observed[bin(c)] += 1 }
        for k in 0..<200 { expected[bin(k)] += pmf(k) * Double(counts.count) }
        let chi2 = zip(observed, expected).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) / $1.1 }
        #expect(chi2 < 32.91, "χ² = \(chi2)")
        let mean = Double(counts.reduce(0, +)) / Double(counts.count)
        #expect(abs(mean - 10) < 0.3, "mean count \(mean); standard error 0.07")
    }

    /// Inter-spike intervals against the exponential distribution with rate 10 Hz by the
    /// Kolmogorov–Smirnov statistic; critical value at α = 0.001 is 1.95/√n.
    @Test("inter-arrival intervals are exponential (Kolmogorov–Smirnov)")
    func intervalsKS() throws {
        let raster = try Self.run(rate: 10, neurons: 50, duration: 20_000, seed: 11)
        var intervals: [Double] = []
        for neuron in 0..<50 {
            let times = raster.spikes(of: neuron)
            for (a, b) in zip(times, times.dropFirst()) { intervals.append(b - a) }
        }
        intervals.sort()
        let n = Double(intervals.count)
        var d = 0.0
        for (i, x) in intervals.enumerated() {
            let cdf = 1 - exp(-x * 10 / 1000)
            d = max(d, abs(cdf - Double(i) / n), abs(cdf - Double(i + 1) / n))
        }
        #expect(d < 1.95 / n.squareRoot(), "D = \(d), n = \(intervals.count)")
    }
}
