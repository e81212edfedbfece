import Foundation

/// Gauss–Legendre quadrature on [0, 1], computed once by Newton's method on Legendre
/// polynomials (so no table of constants has to be trusted).
enum GaussLegendre {
    static let order = 8
    static let rule: (nodes: [Double], weights: [Double]) = make(order)

    static func make(_ n: Int) -> (nodes: [Double], weights: [Double]) {
        precondition(n >= 2)
        func legendre(_ x: Double) -> (value: Double, derivative: Double) {
            var p0 = 1.0, p1 = x
            for k in 2...n {
                let p2 = ((2 * Double(k) - 1) * x * p1 - Double(k - 1) * p0) / Double(k)
                p0 = p1; p1 = p2
            }
            return (p1, Double(n) * (x * p1 - p0) / (x * x - 1))
        }
        var nodes: [Double] = [], weights: [Double] = []
        for i in 1...n {
            var x = cos(Double.pi * (Double(i) - 0.25) / (Double(n) + 0.5))
            for _ in 0..<100 {
                let (p, dp) = legendre(x)
                let step = p / dp
                x -= step
                if abs(step) < 1e-16 { break }
            }
            let dp = legendre(x).derivative
            nodes.append((1 - x) / 2)
            weights.append(1 / ((1 - x * x) * dp * dp))
        }
        return (nodes, weights)
    }
}

extension LoweredLIF {
    /// Spike times of conductance neurons are located to this many ms.
    static let crossingResolution = 1e-10

    /// Advances a conductance-based neuron (``SynapseModel/conductance``) from `start` to `end`.
    ///
    /// Between inputs the membrane obeys the linear, time-varying equation
    ///
    ///     τ_m·dV/dt = (V₀∞ − V) + g_e(t)·(E_e − V) + g_i(t)·(E_i − V),   g_x(t) = g_x·e^(−t/τ_x)
    ///
    /// (conductances in units of the leak C/τ_m, V₀∞ = E_L + I/g_L). With the integrating
    /// factor e^K(t), K(t) = t/τ_m + Σ g_x·τ_x/τ_m·(1 − e^(−t/τ_x)), its solution is
    ///
    ///     V(t) − V₀∞ = (V(0) − V₀∞)·e^(−K(t)) + (1/τ_m)·∫₀ᵗ Σ g_x(s)·(E_x − V₀∞)·e^(K(s)−K(t)) ds.
    ///
    /// The integral has no elementary form (an incomplete gamma function for one conductance),
    /// but its integrand is smooth on the scale of the shortest time constant, so Gauss–Legendre
    /// quadrature over pieces of half that scale evaluates it to rounding error: the update is
    /// exact in the sense the closed forms of the current-based kernel are, not a grid method.
    /// Threshold crossings are found without a grid too (``firstCrossing``).
    func advanceConductance(_ state: inout LIFState, from start: Double, to end: Double, bias: Double,
                            spikes: inout [Double]) {
        var t = start
        let rest = restingPotential + (biasCurrent + bias) / leak
        while t < end {
            if holdOrFire(&state, at: &t, until: end, spikes: &spikes) { continue }
            let length = end - t
            let ge = state.currentE / leak, gi = state.currentI / leak
            if let crossing = firstCrossing(v: state.v, ge: ge, gi: gi, within: length, rest: rest) {
                decayCurrents(&state, by: crossing)
                let time = max(t + crossing, t.nextUp)
                emit(&state, at: time, spikes: &spikes)
                t = time
                continue
            }
            state.v = freeEvolution(v: state.v, ge: ge, gi: gi, over: length, rest: rest)
            decayCurrents(&state, by: length)
            t = end
        }
    }

    /// V after `length` ms without input, from V = `v` and conductances `ge`, `gi` (in units of
    /// the leak conductance), with V₀∞ = `rest`.
    func freeEvolution(v: Double, ge: Double, gi: Double, over length: Double, rest: Double) -> Double {
        if ge == 0 && gi == 0 { return rest + (v - rest) * exp(-length / tauM) }
        var v = v, ge = ge, gi = gi, remaining = length
        while remaining > 0 {
            // The integrand varies on the shortest of τ_e, τ_i and the effective membrane time
            // constant τ_m/(1 + g); over half of that, 8 nodes integrate it to rounding error.
            let piece = min(remaining, 0.5 * min(tauE, tauI, tauM / (1 + ge + gi)))
            v = evolvePiece(v: v, ge: ge, gi: gi, over: piece, rest: rest)
            ge *= exp(-piece / tauE)
            gi *= exp(-piece / tauI)
            remaining = piece < remaining ? remaining - piece : 0
        }
        return v
    }

    /// One quadrature piece of ``freeEvolution``.
    @inline(__always)
    private func evolvePiece(v: Double, ge: Double, gi: Double, over length: Double, rest: Double) -> Double {
        let rule = GaussLegendre.rule
        let kE = ge * tauE / tauM, kI = gi * tauI / tauM
        let endE = exp(-length / tauE), endI = gi > 0 ? exp(-length / tauI) : 1
        let drivingE = reversalE - rest, drivingI = reversalI - rest
        var integral = 0.0
        for k in 0..<GaussLegendre.order {
            let s = length * rule.nodes[k]
            let decayE = exp(-s / tauE)
            var exponent = (length - s) / tauM + kE * (decayE - endE)
            var drive = ge * decayE * drivingE
            if gi > 0 {
                let decayI = exp(-s / tauI)
                exponent += kI * (decayI - endI)
                drive += gi * decayI * drivingI
            }
            integral += rule.weights[k] * drive * exp(-exponent)
        }
        let total = length / tauM + kE * (1 - endE) + kI * (1 - endI)
        return rest + (v - rest) * exp(-total) + integral * length / tauM
    }

    /// The first time in (0, `length`] at which V reaches threshold, to within
    /// ``crossingResolution``, or nil.
    ///
    /// Bisection with a rigorous bound: while V stays at or above its starting value v,
    /// τ_m·dV/dt ≤ (V₀∞ − v) + g_e·(E_e − v)⁺ + g_i·(E_i − v)⁺ (conductances only decay), so an
    /// interval whose bound stays below threshold cannot hold a crossing and is discarded
    /// without integrating. Only intervals near threshold are split; an excursion above
    /// threshold shorter than the resolution can be missed.
    func firstCrossing(v: Double, ge: Double, gi: Double, within length: Double, rest: Double) -> Double? {
        let slope = max(0, (rest - v) + ge * max(0, reversalE - v) + gi * max(0, reversalI - v)) / tauM
        if v + slope * length < threshold { return nil }
        if length <= LoweredLIF.crossingResolution {
            return freeEvolution(v: v, ge: ge, gi: gi, over: length, rest: rest) >= threshold ? length : nil
        }
        let half = 0.5 * length
        if let left = firstCrossing(v: v, ge: ge, gi: gi, within: half, rest: rest) { return left }
        let vMid = freeEvolution(v: v, ge: ge, gi: gi, over: half, rest: rest)
        // Unreachable in exact arithmetic (the left half would have held the crossing).
        if vMid >= threshold { return half }
        let right = firstCrossing(v: vMid, ge: ge * exp(-half / tauE), gi: gi * exp(-half / tauI),
                                  within: length - half, rest: rest)
        return right.map { half + $0 }
    }
}
