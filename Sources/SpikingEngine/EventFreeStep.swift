import Foundation

/// One LIF model's constants for advancing a neuron through a whole step without events.
///
/// Most neurons of a network receive nothing in most steps (CUBA: ~5 % of neuron-steps have
/// an input), and for them the exact update is a fixed linear map whose three exponentials
/// depend only on the step length and the model. They are computed once per step and model
/// here instead of once per neuron. Every expression below is the one ``LoweredLIF/advance``
/// evaluates for a step without events, in the same order, so both give the same bits.
struct EventFreeStep {
    let eligible: Bool            // current-based or delta synapses (not conductance)
    let exponential: Bool
    let decayM: Double, decayE: Double, decayI: Double
    let gainE: Double, gainI: Double
    let threshold: Double, reset: Double
    let restingPotential: Double, biasCurrent: Double, tauM: Double, capacitance: Double

    /// `s` is the step length exactly as the per-neuron path computes it (t1 − t0).
    init(_ model: LoweredLIF, stepLength s: Double) {
        eligible = !model.conductance
        exponential = model.exponential
        decayM = exp(-s / model.tauM)
        decayE = model.exponential ? exp(-s / model.tauE) : 0
        decayI = model.exponential ? exp(-s / model.tauI) : 0
        gainE = model.gainE
        gainI = model.gainI
        threshold = model.threshold
        reset = model.reset
        restingPotential = model.restingPotential
        biasCurrent = model.biasCurrent
        tauM = model.tauM
        capacitance = model.capacitance
    }
}

extension Workers {
    /// Advances the neurons of `range` that have no input in [t0, t1) through the whole step
    /// when that is the plain linear map: not refractory at t0 (or refractory past t1), below
    /// threshold, and provably not reaching it within the step. Every other neuron of `range`
    /// is left untouched and appended to `slow` for the per-neuron path. Callers pass only
    /// neurons without bucket inputs in this step.
    @inline(__always)
    func advanceEventFree(_ range: Range<Int>, t0: Double, t1: Double,
                          constants: UnsafeMutableBufferPointer<EventFreeStep>, slow: inout [Int]) {
        for n in range {
            let kind = eventFreeEligible[n]
            if kind == Workers.spikeSource {
                // A Poisson source has nothing to do until its next spike.
                if sources[n].next < t1 { slow.append(n) }
                continue
            }
            guard kind == Workers.batchedLIF, nextCurrentChange[n] >= t1 else { slow.append(n); continue }
            let c = constants[Int(modelOfNeuron[n])]
            var state = states[n]
            if state.refractoryUntil > t0 {
                // Held at reset for the whole step; synaptic currents only decay.
                guard state.refractoryUntil >= t1, c.eligible else { slow.append(n); continue }
                if c.exponential {
                    state.currentE *= c.decayE
                    state.currentI *= c.decayI
                }
                state.v = c.reset
                states[n] = state
                continue
            }
            guard c.eligible, state.v < c.threshold else { slow.append(n); continue }
            let bias = stimulusCurrent[n] + (hasGaps ? gapCurrent[n] : 0)
            let vInf = c.restingPotential + (c.biasCurrent + bias) * c.tauM / c.capacitance
            let amplitudeE = c.exponential ? state.currentE * c.gainE : 0
            let amplitudeI = c.exponential ? state.currentI * c.gainI : 0
            let membrane = state.v - vInf - amplitudeE - amplitudeI
            let bound = vInf - c.threshold + max(membrane, membrane * c.decayM)
                + max(amplitudeE, amplitudeE * c.decayE) + max(amplitudeI, amplitudeI * c.decayI)
            guard bound < 0 else { slow.append(n); continue }
            state.v = vInf + membrane * c.decayM + amplitudeE * c.decayE + amplitudeI * c.decayI
            state.currentE *= c.decayE
            state.currentI *= c.decayI
            states[n] = state
        }
    }
}
