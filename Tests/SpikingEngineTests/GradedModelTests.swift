import Foundation
import SpikingEngine
import Testing
import _TestSupport

/// The graded kernel against closed forms: with no coupling and a constant input the
/// exponential-Euler step is the exact solution, equilibria of small networks are solvable by
/// hand, and the resting Jacobian of one neuron has known eigenvalues.
@Suite("Graded neurons")
struct GradedModelTests {
    final class Samples: GradedTraceSink {
        var times: [Double] = [], voltage: [[Double]] = [], activity: [[Double]] = []
        func write(time: Double, voltage: [Double], activity: [Double], stimulus: [Double]) throws {
            times.append(time)
            self.voltage.append(voltage)
            self.activity.append(activity)
        }
        func finish() throws {}
    }

    static func neuron(_ name: String, _ p: GradedParameters = GradedParameters()) -> NeuronDescription {
        NeuronDescription(name: name, population: "p", model: .graded(p), initialPotential: 0)
    }

    @Test("one neuron under a current step follows V∞ + (V0 − V∞)·exp(−G t / C) exactly", arguments: [0.01, 0.1, 1.0])
    func singleNeuron(dt: Double) throws {
        let p = GradedParameters()
        let network = ExplicitNetwork(neurons: [Self.neuron("A", p)])
        let step = Stimulus(name: "step", kind: .current(amplitude: 0.5, start: 100, stop: 600), targets: [0])
        let samples = Samples()
        let simulation = try GradedSimulation(network: network, stimuli: [step],
                                              configuration: SimulationConfiguration(duration: 1000, resolution: dt), recordInterval: 1)
        _ = try simulation.run(traces: samples)
        #expect(abs(simulation.restingPotentials[0] - p.leakReversal) < 1e-12)
        let tau = p.capacitance / p.leakConductance, vInf = p.leakReversal + 0.5 / p.leakConductance
        for (k, t) in samples.times.enumerated() {
            let expected: Double
            if t <= 100 { expected = p.leakReversal } else if t <= 600 {
                expected = vInf + (p.leakReversal - vInf) * exp(-(t - 100) / tau)
            } else {
                let atOff = vInf + (p.leakReversal - vInf) * exp(-500 / tau)
                expected = p.leakReversal + (atOff - p.leakReversal) * exp(-(t - 600) / tau)
            }
            // Exact up to rounding accumulated over up to 10^5 steps.
            #expect(abs(samples.voltage[k][0] - expected) < 1e-9, "t = \(t) ms: \(samples.voltage[k][0]) vs \(expected)")
        }
    }

    @Test("two gap-coupled neurons: thresholds with input (Kunert) solve the 2 × 2 system")
    func coupledEquilibrium() throws {
        var p = GradedParameters()
        p.threshold = .withInput
        let g = 0.3, input = 2.0
        let network = ExplicitNetwork(neurons: [Self.neuron("A", p), Self.neuron("B", p)], couplings: [GapJunction(a: 0, b: 1, conductance: g)])
        let step = Stimulus(name: "in", kind: .current(amplitude: input, start: 10, stop: 20), targets: [0])
        let simulation = try GradedSimulation(network: network, stimuli: [step], configuration: SimulationConfiguration(duration: 30))
        // (G + g) a − g b = G E + I,  −g a + (G + g) b = G E  ⇒  a − b = I / (G + 2g), a + b = 2E + I/G.
        let G = p.leakConductance, e = p.leakReversal
        let sum = 2 * e + input / G, difference = input / (G + 2 * g)
        #expect(abs(simulation.thresholds[0] - (sum + difference) / 2) < 1e-9)
        #expect(abs(simulation.thresholds[1] - (sum - difference) / 2) < 1e-9)
        #expect(simulation.restingPotentials.allSatisfy { abs($0 - e) < 1e-12 })
    }

    @Test("Kunert thresholds take each cell's largest simultaneous input: two steps in turn count once, overlapping ones add")
    func kunertInput() throws {
        var p = GradedParameters()
        p.threshold = .withInput
        let network = ExplicitNetwork(neurons: [Self.neuron("A", p)])
        func threshold(_ steps: [(Double, Double)]) throws -> Double {
            let stimuli = steps.enumerated().map { Stimulus(name: "s\($0.offset)", kind: .current(amplitude: 2, start: $0.element.0, stop: $0.element.1), targets: [0]) }
            return try GradedSimulation(network: network, stimuli: stimuli, configuration: SimulationConfiguration(duration: 100)).thresholds[0]
        }
        let one = try threshold([(10, 20)])
        #expect(try threshold([(10, 20), (30, 40)]) == one)
        #expect(abs(try threshold([(10, 30), (20, 40)]) - (p.leakReversal + 4 / p.leakConductance)) < 1e-9)
    }

    @Test("a synapse at rest: the threshold solves G(E_c − V) + g s_eq (E − V) = 0")
    func synapticEquilibrium() throws {
        let p = GradedParameters()
        var network = ExplicitNetwork(neurons: [Self.neuron("A", p), Self.neuron("B", p)])
        network.connect(0, 1, weight: -0.4, delay: 0)  // inhibitory: E_inh
        let simulation = try GradedSimulation(network: network, configuration: SimulationConfiguration(duration: 10))
        let g = 0.4 * p.restingActivation
        let expected = (p.leakConductance * p.leakReversal + g * p.inhibitoryReversal) / (p.leakConductance + g)
        #expect(abs(simulation.thresholds[1] - expected) < 1e-12)
        #expect(abs(simulation.thresholds[0] - p.leakReversal) < 1e-12)
    }

    @Test("the resting Jacobian of one neuron has eigenvalues −G/C and −(a_r/2 + a_d)")
    func eigenvaluesOfOneNeuron() throws {
        let p = GradedParameters()
        let simulation = try GradedSimulation(network: ExplicitNetwork(neurons: [Self.neuron("A", p)]), configuration: SimulationConfiguration(duration: 1))
        let values = try eigenvalues(ofRowMajor: simulation.restingJacobian(), size: 2).map(\.real).sorted()
        let expected = [-p.leakConductance / p.capacitance, -(p.riseRate / 2 + p.decayRate)].sorted()
        for (a, b) in zip(values, expected) { #expect(abs(a - b) < 1e-12 * abs(b), "\(a) vs \(b)") }
    }

    @Test("a random network gives identical traces at 1, 2 and 3 threads")
    func threadIndependence() throws {
        var random = SeededGenerator(seed: 7)
        var network = ExplicitNetwork(neurons: (0..<200).map { Self.neuron("n\($0)") })
        for source in 0..<200 {
            for _ in 0..<8 {
                network.connect(source, Int(random.uniform() * 200), weight: (random.uniform() - 0.3) * 0.5, delay: 0)
            }
        }
        for _ in 0..<150 {
            network.couplings.append(GapJunction(a: Int(random.uniform() * 200), b: Int(random.uniform() * 200), conductance: random.uniform()))
        }
        let step = Stimulus(name: "s", kind: .current(amplitude: 15, start: 50.05, stop: 250), targets: [0, 1, 2, 3])
        var results: [[[Double]]] = []
        for threads in [1, 2, 3] {
            let samples = Samples()
            _ = try GradedSimulation(network: network, stimuli: [step],
                                     configuration: SimulationConfiguration(duration: 400, threads: threads)).run(traces: samples)
            results.append(samples.voltage + samples.activity)
        }
        #expect(results[0] == results[1])
        #expect(results[0] == results[2])
    }

    @Test("bad input: steps above 1 ms, spike inputs, mixed models, bad parameters")
    func badInput() throws {
        let network = ExplicitNetwork(neurons: [Self.neuron("A")])
        #expect(throws: SpikingEngineError.self) {
            try GradedSimulation(network: network, configuration: SimulationConfiguration(duration: 10, resolution: 2))
        }
        #expect(throws: SpikingEngineError.self) {
            try GradedSimulation(network: network, configuration: SimulationConfiguration(duration: 10, resolution: 0.3), recordInterval: 1)
        }
        let poisson = Stimulus(name: "noise", kind: .poisson(rateHz: 10, weight: 1, start: 0, stop: 5), targets: [0])
        #expect(throws: SpikingEngineError.self) {
            try GradedSimulation(network: network, stimuli: [poisson], configuration: SimulationConfiguration(duration: 10))
        }
        let mixed = ExplicitNetwork(neurons: [Self.neuron("A"), NeuronDescription(name: "B", population: "q", parameters: LIFParameters(), initialPotential: -70)])
        #expect(throws: SpikingEngineError.self) { try mixed.modelFamily() }
        #expect(throws: SpikingEngineError.self) { try Simulation(network: network, configuration: SimulationConfiguration(duration: 10)) }
        var bad = GradedParameters()
        bad.leakConductance = 0
        #expect(throws: SpikingEngineError.self) {
            try GradedSimulation(network: ExplicitNetwork(neurons: [Self.neuron("A", bad)]), configuration: SimulationConfiguration(duration: 10))
        }
    }
}
