import Foundation
import SpikingEngine
import Testing

@Suite("Gap junctions")
struct GapJunctionTests {
    /// Two passive neurons, one driven by I, coupled by g. At steady state
    /// G_L·a = I + g·(b − a) and G_L·b = g·(a − b) with a, b the depolarisations and
    /// G_L = C/τm, so a = I·(G_L + g) / (G_L·(G_L + 2g)) and b = g·a / (G_L + g).
    @Test("two coupled neurons relax to the analytic steady state", arguments: [0.5, 5.0, 50.0])
    func steadyState(g: Double) throws {
        let passive = LIFParameters(tauMembrane: 10, capacitance: 100, restingPotential: -65, threshold: 100, reset: -65, refractoryPeriod: 0)
        var driven = passive
        driven.biasCurrent = 200
        let network = ExplicitNetwork(
            neurons: [NeuronDescription(name: "A", population: "p", parameters: driven, initialPotential: -65),
                      NeuronDescription(name: "B", population: "p", parameters: passive, initialPotential: -65)],
            couplings: [GapJunction(a: 0, b: 1, conductance: g)])
        var configuration = SimulationConfiguration(duration: 400, resolution: 0.05)
        configuration.recordVoltage = [0, 1]
        configuration.voltageInterval = 10
        let voltages = InMemoryVoltages()
        _ = try Simulation(network: network, configuration: configuration).run(voltages: voltages)
        let gL = 100.0 / 10
        let a = 200 * (gL + g) / (gL * (gL + 2 * g)), b = g * a / (gL + g)
        let last = voltages.rows.last!
        // After 40 membrane time constants the transient is below 1e-12 of the signal; the
        // grid coupling is exact at steady state, so only rounding remains.
        #expect(abs(last[0] - (-65 + a)) < 1e-9, "A: \(last[0]) vs \(-65 + a)")
        #expect(abs(last[1] - (-65 + b)) < 1e-9, "B: \(last[1]) vs \(-65 + b)")
    }
}
