import Foundation
import SpikingEngine
import Testing

/// Numbers that would trap on conversion to Int or ask for absurd memory are refused before
/// anything is built, with the parameter and the limit in the message (issue 18's crashes).
@Suite("Engine bounds")
struct BoundsTests {
    static let neuron = NeuronDescription(name: "A", population: "p", parameters: LIFParameters(), initialPotential: -70)

    static func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test("a duration of 1e300 ms is refused, not trapped")
    func hugeDuration() {
        let text = Self.message {
            _ = try Simulation(network: ExplicitNetwork(neurons: [Self.neuron]), configuration: SimulationConfiguration(duration: 1e300))
        }
        #expect(text.contains("duration") && text.contains("at most"), "\(text)")
        let graded = Self.message {
            let neuron = NeuronDescription(name: "G", population: "p", model: .graded(GradedParameters()), initialPotential: 0)
            _ = try GradedSimulation(network: ExplicitNetwork(neurons: [neuron]), configuration: SimulationConfiguration(duration: 1e300))
        }
        #expect(graded.contains("duration"), "\(graded)")
    }

    @Test("a million threads are refused")
    func threads() {
        let text = Self.message {
            _ = try Simulation(network: ExplicitNetwork(neurons: [Self.neuron]), configuration: SimulationConfiguration(duration: 10, threads: 1_000_000))
        }
        #expect(text.contains("threads") && text.contains("1024"), "\(text)")
    }

    @Test("delays of 1e9 and 1e300 ms are refused before their event ring is allocated", arguments: [1e9, 1e300])
    func hugeDelay(delay: Double) {
        var network = ExplicitNetwork(neurons: [Self.neuron, Self.neuron])
        network.connect(0, 1, weight: 1, delay: delay)
        let text = Self.message { _ = try Simulation(network: network, configuration: SimulationConfiguration(duration: 10)) }
        #expect(text.contains("delay") && text.contains("at most"), "\(text)")
    }
}
