import Foundation
import SpikingEngine
import Testing
import _TestSupport

/// STDP against an independent reference written here, in the style of NEST's
/// `test_stdp_synapse.py`: relay neurons fire exactly at prescribed times (a 100 mV input,
/// no refractoriness), plastic synapses connect presynaptic relays to one postsynaptic relay,
/// and the final weights are compared with the reference. The reference computes traces as
/// explicit sums over all earlier spikes (not lazily), so it shares no code with the engine.
@Suite("STDP against analytic windows and a reference implementation")
struct STDPReferenceTests {
    static let relay = LIFParameters(tauMembrane: 10, capacitance: 250, restingPotential: -70, threshold: -55, reset: -70, refractoryPeriod: 0)

    /// Runs `preTimes.count` presynaptic relays onto one postsynaptic relay; returns final weights.
    static func run(preTimes: [[Double]], postTimes: [Double], delays: [Double], initial: Double, rule: STDPRule,
                    threads: Int = 1) throws -> [Double] {
        let n = preTimes.count
        var network = ExplicitNetwork(neurons: (0...n).map {
            NeuronDescription(name: $0 == n ? "post" : "pre\($0)", population: "p", parameters: relay, initialPotential: -70)
        })
        for i in 0..<n { network.connect(i, n, weight: initial, delay: delays[i], plasticity: rule) }
        var stimuli = (0..<n).map { Stimulus(name: "drive \($0)", kind: .spikeTimes(times: preTimes[$0], weight: 100), targets: [$0]) }
        stimuli.append(Stimulus(name: "drive post", kind: .spikeTimes(times: postTimes, weight: 100), targets: [n]))
        let horizon = (preTimes.flatMap { $0 } + postTimes).max()! + delays.max()! + 5
        var configuration = SimulationConfiguration(duration: horizon, threads: threads)
        configuration.maxRateHz = nil
        let simulation = try Simulation(network: network, stimuli: stimuli, configuration: configuration)
        let raster = InMemoryRaster()
        _ = try simulation.run(spikes: raster)
        // The relays fire exactly at their inputs (the plastic inputs are far too weak to add spikes).
        #expect(raster.spikes(of: n) == postTimes, "postsynaptic spikes as prescribed")
        return simulation.finalWeights.map(\.weight)
    }

    /// The reference: events in time order, an arrival before a postsynaptic spike at equal times.
    static func reference(arrivals: [Double], post: [Double], initial: Double, rule: STDPRule) -> Double {
        func trace(at t: Double, spikes: [Double], tau: Double) -> Double {
            let earlier = spikes.filter { $0 < t }
            switch rule.pairing {
            case .allToAll: return earlier.reduce(0) { $0 + exp(-(t - $1) / tau) }
            case .nearest: return earlier.last.map { exp(-(t - $0) / tau) } ?? 0
            }
        }
        var events = arrivals.map { ($0, 0) } + post.map { ($0, 1) }
        events.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        var w = initial / rule.wMax
        for (time, kind) in events {
            if kind == 0 {
                // Postsynaptic spikes strictly before this arrival.
                w -= rule.alpha * rule.lambda * pow(w, rule.muMinus) * trace(at: time, spikes: post, tau: rule.tauMinus)
                w = max(0, w)
            } else {
                // Arrivals up to and including this time (a coincident arrival came first).
                let x = arrivals.filter { $0 <= time }.reduce(into: (0.0, -Double.infinity)) { acc, a in acc = (acc.0 + exp(-(time - a) / rule.tauPlus), a) }
                let pre = rule.pairing == .allToAll ? x.0 : (x.1.isFinite ? exp(-(time - x.1) / rule.tauPlus) : 0)
                w += rule.lambda * pow(1 - w, rule.muPlus) * pre
                w = min(1, w)
            }
        }
        return w * rule.wMax
    }

    @Test("the STDP window: Δw from isolated pairs equals λ·w_max·e^(−|Δt|/τ), with sign, to 1e-12")
    func window() throws {
        let rule = STDPRule(tauPlus: 16.8, tauMinus: 33.7, lambda: 0.05, alpha: 1.1, wMax: 1)
        let deltas: [Double] = [-60, -30, -10, -2.5, -0.1, 0, 0.1, 2.5, 10, 30, 60]
        let delay = 1.5, post = 100.0, initial = 0.5
        // Δt = t_post − (t_pre + delay).
        let preTimes = deltas.map { [post - $0 - delay] }
        let weights = try Self.run(preTimes: preTimes, postTimes: [post], delays: Array(repeating: delay, count: deltas.count),
                                   initial: initial, rule: rule)
        for (delta, w) in zip(deltas, weights) {
            let expected = delta >= 0 ? initial + rule.lambda * rule.wMax * exp(-delta / rule.tauPlus)
                                      : initial - rule.alpha * rule.lambda * rule.wMax * exp(delta / rule.tauMinus)
            #expect(abs(w - expected) < 1e-12, "Δt = \(delta): \(w) vs \(expected)")
        }
    }

    @Test("random trains and edge cases: weights equal the reference to 1e-12", arguments: [
        (STDPRule.Pairing.allToAll, 0.0), (.allToAll, 1.0), (.nearest, 0.0), (.nearest, 1.0),
    ])
    func reference(pairing: STDPRule.Pairing, mu: Double) throws {
        let rule = STDPRule(tauPlus: 20, tauMinus: 25, lambda: 0.02, alpha: 1.2, muPlus: mu, muMinus: mu, wMax: 2, pairing: pairing)
        var generator = SeededGenerator(seed: 2024)
        func train(_ rate: Double, _ length: Double) -> [Double] {
            var times: [Double] = [], t = 0.0
            while true {
                t += -log(1 - generator.uniform()) / rate * 1000
                if t >= length { return times }
                // Round to 1/64 ms so coincidences with other trains are exact in binary.
                times.append((t * 64).rounded() / 64)
            }
        }
        let post = Array(Set(train(20, 1000))).sorted()
        let delays = [1.0, 1.5, 2.25, 0.5, 3.0, 1.5, 1.0, 2.0]
        var preTimes = (0..<6).map { _ in Array(Set(train(15, 1000))).sorted() }
        // Edge cases: arrivals exactly at postsynaptic spikes, and just before and after them.
        preTimes.append(post.prefix(10).map { $0 - delays[6] })
        preTimes.append(post.prefix(10).flatMap { [$0 - delays[7] - 0.015625, $0 - delays[7] + 0.015625] }.filter { $0 >= 0 })
        let weights = try Self.run(preTimes: preTimes, postTimes: post, delays: delays, initial: 1, rule: rule)
        for i in 0..<preTimes.count {
            let expected = Self.reference(arrivals: preTimes[i].map { $0 + delays[i] }, post: post, initial: 1, rule: rule)
            #expect(abs(weights[i] - expected) < 1e-12, "synapse \(i) (\(pairing), μ = \(mu)): \(weights[i]) vs \(expected)")
            #expect(weights[i] >= 0 && weights[i] <= rule.wMax)
        }
    }

    @Test("weights stay in [0, w_max] under strong learning, and are identical at 1 and 2 threads")
    func boundsAndThreads() throws {
        let rule = STDPRule(lambda: 0.5, alpha: 1, wMax: 1)
        var generator = SeededGenerator(seed: 9)
        let pre = (0..<12).map { _ in (0..<40).map { _ in (generator.uniform() * 500 * 64).rounded() / 64 }.sorted() }.map { Array(Set($0)).sorted() }
        let post = Array(Set((0..<30).map { _ in (generator.uniform() * 500 * 64).rounded() / 64 })).sorted()
        let delays = Array(repeating: 1.0, count: 12)
        let one = try Self.run(preTimes: pre, postTimes: post, delays: delays, initial: 0.5, rule: rule, threads: 1)
        let two = try Self.run(preTimes: pre, postTimes: post, delays: delays, initial: 0.5, rule: rule, threads: 2)
        #expect(one == two)
        #expect(one.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(one.contains { $0 == 0 || $0 == 1 }, "strong learning reaches a bound")
    }

    @Test("invalid rules and out-of-range initial weights are rejected, naming the connection")
    func invalidRules() {
        for (rule, word) in [(STDPRule(wMax: 0), "w_max"), (STDPRule(tauPlus: -1), "tau_plus"), (STDPRule(tauMinus: 0), "tau_minus")] {
            var network = ExplicitNetwork(neurons: [NeuronDescription(name: "a", population: "p", parameters: Self.relay, initialPotential: -70),
                                                    NeuronDescription(name: "b", population: "p", parameters: Self.relay, initialPotential: -70)])
            network.connect(0, 1, weight: 0.5, delay: 1, plasticity: rule)
            #expect { _ = try Simulation(network: network, configuration: SimulationConfiguration(duration: 10)) } throws: { error in
                "\(error)".contains(word) && "\(error)".contains("a → b")
            }
        }
        var network = ExplicitNetwork(neurons: [NeuronDescription(name: "a", population: "p", parameters: Self.relay, initialPotential: -70),
                                                NeuronDescription(name: "b", population: "p", parameters: Self.relay, initialPotential: -70)])
        network.connect(0, 1, weight: 5, delay: 1, plasticity: STDPRule(wMax: 1))
        #expect { _ = try Simulation(network: network, configuration: SimulationConfiguration(duration: 10)) } throws: { error in
            "\(error)".contains("[0, w_max")
        }
    }
}

extension STDPReferenceTests {
    @Test("weight snapshots come at every multiple of the interval, the last equal to the final weights, and do not change the run")
    func snapshots() throws {
        let rule = STDPRule(lambda: 0.05, wMax: 1)
        var generator = SeededGenerator(seed: 4)
        let pre = (0..<5).map { _ in Array(Set((0..<20).map { _ in (generator.uniform() * 300 * 64).rounded() / 64 })).sorted() }
        let post = Array(Set((0..<15).map { _ in (generator.uniform() * 300 * 64).rounded() / 64 })).sorted()
        var network = ExplicitNetwork(neurons: (0...5).map {
            NeuronDescription(name: "n\($0)", population: "p", parameters: Self.relay, initialPotential: -70)
        })
        for i in 0..<5 { network.connect(i, 5, weight: 0.5, delay: 1.5, plasticity: rule) }
        var stimuli = (0..<5).map { Stimulus(name: "s\($0)", kind: .spikeTimes(times: pre[$0], weight: 100), targets: [$0]) }
        stimuli.append(Stimulus(name: "post", kind: .spikeTimes(times: post, weight: 100), targets: [5]))
        var configuration = SimulationConfiguration(duration: 320)
        configuration.maxRateHz = nil
        configuration.weightInterval = 40
        let simulation = try Simulation(network: network, stimuli: stimuli, configuration: configuration)
        let snapshots = InMemoryWeights()
        let raster = InMemoryRaster()
        _ = try simulation.run(spikes: raster, weights: snapshots)
        #expect(snapshots.times == stride(from: 40.0, through: 320, by: 40).map { $0 })
        #expect(snapshots.snapshots.last == simulation.finalWeights.map(\.weight))
        #expect(Set(snapshots.snapshots.map { $0 }).count > 1, "weights change during the run")
        configuration.weightInterval = nil
        let plain = try Simulation(network: network, stimuli: stimuli, configuration: configuration)
        let plainRaster = InMemoryRaster()
        _ = try plain.run(spikes: plainRaster)
        #expect(plainRaster.times == raster.times && plain.finalWeights == simulation.finalWeights)
    }
}
