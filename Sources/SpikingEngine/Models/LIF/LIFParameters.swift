/// How synaptic input enters a LIF neuron.
public enum SynapseModel: Sendable, Equatable {
    /// Each input makes the membrane potential jump by its weight [mV].
    case delta
    /// Each input adds its weight [pA] to an exponentially decaying current: positive weights
    /// to the excitatory current (time constant `tauExcitatory`), negative weights to the
    /// inhibitory one (`tauInhibitory`), as NEST's `iaf_psc_exp`.
    case exponential(tauExcitatory: Double /* [ms] */, tauInhibitory: Double /* [ms] */)
    /// Each input adds |weight| [nS] to an exponentially decaying conductance: positive
    /// weights to the excitatory one (reversal `reversalExcitatory`, time constant
    /// `tauExcitatory`), negative weights to the inhibitory one, as NEST's `iaf_cond_exp`:
    ///
    ///     I_syn = g_e(t)·(E_e − V) + g_i(t)·(E_i − V)
    case conductance(tauExcitatory: Double /* [ms] */, tauInhibitory: Double /* [ms] */,
                     reversalExcitatory: Double /* [mV] */, reversalInhibitory: Double /* [mV] */)

    /// (τ_e, τ_i) of exponential and conductance synapses; nil for delta synapses.
    var timeConstants: (Double, Double)? {
        switch self {
        case .delta: return nil
        case let .exponential(e, i), let .conductance(e, i, _, _): return (e, i)
        }
    }
}

/// Parameters of a leaky integrate-and-fire neuron:
///
///     C·dV/dt = −C·(V − E_L)/τ_m + I_syn(t) + I_e + I_stim(t) + I_gap(t)
///
/// When V reaches `threshold` the neuron spikes, V is set to `reset` and held there for
/// `refractoryPeriod`. During that time the membrane ignores input: delta-synapse jumps are
/// dropped, while exponential synaptic currents keep integrating their inputs and decaying,
/// and act on V once the period ends (the rule of NEST's iaf_psc_delta and iaf_psc_exp);
/// conductances likewise keep integrating (NEST's iaf_cond_exp).
public struct LIFParameters: Sendable, Equatable {
    public var tauMembrane: Double      // [ms]
    public var capacitance: Double      // [pF]
    public var restingPotential: Double // E_L [mV]
    public var threshold: Double        // [mV]
    public var reset: Double            // [mV]
    public var refractoryPeriod: Double // [ms]
    public var biasCurrent: Double      // I_e [pA]
    public var synapse: SynapseModel

    public init(tauMembrane: Double = 10, capacitance: Double = 250, restingPotential: Double = -70,
                threshold: Double = -55, reset: Double = -70, refractoryPeriod: Double = 2,
                biasCurrent: Double = 0, synapse: SynapseModel = .delta) {
        self.tauMembrane = tauMembrane
        self.capacitance = capacitance
        self.restingPotential = restingPotential
        self.threshold = threshold
        self.reset = reset
        self.refractoryPeriod = refractoryPeriod
        self.biasCurrent = biasCurrent
        self.synapse = synapse
    }

    /// Rejects parameters the dynamics cannot use, naming `item` (e.g. the population).
    public func validate(item: String) throws {
        func require(_ ok: Bool, _ name: String, _ value: Double, _ rule: String) throws {
            guard ok else { throw SpikingEngineError.invalidParameter(item: item, parameter: name, value: value, requirement: rule) }
        }
        try require(tauMembrane > 0 && tauMembrane.isFinite, "tau_m", tauMembrane, "the membrane time constant must be > 0 ms")
        try require(capacitance > 0 && capacitance.isFinite, "C_m", capacitance, "the capacitance must be > 0 pF")
        try require(refractoryPeriod >= 0 && refractoryPeriod.isFinite, "t_ref", refractoryPeriod, "the refractory period must be ≥ 0 ms")
        try require(restingPotential.isFinite, "E_L", restingPotential, "must be a finite potential")
        try require(threshold.isFinite, "V_th", threshold, "must be a finite potential")
        try require(biasCurrent.isFinite, "I_e", biasCurrent, "must be a finite current")
        try require(reset < threshold, "V_reset", reset, "the reset potential must lie below the threshold (V_th = \(threshold) mV)")
        if let (tauE, tauI) = synapse.timeConstants {
            try require(tauE > 0 && tauE.isFinite, "tau_syn_ex", tauE, "synaptic time constants must be > 0 ms")
            try require(tauI > 0 && tauI.isFinite, "tau_syn_in", tauI, "synaptic time constants must be > 0 ms")
        }
        if case let .exponential(tauE, tauI) = synapse {
            // The closed form has a removable singularity at τ_syn = τ_m; this engine does not
            // implement the limiting t·exp(−t/τ) form, so it asks for distinct values.
            try require(abs(tauE - tauMembrane) > 1e-6 * tauMembrane, "tau_syn_ex", tauE, "must differ from tau_m (\(tauMembrane) ms)")
            try require(abs(tauI - tauMembrane) > 1e-6 * tauMembrane, "tau_syn_in", tauI, "must differ from tau_m (\(tauMembrane) ms)")
        }
        if case let .conductance(_, _, reversalE, reversalI) = synapse {
            try require(reversalE.isFinite, "E_ex", reversalE, "must be a finite potential")
            try require(reversalI.isFinite, "E_in", reversalI, "must be a finite potential")
            // An excitatory reversal at or below threshold could never make the neuron fire.
            try require(reversalE > threshold, "E_ex", reversalE, "the excitatory reversal potential must lie above the threshold (V_th = \(threshold) mV)")
            try require(reversalI < threshold, "E_in", reversalI, "the inhibitory reversal potential must lie below the threshold (V_th = \(threshold) mV)")
        }
    }
}
