import Foundation

/// A LIF neuron's parameters lowered to the constants the update needs (all [ms], [mV], [pA]).
struct LoweredLIF: Sendable {
    let tauM: Double, capacitance: Double, restingPotential: Double
    let threshold: Double, reset: Double, refractoryPeriod: Double, biasCurrent: Double
    /// Current-based exponential synapses (`currentE/I` are currents [pA]).
    let exponential: Bool
    /// Conductance-based synapses (`currentE/I` are conductances [nS], both ≥ 0).
    let conductance: Bool
    let tauE: Double, tauI: Double
    /// Reversal potentials [mV] and leak conductance C/τ_m [nS] of conductance synapses.
    let reversalE: Double, reversalI: Double, leak: Double
    /// V contributed per pA of excitatory / inhibitory synaptic current (the particular
    /// solution's amplitude: τ_m·τ_s / (C·(τ_s − τ_m))).
    let gainE: Double, gainI: Double

    init(_ p: LIFParameters) {
        tauM = p.tauMembrane
        capacitance = p.capacitance
        restingPotential = p.restingPotential
        threshold = p.threshold
        reset = p.reset
        refractoryPeriod = p.refractoryPeriod
        biasCurrent = p.biasCurrent
        leak = p.capacitance / p.tauMembrane
        switch p.synapse {
        case .delta:
            exponential = false; conductance = false
            tauE = 1; tauI = 1; gainE = 0; gainI = 0; reversalE = 0; reversalI = 0
        case let .conductance(e, i, reversalE, reversalI):
            exponential = false; conductance = true
            tauE = e; tauI = i; gainE = 0; gainI = 0
            self.reversalE = reversalE; self.reversalI = reversalI
        case let .exponential(e, i):
            exponential = true; conductance = false
            tauE = e; tauI = i; reversalE = 0; reversalI = 0
            gainE = p.tauMembrane * e / (p.capacitance * (e - p.tauMembrane))
            gainI = p.tauMembrane * i / (p.capacitance * (i - p.tauMembrane))
        }
    }
}

/// The state of one LIF neuron at a time the engine has advanced it to.
struct LIFState: Sendable, Equatable {
    var v: Double                // membrane potential [mV]
    var currentE: Double = 0     // excitatory synaptic current [pA] (conductance [nS])
    var currentI: Double = 0     // inhibitory synaptic current [pA] (conductance [nS])
    var refractoryUntil: Double = -.infinity  // [ms]
}

extension LoweredLIF {
    /// Advances `state` from `t` to `end` with a constant external current `bias` [pA], in
    /// closed form, appending every threshold crossing (found as the first root of the exact
    /// solution, not on a grid) to `spikes`. (A buffer, not a callback: a closure that the
    /// optimiser cannot inline would capture the caller's state at every call.)
    ///
    /// While refractory, V stays at `reset` and synaptic currents only decay. Free evolution
    /// over s ms from (V₀, I_e, I_i) is
    ///
    ///     V(s) = V∞ + (V₀ − V∞ − A_e − A_i)·e^(−s/τm) + A_e·e^(−s/τe) + A_i·e^(−s/τi),
    ///     V∞ = E_L + (I_bias)·τm/C,   A_x = I_x·τm·τx / (C·(τx − τm)).
    @inline(__always)
    func advance(_ state: inout LIFState, from start: Double, to end: Double, bias: Double,
                 spikes: inout [Double]) {
        if conductance {
            advanceConductance(&state, from: start, to: end, bias: bias, spikes: &spikes)
            return
        }
        var t = start
        while t < end {
            if holdOrFire(&state, at: &t, until: end, spikes: &spikes) { continue }
            let s = end - t
            let vInf = restingPotential + (biasCurrent + bias) * tauM / capacitance
            let amplitudeE = exponential ? state.currentE * gainE : 0
            let amplitudeI = exponential ? state.currentI * gainI : 0
            let membrane = state.v - vInf - amplitudeE - amplitudeI
            let decayM = exp(-s / tauM)
            let decayE = exponential ? exp(-s / tauE) : 0
            let decayI = exponential ? exp(-s / tauI) : 0
            // Each term is monotone in s, so its largest value on [0, s] is at an end; if even
            // the sum of those maxima stays below threshold, no crossing is possible.
            let bound = vInf - threshold + max(membrane, membrane * decayM)
                + max(amplitudeE, amplitudeE * decayE) + max(amplitudeI, amplitudeI * decayI)
            if bound >= 0 {
                let distance = ExponentialSum([(vInf - threshold, 0), (membrane, -1 / tauM),
                                               (amplitudeE, -1 / tauE), (amplitudeI, -1 / tauI)])
                if let crossing = distance.firstUpwardRoot(in: 0, s) {
                    decayCurrents(&state, by: crossing)
                    // The crossing may be the first double past `t` (crossing = 0 cannot happen: V < θ).
                    emit(&state, at: t + crossing, spikes: &spikes)
                    t += crossing
                    continue
                }
            }
            state.v = vInf + membrane * decayM + amplitudeE * decayE + amplitudeI * decayI
            state.currentE *= decayE
            state.currentI *= decayI
            t = end
        }
    }

    /// What happens at `t` before free evolution, for every synapse model: while refractory,
    /// V is held at reset and synaptic currents (conductances) only decay, up to the end of
    /// the period or `end`; a V already at threshold (an input jump or an initial condition at
    /// exactly this time) spikes. Returns whether it did either, so the caller looks again.
    @inline(__always)
    func holdOrFire(_ state: inout LIFState, at t: inout Double, until end: Double, spikes: inout [Double]) -> Bool {
        if state.refractoryUntil > t {
            let until = min(state.refractoryUntil, end)
            decayCurrents(&state, by: until - t)
            state.v = reset
            t = until
            return true
        }
        if state.v >= threshold {
            emit(&state, at: t, spikes: &spikes)
            return true
        }
        return false
    }

    @inline(__always)
    func decayCurrents(_ state: inout LIFState, by s: Double) {
        guard exponential || conductance, s > 0 else { return }
        state.currentE *= exp(-s / tauE)
        state.currentI *= exp(-s / tauI)
    }

    @inline(__always)
    func emit(_ state: inout LIFState, at time: Double, spikes: inout [Double]) {
        spikes.append(time)
        state.v = reset
        // A zero refractory period still holds V at reset for this instant, so one input
        // cannot make the neuron fire twice at the same time.
        state.refractoryUntil = refractoryPeriod > 0 ? time + refractoryPeriod : time.nextUp
    }

    /// Applies one synaptic input arriving at `time` (the neuron must already be advanced to it).
    @inline(__always)
    func receive(_ state: inout LIFState, weight: Double, at time: Double) {
        if exponential {
            if weight >= 0 { state.currentE += weight } else { state.currentI += weight }
        } else if conductance {
            if weight >= 0 { state.currentE += weight } else { state.currentI -= weight }
        } else if state.refractoryUntil <= time {
            // Delta inputs during refractoriness are dropped (NEST iaf_psc_delta, Arbor lif).
            state.v += weight
        }
    }
}
