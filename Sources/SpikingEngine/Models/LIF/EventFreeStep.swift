import Foundation

/// One LIF model's constants for advancing a neuron through a whole step without events.
///
/// Most neurons of a network receive nothing in most steps (CUBA: ~5 % of neuron-steps have
/// an input), and for them the exact update is a fixed linear map whose three exponentials
/// depend only on the step length and the model. They are computed once per step and model
/// here instead of once per neuron. Every expression below is the one ``LoweredLIF/advance``
/// evaluates for a step without events, in the same order, so both give the same bits.
struct EventFreeStep {
    /// A model with current-based or delta synapses (neurons with conductance synapses are
    /// never batched: ``Workers/eventFreeEligible``).
    let model: LoweredLIF
    let decayM: Double, decayE: Double, decayI: Double

    /// `s` is the step length exactly as the per-neuron path computes it (t1 − t0).
    init(_ model: LoweredLIF, stepLength s: Double) {
        self.model = model
        decayM = exp(-s / model.tauM)
        decayE = model.exponential ? exp(-s / model.tauE) : 0
        decayI = model.exponential ? exp(-s / model.tauI) : 0
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
            let model = c.model
            var state = states[n]
            if state.refractoryUntil > t0 {
                // Held at reset for the whole step; synaptic currents only decay.
                guard state.refractoryUntil >= t1 else { slow.append(n); continue }
                if model.exponential {
                    state.currentE *= c.decayE
                    state.currentI *= c.decayI
                }
                state.v = model.reset
                states[n] = state
                continue
            }
            guard state.v < model.threshold else { slow.append(n); continue }
            let bias = stimulusCurrent[n] + (hasGaps ? gapCurrent[n] : 0)
            let vInf = model.restingPotential + (model.biasCurrent + bias) * model.tauM / model.capacitance
            let amplitudeE = model.exponential ? state.currentE * model.gainE : 0
            let amplitudeI = model.exponential ? state.currentI * model.gainI : 0
            let membrane = state.v - vInf - amplitudeE - amplitudeI
            let bound = vInf - model.threshold + max(membrane, membrane * c.decayM)
                + max(amplitudeE, amplitudeE * c.decayE) + max(amplitudeI, amplitudeI * c.decayI)
            guard bound < 0 else { slow.append(n); continue }
            state.v = vInf + membrane * c.decayM + amplitudeE * c.decayE + amplitudeI * c.decayI
            state.currentE *= c.decayE
            state.currentI *= c.decayI
            states[n] = state
        }
    }
}
