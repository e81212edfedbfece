import ConnectomeCore
import Foundation
import NetworkModels
import SpikingEngine

/// The default spiking model of the C. elegans connectome that `plexus simulate celegans`
/// runs (docs/celegans.md explains each choice). Every field can be overridden with
/// `--model-params FILE` (a JSON object with any of these keys).
public struct WormParameters: Codable, Sendable, Equatable {
    // Neurons: LIF with exponential synaptic currents.
    public var tauMembrane = 10.0        // [ms]
    /// 10 pF with τm = 10 ms gives a 1 GΩ input resistance, the order measured in C. elegans neurons.
    public var capacitance = 10.0        // [pF]
    public var restingPotential = -65.0  // [mV]
    public var threshold = -50.0         // [mV]
    public var reset = -65.0             // [mV]
    public var refractoryPeriod = 2.0    // [ms]
    public var tauExcitatory = 5.0       // [ms]
    public var tauInhibitory = 8.0       // [ms]
    // Connections.
    /// Mean current of one neuron→neuron chemical connection [pA]; each edge gets
    /// count / (mean count per connection in that dataset) × this, so datasets whose weights
    /// mean different things (EM sections, synapse counts) drive the network alike.
    public var chemicalWeight = 3.0      // [pA]
    /// Mean conductance of one gap-junction pair [nS], normalised the same way.
    public var gapConductance = 0.05     // [nS]
    public var delay = 1.0               // [ms]
    public var transmitterSigns = TransmitterSigns.defaults
    /// Signs for chemical synapses from neurons of these classes, overriding the transmitter
    /// (empty by default; docs/celegans.md uses it to test Chalfie et al.'s touch-circuit hypothesis).
    public var classSigns: [String: Double] = [:]
    // Background: independent Poisson input to every neuron, sparse and strong enough that
    // neurons fire irregularly at about 2 Hz (fluctuation-driven), so inputs modulate rates
    // gradedly instead of switching the network between silence and runaway excitation.
    public var backgroundRate = 100.0    // [Hz]
    public var backgroundWeight = 12.0   // [pA]
    // Stimulus.
    public var stimulusAmplitude = 40.0  // [pA]
    public var stimulusStart = 300.0     // [ms]
    public var stimulusStop = 600.0      // [ms]
    public var resolution = 0.1          // [ms]

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case tauMembrane = "tau_m", capacitance = "C_m", restingPotential = "E_L", threshold = "V_th", reset = "V_reset"
        case refractoryPeriod = "t_ref", tauExcitatory = "tau_syn_ex", tauInhibitory = "tau_syn_in"
        case chemicalWeight = "chemical_weight_pA", gapConductance = "gap_conductance_nS", delay = "delay_ms"
        case transmitterSigns = "transmitter_signs", classSigns = "class_signs", backgroundRate = "background_rate_hz", backgroundWeight = "background_weight_pA"
        case stimulusAmplitude = "stimulus_amplitude_pA", stimulusStart = "stimulus_start_ms", stimulusStop = "stimulus_stop_ms"
        case resolution = "resolution_ms"
    }

    /// Defaults overridden by the keys present in `file`; unknown keys are an error.
    public static func read(overridesFrom file: String) throws -> WormParameters {
        let object = try ParameterFile.read(file, known: CodingKeys.allCases.map(\.rawValue), what: "model parameters")
        var merged = try JSONSerialization.jsonObject(with: JSONEncoder().encode(WormParameters())) as! [String: Any]
        for (key, value) in object { merged[key] = value }
        do {
            return try JSONDecoder().decode(WormParameters.self, from: JSONSerialization.data(withJSONObject: merged))
        } catch {
            throw CElegansError.input(file: file, reason: "a parameter has the wrong type (\(error))")
        }
    }

    var lif: LIFParameters {
        LIFParameters(tauMembrane: tauMembrane, capacitance: capacitance, restingPotential: restingPotential, threshold: threshold,
                      reset: reset, refractoryPeriod: refractoryPeriod,
                      synapse: .exponential(tauExcitatory: tauExcitatory, tauInhibitory: tauInhibitory))
    }
}

/// A current injected into named neurons.
public struct NamedStimulus: Sendable, Equatable {
    public var name: String
    public var neurons: [String]
    public var amplitude: Double   // [pA]
    public var start: Double       // [ms]
    public var stop: Double        // [ms]

    public init(name: String, neurons: [String], amplitude: Double, start: Double, stop: Double) {
        self.name = name
        self.neurons = neurons
        self.amplitude = amplitude
        self.start = start
        self.stop = stop
    }

    /// The named protocols of `--stimulus`.
    public static let protocols: [String: [String]] = [
        "touch-anterior": ["ALML", "ALMR", "AVM"],
        "touch-posterior": ["PLML", "PLMR", "PVM"],
        "nociception": ["ASHL", "ASHR"],
        "none": [],
    ]

    /// Parses `NEURON[,NEURON...]:AMPLITUDE:START-STOP` (amplitude in pA, times in ms).
    public static func parse(_ text: String) throws -> NamedStimulus {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let usage = "expected NEURON[,NEURON...]:AMPLITUDE:START-STOP, e.g. AVAL,AVAR:20:100-400 (pA, ms)"
        guard parts.count == 3 else { throw CElegansError.input(file: "--stimulate \(text)", reason: usage) }
        let neurons = parts[0].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let window = parts[2].split(separator: "-").map(String.init)
        guard !neurons.isEmpty, let amplitude = Double(parts[1]), amplitude.isFinite, window.count == 2,
              let start = Double(window[0]), let stop = Double(window[1]), start >= 0, stop > start else {
            throw CElegansError.input(file: "--stimulate \(text)", reason: usage)
        }
        return NamedStimulus(name: text, neurons: neurons, amplitude: amplitude, start: start, stop: stop)
    }
}

/// Builds the worm network from a stored connectome.
public enum WormModel {
    /// The model specification; `stimuli` name neurons of the connectome.
    public static func specification(connectome: String, provider: ConnectomeProvider, parameters p: WormParameters,
                                     stimuli: [NamedStimulus], duration: Double, seed: UInt64) throws -> ModelSpecification {
        let chemical = try provider.edges(of: connectome, kind: .chemical)
        let electrical = try provider.edges(of: connectome, kind: .electrical)
        let meanChemical = chemical.weight.isEmpty ? 1 : chemical.weight.reduce(0, +) / Double(chemical.weight.count)
        let meanElectrical = electrical.weight.isEmpty ? 1 : electrical.weight.reduce(0, +) / Double(electrical.weight.count)
        let population = PopulationSpecification(name: "neurons", size: 0, connectome: connectome, parameters: p.lif,
                                                 initialPotential: .constant(p.restingPotential))
        var projections = [ProjectionSpecification(
            name: "chemical synapses", source: "neurons", targets: ["neurons"], rule: .connectome(kind: .chemical),
            weight: .constant(p.chemicalWeight / meanChemical), delay: .constant(p.delay), allowAutapses: true,
            allowMultapses: true, transmitterSigns: p.transmitterSigns, conductance: 0, presynapticClassSigns: p.classSigns)]
        if !electrical.weight.isEmpty {
            projections.append(ProjectionSpecification(
                name: "gap junctions", source: "neurons", targets: ["neurons"], rule: .connectome(kind: .electrical),
                weight: .constant(0), delay: .constant(0), allowAutapses: true, allowMultapses: true,
                transmitterSigns: [:], conductance: p.gapConductance / meanElectrical))
        }
        var stimulusSpecifications: [StimulusSpecification] = []
        if p.backgroundRate > 0 {
            stimulusSpecifications.append(StimulusSpecification(
                name: "background", kind: .poisson(rateHz: p.backgroundRate, weight: p.backgroundWeight, start: 0, stop: .infinity),
                targets: .all))
        }
        for stimulus in stimuli where !stimulus.neurons.isEmpty {
            stimulusSpecifications.append(StimulusSpecification(
                name: stimulus.name, kind: .current(amplitude: stimulus.amplitude, start: stimulus.start, stop: stimulus.stop),
                targets: .names(stimulus.neurons)))
        }
        return ModelSpecification(
            name: "celegans-\(connectome)", description: "C. elegans \(connectome), LIF with exponential currents",
            duration: duration, resolution: p.resolution, seed: seed, maxRateHz: 1000,
            populations: [population], projections: projections, stimuli: stimulusSpecifications,
            recording: RecordingSpecification(spikes: .all))
    }
}
