import Foundation
import NetworkModels
import SpikingEngine

/// Parameters of the graded worm (worm-model.md; docs/celegans.md gives each source). Any of
/// them can be overridden with `--model-params FILE`, a JSON object with these keys.
public struct GradedWormParameters: Codable, Sendable, Equatable {
    public var capacitance = 1.5             // C [pF], Kim et al. 2019 / modWorm
    public var leakConductance = 0.01        // G_c [nS] = 10 pS, Kunert et al. 2014 (phenomenological)
    public var leakReversal = -35.0          // E_c [mV], Wicks et al. 1996
    public var synapseConductance = 0.1      // g_syn per contact [nS] = 100 pS, Kunert 2014
    public var gapConductance = 0.1          // g_gap per contact [nS] = 100 pS, Kunert 2014
    public var excitatoryReversal = 0.0      // E_exc [mV], Kunert 2014
    public var inhibitoryReversal = -48.0    // E_inh [mV], Kunert 2014 (Wicks: −45)
    public var riseRate = 1 / 1.5            // a_r [1/s], Kim et al. 2019
    public var decayRate = 5 / 1.5           // a_d [1/s], Kim et al. 2019
    public var slope = 0.125                 // β [1/mV], Wicks 1996
    /// Stored weight per synaptic contact; nil: the dataset's factor (``ContactCounts``).
    public var chemicalWeightPerContact: Double? = nil
    public var electricalWeightPerContact: Double? = nil

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case capacitance = "C_pF", leakConductance = "G_c_nS", leakReversal = "E_c_mV"
        case synapseConductance = "g_syn_nS", gapConductance = "g_gap_nS"
        case excitatoryReversal = "E_exc_mV", inhibitoryReversal = "E_inh_mV"
        case riseRate = "a_r_per_s", decayRate = "a_d_per_s", slope = "beta_per_mV"
        case chemicalWeightPerContact = "chemical_weight_per_contact", electricalWeightPerContact = "electrical_weight_per_contact"
    }

    /// The neuron parameters of the engine's graded model.
    public func neuron(threshold: GradedThreshold) -> GradedParameters {
        var p = GradedParameters()
        p.capacitance = capacitance
        p.leakConductance = leakConductance
        p.leakReversal = leakReversal
        p.excitatoryReversal = excitatoryReversal
        p.inhibitoryReversal = inhibitoryReversal
        p.riseRate = riseRate / 1000
        p.decayRate = decayRate / 1000
        p.slope = slope
        p.threshold = threshold
        return p
    }

    /// Defaults overridden by the keys present in `file`; unknown keys and values that are not
    /// finite numbers are errors naming the key.
    public static func read(overridesFrom file: String) throws -> GradedWormParameters {
        let object = try ParameterFile.read(file, known: CodingKeys.allCases.map(\.rawValue), what: "graded worm parameters")
        var result = GradedWormParameters()
        for key in CodingKeys.allCases {
            guard let raw = object[key.rawValue] else { continue }
            guard let number = (raw as? NSNumber)?.doubleValue, !JSONFields.isBoolean(raw), number.isFinite else {
                throw CElegansError.input(file: file, reason: "\"\(key.rawValue)\" must be a finite number, got \(raw)")
            }
            switch key {
            case .capacitance: result.capacitance = number
            case .leakConductance: result.leakConductance = number
            case .leakReversal: result.leakReversal = number
            case .synapseConductance: result.synapseConductance = number
            case .gapConductance: result.gapConductance = number
            case .excitatoryReversal: result.excitatoryReversal = number
            case .inhibitoryReversal: result.inhibitoryReversal = number
            case .riseRate: result.riseRate = number
            case .decayRate: result.decayRate = number
            case .slope: result.slope = number
            case .chemicalWeightPerContact: result.chemicalWeightPerContact = number
            case .electricalWeightPerContact: result.electricalWeightPerContact = number
            }
        }
        let checks: [(String, Double?, Bool, String)] = [
            ("g_syn_nS", result.synapseConductance, result.synapseConductance >= 0, "≥ 0 nS"),
            ("g_gap_nS", result.gapConductance, result.gapConductance >= 0, "≥ 0 nS"),
            ("chemical_weight_per_contact", result.chemicalWeightPerContact, (result.chemicalWeightPerContact ?? 1) > 0, "> 0"),
            ("electrical_weight_per_contact", result.electricalWeightPerContact, (result.electricalWeightPerContact ?? 1) > 0, "> 0"),
        ]
        for (name, value, ok, rule) in checks where !ok {
            throw CElegansError.input(file: file, reason: "\"\(name)\" must be \(rule), got \(value.map { "\($0)" } ?? "nothing")")
        }
        try result.neuron(threshold: .restingEquilibrium).validate(item: file)
        return result
    }
}

/// How many stored weight units make one synaptic contact, per dataset (worm-model.md):
/// Cook et al. 2019 weights are EM-section counts, Varshney, White and Witvliet weights are
/// synapse (contact) counts.
public struct ContactCounts: Sendable, Equatable, Codable {
    public var chemicalWeightPerContact: Double
    public var electricalWeightPerContact: Double
    /// Where the factors come from, for the summary.
    public var source: String

    /// The factors of a shipped connectome: Cook et al. 2019 divided by the ratio of summed
    /// weights over the connections it shares with Varshney et al. 2011 (connectomes/README.md:
    /// chemical 2.60, electrical 3.37; the male is taken to share the hermaphrodite's EM
    /// protocol); every other dataset counts contacts directly (factor 1).
    public static func forDataset(_ connectome: String) -> ContactCounts {
        if connectome.hasPrefix("cook2019") {
            return ContactCounts(chemicalWeightPerContact: 2.60, electricalWeightPerContact: 3.37,
                                 source: "Cook et al. 2019 EM sections per Varshney et al. 2011 contact (connectomes/README.md)")
        }
        let known = connectome.hasPrefix("varshney2011") || connectome.hasPrefix("white1986") || connectome.hasPrefix("witvliet2021")
        return ContactCounts(chemicalWeightPerContact: 1, electricalWeightPerContact: 1,
                             source: known ? "stored weights are contact counts" : "unknown dataset: stored weights taken as contact counts (override with chemical_weight_per_contact, "
                                 + "electrical_weight_per_contact)")
    }
}
