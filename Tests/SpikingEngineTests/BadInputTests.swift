import Foundation
import SpikingEngine
import Testing

@Suite("Engine input validation")
struct BadInputTests {
    func network(_ p: LIFParameters, connect: Bool = false, delay: Double = 1) -> ExplicitNetwork {
        var network = ExplicitNetwork(neurons: [NeuronDescription(name: "a", population: "pop", parameters: p, initialPotential: -70),
                                                NeuronDescription(name: "b", population: "pop", parameters: p, initialPotential: -70)])
        if connect { network.connect(0, 1, weight: 1, delay: delay) }
        return network
    }

    @Test("invalid parameters name the population and the parameter", arguments: [
        (LIFParameters(tauMembrane: 0), ["pop", "tau_m", "> 0"]),
        (LIFParameters(tauMembrane: -5), ["tau_m"]),
        (LIFParameters(threshold: -70, reset: -65), ["V_reset", "below the threshold"]),
        (LIFParameters(capacitance: 0), ["C_m"]),
        (LIFParameters(synapse: .exponential(tauExcitatory: -1, tauInhibitory: 5)), ["tau_syn_ex"]),
        (LIFParameters(synapse: .conductance(tauExcitatory: 5, tauInhibitory: 0, reversalExcitatory: 0, reversalInhibitory: -80)), ["pop", "tau_syn_in"]),
        (LIFParameters(threshold: -50, synapse: .conductance(tauExcitatory: 5, tauInhibitory: 5, reversalExcitatory: -60, reversalInhibitory: -80)),
         ["E_ex", "above the threshold"]),
        (LIFParameters(threshold: -50, synapse: .conductance(tauExcitatory: 5, tauInhibitory: 5, reversalExcitatory: 0, reversalInhibitory: .nan)), ["E_in"]),
    ])
    func invalidParameters(_ p: LIFParameters, words: [String]) {
        #expect {
            _ = try Simulation(network: network(p), configuration: SimulationConfiguration(duration: 10))
        } throws: { error in
            words.allSatisfy { "\(error)".contains($0) }
        }
    }

    @Test("a delay below the resolution is rejected, naming the connection")
    func shortDelay() {
        #expect {
            _ = try Simulation(network: network(LIFParameters(), connect: true, delay: 0.05),
                               configuration: SimulationConfiguration(duration: 10, resolution: 0.1))
        } throws: { error in
            "\(error)".contains("a → b") && "\(error)".contains("below the resolution")
        }
    }

    @Test("a stimulus aimed at a missing neuron and a zero duration are rejected")
    func badStimulusAndDuration() {
        #expect(throws: SpikingEngineError.self) {
            _ = try Simulation(network: network(LIFParameters()),
                               stimuli: [Stimulus(name: "s", kind: .current(amplitude: 10, start: 0, stop: 5), targets: [7])],
                               configuration: SimulationConfiguration(duration: 10))
        }
        #expect(throws: SpikingEngineError.self) {
            _ = try Simulation(network: network(LIFParameters()), configuration: SimulationConfiguration(duration: 0))
        }
    }

    @Test("a runaway population stops the run with an error naming it")
    func runaway() throws {
        let p = LIFParameters(refractoryPeriod: 0, biasCurrent: 100_000)
        var configuration = SimulationConfiguration(duration: 200)
        configuration.maxRateHz = 500
        #expect {
            _ = try Simulation(network: network(p), configuration: configuration).run()
        } throws: { error in
            "\(error)".contains("population pop") && "\(error)".contains("runaway")
        }
    }
}
