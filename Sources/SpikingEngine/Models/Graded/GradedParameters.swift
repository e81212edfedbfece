/// Parameters of a graded-potential neuron and of the graded synapses it drives
/// (Wicks, Roehrig & Rankin 1996; Kunert, Shlizerman & Kutz 2014; Kim et al. 2019):
///
///     C dV_i/dt = −G_c (V_i − E_c) − Σ_j g_ij^gap (V_i − V_j) − Σ_j g_ij^syn s_j (V_i − E_ij) + I_i(t)
///     ds_i/dt   = a_r φ_i (1 − s_i) − a_d s_i,     φ_i = 1 / (1 + exp(−β (V_i − V_th,i)))
///
/// A neuron's own `riseRate`, `decayRate` and `slope` shape the activation s_i of the
/// synapses it makes; `excitatoryReversal` and `inhibitoryReversal` are the E_ij of synapses
/// it receives (a positive synaptic weight is excitatory, a negative one inhibitory).
/// Conductances of synapses and gap junctions belong to the connections, not the neuron.
/// Defaults are worm-model.md's (docs/celegans.md gives each source).
public struct GradedParameters: Sendable, Hashable {
    public var capacitance: Double = 1.5            // C [pF]
    public var leakConductance: Double = 0.01       // G_c [nS] (10 pS)
    public var leakReversal: Double = -35           // E_c [mV]
    public var excitatoryReversal: Double = 0       // E_exc [mV]
    public var inhibitoryReversal: Double = -48     // E_inh [mV]
    public var riseRate: Double = 1 / 1.5 / 1000    // a_r [1/ms] (1/1.5 s⁻¹)
    public var decayRate: Double = 5 / 1.5 / 1000   // a_d [1/ms] (5/1.5 s⁻¹)
    public var slope: Double = 0.125                // β [1/mV]
    public var threshold: GradedThreshold = .restingEquilibrium

    public init() {}

    /// The synaptic activation at rest, where φ = 1/2: a_r / (a_r + 2 a_d).
    public var restingActivation: Double { riseRate / (riseRate + 2 * decayRate) }

    /// Rejects parameters the dynamics cannot use, naming `item` (e.g. the population).
    public func validate(item: String) throws {
        func require(_ ok: Bool, _ name: String, _ value: Double, _ rule: String) throws {
            guard ok else { throw SpikingEngineError.invalidParameter(item: item, parameter: name, value: value, requirement: rule) }
        }
        try require(capacitance > 0 && capacitance.isFinite, "C_m", capacitance, "the capacitance must be > 0 pF")
        try require(leakConductance > 0 && leakConductance.isFinite, "G_c", leakConductance,
                    "the leak conductance must be > 0 nS (it sets the resting potential)")
        try require(leakReversal.isFinite, "E_c", leakReversal, "must be a finite potential")
        try require(excitatoryReversal.isFinite, "E_exc", excitatoryReversal, "must be a finite potential")
        try require(inhibitoryReversal.isFinite, "E_inh", inhibitoryReversal, "must be a finite potential")
        try require(riseRate > 0 && riseRate.isFinite, "a_r", riseRate * 1000, "the synaptic rise rate must be > 0 s⁻¹")
        try require(decayRate > 0 && decayRate.isFinite, "a_d", decayRate * 1000, "the synaptic decay rate must be > 0 s⁻¹")
        try require(slope > 0 && slope.isFinite, "beta", slope, "the sigmoid slope must be > 0 mV⁻¹")
    }
}

/// Where a graded neuron's sigmoid is centred (V_th).
public enum GradedThreshold: String, Sendable, Hashable, CaseIterable {
    /// Wicks et al. 1996: V_th,i is the network's resting equilibrium with every synaptic
    /// activation at its resting value and no input, so every cell rests at the midpoint of
    /// its sigmoid (the default).
    case restingEquilibrium = "wicks"
    /// Kunert et al. 2014: the same linear solve with the stimulus currents included (each
    /// cell's largest simultaneous input), so responses arise only through instabilities of
    /// that equilibrium. The run still starts from the input-free Wicks rest, which is then not
    /// an equilibrium: activity drifts before the stimulus.
    case withInput = "kunert"
}
