import SpikingEngine
import ConnectomeCore
import Foundation

/// Reads model files (JSON; the format is documented in docs/model-files.md).
public enum ModelFile {
    static let topKeys = ["name", "description", "simulation", "populations", "projections", "stimuli", "record"]
    static let simulationKeys = ["duration_ms", "resolution_ms", "seed", "max_rate_hz"]
    static let populationKeys = ["name", "size", "connectome", "model", "parameters", "initial_V_m", "initial_state"]
    static let lifKeys = ["tau_m", "C_m", "E_L", "V_th", "V_reset", "t_ref", "I_e", "synapse", "tau_syn_ex", "tau_syn_in", "E_ex", "E_in"]
    static let projectionKeys = ["name", "source", "target", "rule", "p", "indegree", "pairs", "kind", "weight", "delay",
                                 "allow_autapses", "allow_multapses", "transmitter_signs", "class_signs", "conductance_nS", "plasticity"]
    static let stimulusKeys = ["name", "type", "targets", "rate_hz", "weight", "start_ms", "stop_ms", "amplitude_pA", "times_ms", "value"]

    /// Parses the file at `path`.
    public static func read(path: String) throws -> ModelSpecification {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelFileError(file: path, path: "", message: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        return try parse(data, file: path)
    }

    /// Parses JSON text; `file` names it in errors.
    public static func parse(_ data: Data, file: String) throws -> ModelSpecification {
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data) } catch {
            throw ModelFileError(file: file, path: "", message: "not valid JSON (\((error as NSError).userInfo["NSDebugDescription"] as? String ?? "\(error)"))")
        }
        let top = try JSONFields(json, file: file, path: "")
        try top.rejectUnknown(topKeys)
        let simulation = try top.object("simulation") ?? JSONFields([:], file: file, path: "simulation")
        try simulation.rejectUnknown(simulationKeys)
        let seed = try simulation.integer("seed") ?? Int(RandomStreams.defaultSeed)
        guard seed >= 0 else { throw simulation.error("seed", "must be ≥ 0") }
        let populations = try top.objects("populations").map(population)
        guard !populations.isEmpty else { throw top.error("populations", "at least one population is required") }
        var names = Set<String>()
        for (index, population) in populations.enumerated() where !names.insert(population.name).inserted {
            throw ModelFileError(file: file, path: "populations[\(index)].name", message: "population \(population.name) is defined twice")
        }
        let binaryCount = populations.filter { $0.binary != nil }.count
        guard binaryCount == 0 || binaryCount == populations.count else {
            throw top.error("populations", "McCulloch–Pitts and LIF populations cannot be mixed in one model (discrete steps vs continuous time)")
        }
        let gradedCount = populations.filter { $0.graded != nil }.count
        guard gradedCount == 0 || gradedCount == populations.count else {
            throw top.error("populations", "graded and spiking populations cannot be mixed in one model (graded synapses carry potentials, not spikes)")
        }
        let projections = try top.objects("projections").enumerated().map { try projection($1, index: $0, populations: names) }
        let stimuli = try top.objects("stimuli").enumerated().map { try stimulus($1, index: $0, populations: names) }
        if gradedCount > 0 { try checkGraded(top, projections: projections, stimuli: stimuli) }
        for (index, stimulus) in stimuli.enumerated() where (stimulus.clamp != nil) != (binaryCount > 0) {
            throw ModelFileError(file: file, path: "stimuli[\(index)].type", message: binaryCount > 0
                ? "McCulloch–Pitts models take clamp stimuli only (hold input units at 0 or 1)"
                : "clamp stimuli apply to McCulloch–Pitts models only")
        }
        var recording = RecordingSpecification()
        if let record = try top.object("record") {
            try record.rejectUnknown(["spikes", "voltage", "voltage_interval_ms", "weights_interval_ms"])
            recording.weightInterval = try record.number("weights_interval_ms")
            if record.has("spikes") {
                let raw = record.values["spikes"]
                recording.spikes = JSONFields.isBoolean(raw) && raw as? Bool == false ? nil : try selector(raw, record, "spikes", populations: names)
            }
            if record.has("voltage") { recording.voltage = try selector(record.values["voltage"], record, "voltage", populations: names) }
            recording.voltageInterval = try record.number("voltage_interval_ms")
        }
        return ModelSpecification(
            name: try top.string("name") ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent,
            description: try top.string("description") ?? "",
            duration: try simulation.number("duration_ms", default: 1000),
            resolution: try simulation.number("resolution_ms", default: 0.1),
            seed: UInt64(seed), maxRateHz: simulation.has("max_rate_hz") ? try simulation.number("max_rate_hz") : 1000,
            populations: populations, projections: projections, stimuli: stimuli, recording: recording)
    }

    static func population(_ fields: JSONFields) throws -> PopulationSpecification {
        try fields.rejectUnknown(populationKeys)
        let name = try fields.requiredString("name")
        let model = try fields.string("model") ?? "lif"
        guard ["lif", "graded", "mcculloch_pitts", "poisson_source"].contains(model) else {
            throw fields.error("model", "unknown neuron model \"\(model)\"; use \"lif\", \"graded\", \"poisson_source\" or \"mcculloch_pitts\"")
        }
        let connectome = try fields.string("connectome")
        if model == "mcculloch_pitts" {
            let parameters = try fields.object("parameters") ?? JSONFields([:], file: fields.file, path: fields.path + ".parameters")
            try parameters.rejectUnknown(["threshold"], what: "McCulloch–Pitts parameter")
            let size = try fields.integer("size") ?? 0
            guard size > 0, connectome == nil else { throw fields.error("size", "a McCulloch–Pitts population needs size ≥ 1") }
            for key in ["initial_V_m"] where fields.has(key) { throw fields.error(key, "McCulloch–Pitts units have no potential; use initial_state (0 or 1)") }
            let initial = try fields.number("initial_state") ?? 0
            guard initial == 0 || initial == 1 else { throw fields.error("initial_state", "must be 0 or 1") }
            var population = PopulationSpecification(name: name, size: size, connectome: nil, parameters: LIFParameters(),
                                                     initialPotential: .constant(0))
            population.binary = (try parameters.number("threshold", default: 1), initial == 1)
            return population
        }
        if fields.has("initial_state") { throw fields.error("initial_state", "only McCulloch–Pitts populations have a binary state") }
        if model == "poisson_source" {
            let parameters = try fields.object("parameters") ?? JSONFields([:], file: fields.file, path: fields.path + ".parameters")
            try parameters.rejectUnknown(["rate_hz"], what: "spike-source parameter")
            let size = try fields.integer("size") ?? 0
            guard size > 0, connectome == nil else { throw fields.error("size", "a spike-source population needs size ≥ 1") }
            let rate = try parameters.requiredNumber("rate_hz")
            guard rate >= 0 else { throw parameters.error("rate_hz", "must be ≥ 0 Hz") }
            var population = PopulationSpecification(name: name, size: size, connectome: nil, parameters: LIFParameters(),
                                                     initialPotential: .constant(LIFParameters().restingPotential))
            population.sourceRate = rate
            return population
        }
        let size = try fields.integer("size") ?? 0
        if connectome == nil {
            guard size > 0 else { throw fields.error("size", "a population needs size ≥ 1 (or a connectome)") }
        } else if fields.has("size") {
            throw fields.error("size", "a connectome population takes its size from the connectome; remove size")
        }
        if model == "graded" {
            if fields.has("initial_V_m") { throw fields.error("initial_V_m", "graded neurons start at the network's resting equilibrium; remove initial_V_m") }
            let graded = try gradedParameters(try fields.object("parameters") ?? JSONFields([:], file: fields.file, path: fields.path + ".parameters"))
            try graded.validate(item: "\(fields.file): \(fields.path) (population \(name))")
            var population = PopulationSpecification(name: name, size: size, connectome: connectome, parameters: LIFParameters(),
                                                     initialPotential: .constant(0))
            population.graded = graded
            return population
        }
        let parameters = try lifParameters(try fields.object("parameters") ?? JSONFields([:], file: fields.file, path: fields.path + ".parameters"))
        try parameters.validate(item: "\(fields.file): \(fields.path) (population \(name))")
        let initial = fields.has("initial_V_m") ? try value(fields.values["initial_V_m"], fields, "initial_V_m") : .constant(parameters.restingPotential)
        return PopulationSpecification(name: name, size: size, connectome: connectome, parameters: parameters, initialPotential: initial)
    }

    static func lifParameters(_ fields: JSONFields) throws -> LIFParameters {
        try fields.rejectUnknown(lifKeys, what: "LIF parameter")
        var p = LIFParameters()
        p.tauMembrane = try fields.number("tau_m", default: p.tauMembrane)
        p.capacitance = try fields.number("C_m", default: p.capacitance)
        p.restingPotential = try fields.number("E_L", default: p.restingPotential)
        p.threshold = try fields.number("V_th", default: p.threshold)
        p.reset = try fields.number("V_reset", default: p.restingPotential)
        p.refractoryPeriod = try fields.number("t_ref", default: p.refractoryPeriod)
        p.biasCurrent = try fields.number("I_e", default: 0)
        let synapse = try fields.string("synapse") ?? "delta"
        if synapse != "conductance" {
            for key in ["E_ex", "E_in"] where fields.has(key) {
                throw fields.error(key, "only conductance synapses have reversal potentials; set \"synapse\": \"conductance\"")
            }
        }
        switch synapse {
        case "delta":
            for key in ["tau_syn_ex", "tau_syn_in"] where fields.has(key) {
                throw fields.error(key, "delta synapses have no time constants; set \"synapse\": \"exponential\" or \"conductance\"")
            }
            p.synapse = .delta
        case "exponential":
            p.synapse = .exponential(tauExcitatory: try fields.number("tau_syn_ex", default: 2), tauInhibitory: try fields.number("tau_syn_in", default: 2))
        case "conductance":
            // Defaults of NEST's iaf_cond_exp.
            p.synapse = .conductance(tauExcitatory: try fields.number("tau_syn_ex", default: 0.2),
                                     tauInhibitory: try fields.number("tau_syn_in", default: 2),
                                     reversalExcitatory: try fields.number("E_ex", default: 0),
                                     reversalInhibitory: try fields.number("E_in", default: -85))
        case let other:
            throw fields.error("synapse", "unknown synapse model \"\(other)\"; use \"delta\", \"exponential\" or \"conductance\"")
        }
        return p
    }

    static let gradedKeys = ["C_m", "G_c", "E_c", "E_exc", "E_inh", "a_r", "a_d", "beta", "threshold"]

    /// Graded-neuron parameters (Models/Graded): C_m [pF], G_c [nS], E_c, E_exc, E_inh [mV],
    /// a_r, a_d [1/s], beta [1/mV], threshold "wicks" or "kunert".
    static func gradedParameters(_ fields: JSONFields) throws -> GradedParameters {
        try fields.rejectUnknown(gradedKeys, what: "graded parameter")
        var p = GradedParameters()
        p.capacitance = try fields.number("C_m", default: p.capacitance)
        p.leakConductance = try fields.number("G_c", default: p.leakConductance)
        p.leakReversal = try fields.number("E_c", default: p.leakReversal)
        p.excitatoryReversal = try fields.number("E_exc", default: p.excitatoryReversal)
        p.inhibitoryReversal = try fields.number("E_inh", default: p.inhibitoryReversal)
        p.riseRate = try fields.number("a_r", default: p.riseRate * 1000) / 1000
        p.decayRate = try fields.number("a_d", default: p.decayRate * 1000) / 1000
        p.slope = try fields.number("beta", default: p.slope)
        let convention = try fields.string("threshold") ?? GradedThreshold.restingEquilibrium.rawValue
        guard let threshold = GradedThreshold(rawValue: convention) else {
            throw fields.error("threshold", "unknown convention \"\(convention)\"; use \"wicks\" (network rest) or \"kunert\" (rest with the input)")
        }
        p.threshold = threshold
        return p
    }

    /// What graded models cannot have: delays and plasticity on synapses, spike inputs.
    static func checkGraded(_ top: JSONFields, projections: [ProjectionSpecification], stimuli: [StimulusSpecification]) throws {
        for (index, raw) in try top.objects("projections").enumerated() {
            if raw.has("delay") { throw raw.error("delay", "graded synapses act without delay; remove delay") }
            if raw.has("plasticity") { throw raw.error("plasticity", "graded synapses have no spike-timing-dependent plasticity") }
            _ = index
        }
        for (index, stimulus) in stimuli.enumerated() {
            guard case .current = stimulus.kind else {
                throw ModelFileError(file: top.file, path: "stimuli[\(index)].type", message: "graded neurons take current stimuli only (poisson and spike_times need spiking neurons)")
            }
        }
    }

    static func value(_ raw: Any?, _ owner: JSONFields, _ key: String) throws -> ValueSpecification {
        if let number = raw as? NSNumber, !JSONFields.isBoolean(raw), number.doubleValue.isFinite { return .constant(number.doubleValue) }
        let fields = try JSONFields(raw, file: owner.file, path: owner.path.isEmpty ? key : owner.path + "." + key)
        try fields.rejectUnknown(["uniform", "normal"], what: "distribution")
        func pair(_ name: String) throws -> (Double, Double)? {
            guard let list = try fields.array(name) as? [NSNumber], fields.has(name) else { return nil }
            guard list.count == 2, list.allSatisfy({ $0.doubleValue.isFinite }) else { throw fields.error(name, "expected two numbers [a, b]") }
            return (list[0].doubleValue, list[1].doubleValue)
        }
        if let (low, high) = try pair("uniform") {
            guard low <= high else { throw fields.error("uniform", "needs low ≤ high") }
            return .uniform(low: low, high: high)
        }
        if let (mean, sd) = try pair("normal") {
            guard sd >= 0 else { throw fields.error("normal", "needs a standard deviation ≥ 0") }
            return .normal(mean: mean, standardDeviation: sd)
        }
        throw fields.error(nil, "expected a number, {\"uniform\": [low, high]} or {\"normal\": [mean, sd]}")
    }

    static func projection(_ fields: JSONFields, index: Int, populations: Set<String>) throws -> ProjectionSpecification {
        try fields.rejectUnknown(projectionKeys)
        let source = try fields.requiredString("source")
        guard populations.contains(source) else { throw fields.error("source", "no population named \(source)") }
        let targets: [String]
        if let single = fields.values["target"] as? String { targets = [single] } else if let list = fields.values["target"] as? [String] { targets = list } else {
            throw fields.error("target", "expected a population name or a list of names")
        }
        for target in targets where !populations.contains(target) { throw fields.error("target", "no population named \(target)") }
        let ruleName = try fields.requiredString("rule")
        let rule: ConnectionRule
        switch ruleName {
        case "fixed_probability":
            let p = try fields.requiredNumber("p")
            guard p >= 0 && p <= 1 else { throw fields.error("p", "must lie in [0, 1]") }
            rule = .fixedProbability(p)
        case "fixed_indegree":
            guard let k = try fields.integer("indegree"), k >= 0 else { throw fields.error("indegree", "a whole number ≥ 0 is required") }
            rule = .fixedIndegree(k)
        case "one_to_one": rule = .oneToOne
        case "all_to_all": rule = .allToAll
        case "explicit":
            rule = .explicit(try fields.array("pairs").enumerated().map { k, item in
                guard let pair = item as? [NSNumber], pair.count == 2 else { throw fields.error("pairs[\(k)]", "expected [source index, target index]") }
                return (pair[0].intValue, pair[1].intValue)
            })
        case "connectome":
            let name = try fields.string("kind") ?? SynapseKind.chemical.rawValue
            guard let kind = SynapseKind(rawValue: name) else { throw fields.error("kind", "must be chemical or electrical") }
            rule = .connectome(kind: kind)
        default:
            throw fields.error("rule", "unknown connection rule \"\(ruleName)\"; use fixed_probability, fixed_indegree, one_to_one, all_to_all, explicit or connectome")
        }
        var signs = TransmitterSigns.defaults
        if let overrides = try fields.object("transmitter_signs") {
            // "*" gives every transmitter not listed its sign, in place of the defaults.
            if overrides.values["*"] != nil { signs = [:] }
            for (transmitter, raw) in overrides.values {
                guard let sign = raw as? NSNumber, sign.doubleValue.isFinite else { throw overrides.error(transmitter, "expected a number (+1, −1 or a scale)") }
                signs[transmitter] = sign.doubleValue
            }
        }
        var classSigns: [String: Double] = [:]
        if let overrides = try fields.object("class_signs") {
            for (cellClass, raw) in overrides.values {
                guard JSONFields.isNumber(raw), let sign = raw as? NSNumber, sign.doubleValue.isFinite else { throw overrides.error(cellClass, "expected a number (+1, −1 or a scale)") }
                classSigns[cellClass] = sign.doubleValue
            }
        }
        let isElectrical = rule == .connectome(kind: .electrical)
        let weight: ValueSpecification = isElectrical ? .constant(0) : try value(fields.values["weight"] ?? NSNull(), fields, "weight")
        // "stored": the connectome's per-edge delays (a store made by `connectome generate voxel` has them).
        let storedDelays = (fields.values["delay"] as? String) == "stored"
        if storedDelays && rule != .connectome(kind: .chemical) {
            throw fields.error("delay", "\"stored\" delays exist only for chemical connectome projections; give a delay in ms")
        }
        let delay: ValueSpecification = isElectrical || storedDelays ? .constant(1) : fields.has("delay") ? try value(fields.values["delay"], fields, "delay") : .constant(1)
        if case let .constant(d) = delay, !isElectrical, d <= 0 { throw fields.error("delay", "delays must be > 0 ms") }
        let conductance = try fields.number("conductance_nS", default: 0)
        if isElectrical && conductance <= 0 { throw fields.error("conductance_nS", "an electrical projection needs a conductance > 0 nS per unit of weight") }
        let name = try fields.string("name") ?? "projection \(index) (\(source) → \(targets.joined(separator: ", ")))"
        var plasticity: STDPRule? = nil
        if let rule = try fields.object("plasticity") {
            guard !isElectrical else { throw fields.error("plasticity", "\(name): gap junctions cannot be plastic; remove plasticity or use kind chemical") }
            plasticity = try stdpRule(rule, projection: name)
        }
        var specification = ProjectionSpecification(
            name: name,
            source: source, targets: targets, rule: rule, weight: weight, delay: delay,
            allowAutapses: try fields.bool("allow_autapses", default: true),
            allowMultapses: try fields.bool("allow_multapses", default: true),
            transmitterSigns: signs, conductance: conductance, presynapticClassSigns: classSigns)
        specification.plasticity = plasticity
        specification.storedDelays = storedDelays
        return specification
    }

    static let stdpKeys = ["rule", "tau_plus", "tau_minus", "lambda", "alpha", "mu_plus", "mu_minus", "w_max", "pairing"]

    static func stdpRule(_ fields: JSONFields, projection: String) throws -> STDPRule {
        try fields.rejectUnknown(stdpKeys, what: "plasticity parameter")
        let name = try fields.string("rule") ?? "stdp"
        guard name == "stdp" else { throw fields.error("rule", "\(projection): unknown plasticity rule \"\(name)\"; use \"stdp\"") }
        var rule = STDPRule()
        rule.tauPlus = try fields.number("tau_plus", default: rule.tauPlus)
        rule.tauMinus = try fields.number("tau_minus", default: rule.tauMinus)
        rule.lambda = try fields.number("lambda", default: rule.lambda)
        rule.alpha = try fields.number("alpha", default: rule.alpha)
        rule.muPlus = try fields.number("mu_plus", default: rule.muPlus)
        rule.muMinus = try fields.number("mu_minus", default: rule.muMinus)
        rule.wMax = try fields.requiredNumber("w_max")
        let pairing = try fields.string("pairing") ?? "all_to_all"
        guard let parsed = STDPRule.Pairing(rawValue: pairing) else {
            throw fields.error("pairing", "\(projection): pairing must be all_to_all or nearest")
        }
        rule.pairing = parsed
        do { try rule.validate(item: "\(fields.file): \(fields.path) (\(projection))") } catch let error as SpikingEngineError {
            throw ModelFileError(file: fields.file, path: fields.path, message: "\(error)")
        }
        return rule
    }

    static func stimulus(_ fields: JSONFields, index: Int, populations: Set<String>) throws -> StimulusSpecification {
        try fields.rejectUnknown(stimulusKeys)
        let name = try fields.string("name") ?? "stimulus \(index)"
        let targets = try selector(fields.values["targets"], fields, "targets", populations: populations)
        let start = try fields.number("start_ms", default: 0)
        let stop = try fields.number("stop_ms") ?? .infinity
        let kind: StimulusKind
        switch try fields.requiredString("type") {
        case "poisson":
            kind = .poisson(rateHz: try fields.requiredNumber("rate_hz"), weight: try fields.requiredNumber("weight"), start: start, stop: stop)
        case "current":
            kind = .current(amplitude: try fields.requiredNumber("amplitude_pA"), start: start, stop: stop)
        case "spike_times":
            guard let times = try fields.array("times_ms") as? [NSNumber] else { throw fields.error("times_ms", "expected a list of times in ms") }
            kind = .spikeTimes(times: times.map(\.doubleValue), weight: try fields.requiredNumber("weight"))
        case "clamp":
            let value = try fields.requiredNumber("value")
            guard value == 0 || value == 1 else { throw fields.error("value", "a clamp holds units at 0 or 1") }
            var clamp = StimulusSpecification(name: name, kind: .spikeTimes(times: [], weight: 0), targets: targets)
            clamp.clamp = value == 1
            return clamp
        case let other:
            throw fields.error("type", "unknown stimulus type \"\(other)\"; use poisson, current or spike_times")
        }
        return StimulusSpecification(name: name, kind: kind, targets: targets)
    }

    static func selector(_ raw: Any?, _ owner: JSONFields, _ key: String, populations: Set<String>) throws -> NeuronSelector {
        if raw == nil || raw is NSNull { throw owner.error(key, "is required (\"all\" or an object such as {\"population\": \"E\"})") }
        if JSONFields.isBoolean(raw) {
            guard raw as? Bool == true else { throw owner.error(key, "false selects nothing; remove the entry instead") }
            return .all
        }
        if let text = raw as? String {
            if text == "all" { return .all }
            guard populations.contains(text) else { throw owner.error(key, "no population named \(text)") }
            return .population(text)
        }
        let fields = try JSONFields(raw, file: owner.file, path: owner.path.isEmpty ? key : owner.path + "." + key)
        try fields.rejectUnknown(["population", "neurons", "class", "type", "range"], what: "selector")
        guard fields.values.count == 1 else { throw fields.error(nil, "give exactly one of population, neurons, class, type, range") }
        func strings(_ name: String) throws -> [String] {
            if let one = fields.values[name] as? String { return [one] }
            guard let list = fields.values[name] as? [String] else { throw fields.error(name, "expected a name or a list of names") }
            return list
        }
        if let population = try fields.string("population") {
            guard populations.contains(population) else { throw fields.error("population", "no population named \(population)") }
            return .population(population)
        }
        if fields.has("neurons") { return .names(try strings("neurons")) }
        if fields.has("class") { return .cellClasses(try strings("class")) }
        if fields.has("type") { return .cellTypes(try strings("type")) }
        let range = try fields.object("range")!
        try range.rejectUnknown(["population", "from", "to"])
        let population = try range.requiredString("population")
        guard populations.contains(population) else { throw range.error("population", "no population named \(population)") }
        guard let from = try range.integer("from"), let to = try range.integer("to"), from >= 0, to >= from else {
            throw range.error(nil, "needs whole numbers 0 ≤ from ≤ to (indices from ..< to)")
        }
        return .range(population: population, lower: from, upper: to)
    }
}
