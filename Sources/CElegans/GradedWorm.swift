import ConnectomeCore
import NetworkModels
import SpikingEngine

/// The graded C. elegans model of worm-model.md built from a stored connectome: one graded
/// neuron per cell, a graded synapse of g_syn·N per chemical connection (N contacts, the sign
/// choosing E_exc or E_inh), an ohmic gap junction of g_gap·N per electrical pair.
public struct GradedWorm: Sendable {
    public let connectome: String
    public let neurons: ConnectomeNeurons
    public let network: ExplicitNetwork
    public let contacts: ContactCounts
    public let signs: String
    public let composition: Composition

    /// What went into the network, for the summary.
    public struct Composition: Codable, Sendable, Equatable {
        public var neurons = 0
        public var chemicalConnections = 0
        public var excitatory = 0
        public var inhibitory = 0
        /// Chemical connections whose sign the chosen rule decided, and those that fell back
        /// to the transmitter rule (tables without an entry, Fenyves's "complex" and "none").
        public var signedByRule = 0
        public var signedByTransmitterFallback = 0
        public var gapJunctionPairs = 0
        public var electricalSelfPairsDropped = 0
        public var ablated: [String] = []
        public var removedChemicalConnections = 0
        public var removedGapJunctionPairs = 0
    }

    /// Builds the network. `ablate` names cells whose chemical and electrical connections are
    /// removed in both directions (V_th is then solved for the ablated network).
    public static func build(provider: ConnectomeProvider, connectome: String, parameters: GradedWormParameters,
                             threshold: GradedThreshold = .restingEquilibrium, signs: SynapseSigns = .transmitter,
                             ablate: [String] = []) throws -> GradedWorm {
        let cells = try provider.neurons(of: connectome)
        let index = try resolve(ablate, in: cells.names, option: "--ablate")
        let ablated = Set(index)
        var contacts = ContactCounts.forDataset(connectome)
        if let factor = parameters.chemicalWeightPerContact { contacts.chemicalWeightPerContact = factor; contacts.source = "--model-params" }
        if let factor = parameters.electricalWeightPerContact { contacts.electricalWeightPerContact = factor; contacts.source = "--model-params" }
        let neuron = parameters.neuron(threshold: threshold)
        var composition = Composition(neurons: cells.names.count)
        composition.ablated = index.map { cells.names[$0] }
        var network = ExplicitNetwork(neurons: cells.names.indices.map {
            NeuronDescription(name: cells.names[$0], population: "neurons", model: .graded(neuron), initialPotential: 0,
                              cellClass: cells.classes[$0], cellType: cells.types[$0])
        })
        let chemical = try provider.edges(of: connectome, kind: .chemical)
        for k in chemical.pre.indices {
            let pre = chemical.pre[k], post = chemical.post[k]
            if ablated.contains(pre) || ablated.contains(post) {
                composition.removedChemicalConnections += 1
                continue
            }
            let (sign, decided) = signs.sign(pre: pre, post: post, neurons: cells)
            composition.chemicalConnections += 1
            if sign > 0 { composition.excitatory += 1 } else { composition.inhibitory += 1 }
            if decided { composition.signedByRule += 1 } else { composition.signedByTransmitterFallback += 1 }
            let conductance = parameters.synapseConductance * chemical.weight[k] / contacts.chemicalWeightPerContact
            network.connect(pre, post, weight: sign * conductance, delay: 0)
        }
        let electrical = try provider.edges(of: connectome, kind: .electrical)
        for k in electrical.pre.indices {
            let a = electrical.pre[k], b = electrical.post[k]
            if a == b {
                composition.electricalSelfPairsDropped += 1
                continue
            }
            if ablated.contains(a) || ablated.contains(b) {
                composition.removedGapJunctionPairs += 1
                continue
            }
            composition.gapJunctionPairs += 1
            network.couplings.append(GapJunction(a: a, b: b, conductance: parameters.gapConductance * electrical.weight[k] / contacts.electricalWeightPerContact))
        }
        return GradedWorm(connectome: connectome, neurons: cells, network: network, contacts: contacts, signs: signs.name,
                          composition: composition)
    }

    /// Indices of `names` among `cells`; an unknown name is an error naming `option` and the
    /// nearest known names.
    public static func resolve(_ names: [String], in cells: [String], option: String) throws -> [Int] {
        var index: [String: Int] = [:]
        for (i, name) in cells.enumerated() { index[name] = i }
        var seen = Set<Int>()
        return try names.compactMap { name in
            guard let i = index[name] else {
                throw CElegansError.input(file: option, reason: "unknown neuron \"\(name)\"\(NameSuggestions.hint(for: name, in: cells.sorted())); `plexus connectome info` lists the cells")
            }
            return seen.insert(i).inserted ? i : nil
        }
    }

    /// The engine's stimuli for current steps on named cells.
    public func stimuli(_ steps: [NamedStimulus], option: String = "--stimulate") throws -> [Stimulus] {
        try steps.filter { !$0.neurons.isEmpty }.map { step in
            Stimulus(name: step.name, kind: .current(amplitude: step.amplitude, start: step.start, stop: step.stop),
                     targets: try GradedWorm.resolve(step.neurons, in: neurons.names, option: option))
        }
    }
}
