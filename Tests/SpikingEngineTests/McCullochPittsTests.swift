import SpikingEngine
import Testing

@Suite("McCulloch–Pitts units")
struct McCullochPittsTests {
    typealias S = BinaryNetwork.Synapse

    /// Units 0, 1 are inputs; unit 2 computes the gate after one step.
    func gate(weights: (Double, Double), threshold: Double, _ x: Bool, _ y: Bool) throws -> Bool {
        var net = try BinaryNetwork(thresholds: [0, 0, threshold],
                                    synapses: [S(source: 0, target: 2, weight: weights.0), S(source: 1, target: 2, weight: weights.1)],
                                    clamped: [0: x, 1: y])
        net.step()
        return net.state[2]
    }

    @Test("AND, OR and NOT truth tables")
    func logicGates() throws {
        for x in [false, true] {
            for y in [false, true] {
                #expect(try gate(weights: (1, 1), threshold: 2, x, y) == (x && y), "AND \(x) \(y)")
                #expect(try gate(weights: (1, 1), threshold: 1, x, y) == (x || y), "OR \(x) \(y)")
            }
            var not = try BinaryNetwork(thresholds: [0, 0], synapses: [S(source: 0, target: 1, weight: -1)], clamped: [0: x])
            not.step()
            #expect(not.state[1] == !x, "NOT \(x)")
        }
    }

    @Test("a two-layer network computes XOR after two steps")
    func xor() throws {
        // h1 = x ∧ ¬y, h2 = y ∧ ¬x (layer 1), out = h1 ∨ h2 (layer 2).
        let synapses = [S(source: 0, target: 2, weight: 1), S(source: 1, target: 2, weight: -1),
                        S(source: 1, target: 3, weight: 1), S(source: 0, target: 3, weight: -1),
                        S(source: 2, target: 4, weight: 1), S(source: 3, target: 4, weight: 1)]
        for x in [false, true] {
            for y in [false, true] {
                var net = try BinaryNetwork(thresholds: [0, 0, 1, 1, 1], synapses: synapses, clamped: [0: x, 1: y])
                net.step()
                net.step()
                #expect(net.state[4] == (x != y), "XOR \(x) \(y)")
            }
        }
    }

    @Test("a ring of three inverters: period 2 from all-off, period 6 from one unit on")
    func inverterRing() throws {
        // y_i(t+1) = ¬y_{i−1}(t): two steps rotate the ring by two places, so from (1,0,0) the
        // state returns only after 6 steps (rotation³ = id, ¬³ = ¬); from (0,0,0) it alternates.
        let ring = [S(source: 2, target: 0, weight: -1), S(source: 0, target: 1, weight: -1), S(source: 1, target: 2, weight: -1)]
        var allOff = try BinaryNetwork(thresholds: [0, 0, 0], synapses: ring)
        #expect(allOff.findAttractor()! == (start: 0, length: 2))
        var oneOn = try BinaryNetwork(thresholds: [0, 0, 0], synapses: ring, initial: [true, false, false])
        #expect(oneOn.findAttractor()! == (start: 0, length: 6))
    }

    @Test("a self-exciting unit latches: fixed point reached after one step")
    func latch() throws {
        var net = try BinaryNetwork(thresholds: [0, 1], synapses: [S(source: 0, target: 1, weight: 1), S(source: 1, target: 1, weight: 1)],
                                    clamped: [0: true])
        net.step()
        net.clamp(0, to: false)
        let attractor = net.findAttractor()!
        #expect(attractor.length == 1 && net.state[1])
    }

    @Test("only units whose input changed are re-evaluated")
    func sparseEvaluation() throws {
        // A chain of 1000 relays: one change travels down it, one unit per step.
        let n = 1000
        let chain = (0..<(n - 1)).map { S(source: $0, target: $0 + 1, weight: 1) }
        var net = try BinaryNetwork(thresholds: [0] + Array(repeating: 1, count: n - 1), synapses: chain, clamped: [0: true])
        for _ in 0..<100 { net.step() }
        #expect(net.state[100] && !net.state[101])
        // First step evaluates everything once; then about one unit per step, not n.
        #expect(net.evaluations < n + 2 * 100, "\(net.evaluations) evaluations")
    }
}
