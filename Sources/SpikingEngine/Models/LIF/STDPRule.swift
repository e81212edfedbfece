import Foundation

/// Pair-based spike-timing-dependent plasticity with exponential traces, in the normalised
/// form of Gütig et al. (2003) used by NEST's `stdp_synapse`:
///
///     potentiation at a postsynaptic spike:   w ← w + λ·w_max·(1 − w/w_max)^μ₊ · x_pre
///     depression at a presynaptic arrival:    w ← w − α·λ·w_max·(w/w_max)^μ₋ · x_post
///
/// clipped to [0, w_max]. μ = 0 gives additive (Song, Miller & Abbott 2000), μ = 1
/// multiplicative (van Rossum et al. 2000) weight dependence. x_pre decays with τ₊ and x_post
/// with τ₋; with all-to-all pairing each spike adds 1 to its trace, with nearest-spike pairing
/// it resets the trace to 1.
///
/// **Delay semantics.** The whole synaptic delay is axonal: the rule sees a presynaptic spike
/// when it *arrives* at the synapse (spike time + delay) and a postsynaptic spike at the soma,
/// so Δt = t_post − (t_pre + delay). At an arrival the weight is depressed first and the input
/// is then transmitted with the new weight (as NEST's `stdp_synapse` sends the updated weight).
/// An arrival and a postsynaptic spike at the same time count as pre-before-post (the spike
/// is processed after the arrival, and potentiates).
public struct STDPRule: Sendable, Hashable {
    public enum Pairing: String, Sendable, Hashable { case allToAll = "all_to_all", nearest }

    public var tauPlus: Double = 20     // [ms]
    public var tauMinus: Double = 20    // [ms]
    public var lambda: Double = 0.01
    public var alpha: Double = 1
    public var muPlus: Double = 0
    public var muMinus: Double = 0
    public var wMax: Double = 100       // same unit as the weight
    public var pairing: Pairing = .allToAll

    public init(tauPlus: Double = 20, tauMinus: Double = 20, lambda: Double = 0.01, alpha: Double = 1,
                muPlus: Double = 0, muMinus: Double = 0, wMax: Double = 100, pairing: Pairing = .allToAll) {
        self.tauPlus = tauPlus
        self.tauMinus = tauMinus
        self.lambda = lambda
        self.alpha = alpha
        self.muPlus = muPlus
        self.muMinus = muMinus
        self.wMax = wMax
        self.pairing = pairing
    }

    /// Rejects unusable parameters, naming `item` (the projection).
    public func validate(item: String) throws {
        func require(_ ok: Bool, _ name: String, _ value: Double, _ rule: String) throws {
            guard ok else { throw SpikingEngineError.invalidParameter(item: item, parameter: name, value: value, requirement: rule) }
        }
        try require(tauPlus > 0 && tauPlus.isFinite, "tau_plus", tauPlus, "must be > 0 ms")
        try require(tauMinus > 0 && tauMinus.isFinite, "tau_minus", tauMinus, "must be > 0 ms")
        try require(wMax > 0 && wMax.isFinite, "w_max", wMax, "must be > 0")
        try require(lambda >= 0 && lambda.isFinite, "lambda", lambda, "must be ≥ 0")
        try require(alpha >= 0 && alpha.isFinite, "alpha", alpha, "must be ≥ 0")
        try require(muPlus >= 0 && muPlus.isFinite, "mu_plus", muPlus, "must be ≥ 0")
        try require(muMinus >= 0 && muMinus.isFinite, "mu_minus", muMinus, "must be ≥ 0")
    }

    /// The weight after potentiation by a presynaptic trace value.
    @inline(__always)
    func potentiate(_ w: Double, preTrace: Double) -> Double {
        let normalised = w / wMax
        let next = normalised + lambda * pow(1 - normalised, muPlus) * preTrace
        return min(1, next) * wMax
    }

    /// The weight after depression by a postsynaptic trace value.
    @inline(__always)
    func depress(_ w: Double, postTrace: Double) -> Double {
        let normalised = w / wMax
        let next = normalised - alpha * lambda * pow(normalised, muMinus) * postTrace
        return max(0, next) * wMax
    }

    /// The trace after a spike, given its value just before.
    @inline(__always)
    func bump(_ trace: Double) -> Double { pairing == .allToAll ? trace + 1 : 1 }
}
