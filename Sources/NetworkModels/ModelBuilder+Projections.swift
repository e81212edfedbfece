import SpikingEngine
import ConnectomeCore
import Foundation

/// The neurons of a model in index order, with each population's first index and size, and
/// the cells of populations taken from a connectome.
struct NeuronLayout {
    var neurons: [NeuronDescription] = []
    var start: [String: Int] = [:]
    var size: [String: Int] = [:]
    var connectomeOf: [String: (name: String, neurons: ConnectomeNeurons)] = [:]
}

/// Synapses as the builder draws them: generated ones in arrays, chemical connectome ones kept
/// as row readers until the network is lowered, gap junctions as couplings.
struct DrawnSynapses {
    var sources: [Int32] = [], targets: [Int32] = [], weights: [Double] = [], delays: [Double] = []
    var couplings: [GapJunction] = []
    /// Per synapse: 0 for static, r + 1 for rules[r].
    var synapseRules: [UInt8] = []
    var rules: [STDPRule] = []
    var lazy: [(synapsesBefore: Int, projection: ConnectomeProjection)] = []

    /// The number a synapse with `rule` carries (rules are shared between projections).
    mutating func ruleNumber(for rule: STDPRule?) -> UInt8 {
        guard let rule else { return 0 }
        if let existing = rules.firstIndex(of: rule) { return UInt8(existing + 1) }
        rules.append(rule)
        return UInt8(rules.count)
    }
}

/// One projection's draws: the k-th synapse it adds (counting over all its target
/// populations) takes its weight and delay from counters k of the projection's stream.
struct ProjectionDraws {
    let projection: ProjectionSpecification
    let seed: UInt64, stream: UInt64
    let ruleNumber: UInt8
    private var synapseCounter: UInt64 = 0

    init(projection: ProjectionSpecification, seed: UInt64, stream: UInt64, ruleNumber: UInt8) {
        self.projection = projection
        self.seed = seed
        self.stream = stream
        self.ruleNumber = ruleNumber
    }

    mutating func add(_ source: Int, _ target: Int, into synapses: inout DrawnSynapses) {
        synapseCounter += 1
        synapses.sources.append(Int32(source))
        synapses.targets.append(Int32(target))
        synapses.weights.append(ModelBuilder.draw(projection.weight, seed: seed, stream: stream, entity: UInt64(target),
                                                  counter: RandomStreams.weightCounter(synapseCounter)))
        synapses.delays.append(ModelBuilder.draw(projection.delay, seed: seed, stream: stream, entity: UInt64(target),
                                                 counter: RandomStreams.delayCounter(synapseCounter)))
        synapses.synapseRules.append(ruleNumber)
    }
}

extension ModelBuilder {
    /// Draws projection number `index` onto each of its target populations.
    func draw(_ projection: ProjectionSpecification, index: Int, layout: NeuronLayout, seed: UInt64,
              into synapses: inout DrawnSynapses) throws {
        var draws = ProjectionDraws(projection: projection, seed: seed, stream: RandomStreams.projection(index),
                                    ruleNumber: synapses.ruleNumber(for: projection.plasticity))
        let source = layout.start[projection.source]!..<(layout.start[projection.source]! + layout.size[projection.source]!)
        for targetPopulation in projection.targets {
            let target = layout.start[targetPopulation]!..<(layout.start[targetPopulation]! + layout.size[targetPopulation]!)
            if case let .connectome(kind) = projection.rule {
                try addConnectome(projection, kind: kind, sourceStart: source.lowerBound, target: targetPopulation, targetStart: target.lowerBound,
                                  layout: layout, seed: seed, stream: draws.stream, into: &synapses)
            } else {
                try generate(projection, source: source, target: target, samePopulation: targetPopulation == projection.source,
                             draws: &draws, into: &synapses)
            }
        }
    }

    /// The synapses of a generated rule between the neuron ranges `source` and `target`.
    func generate(_ projection: ProjectionSpecification, source: Range<Int>, target: Range<Int>, samePopulation: Bool,
                  draws: inout ProjectionDraws, into synapses: inout DrawnSynapses) throws {
        let sourceStart = source.lowerBound, sourceCount = source.count, targetStart = target.lowerBound, targetCount = target.count
        let noAutapses = samePopulation && !projection.allowAutapses
        switch projection.rule {
        case let .fixedProbability(probability):
            for t in 0..<targetCount {
                var random = KeyedRandom(seed: draws.seed, stream: draws.stream, entity: UInt64(targetStart + t))
                // Geometric skipping: O(expected synapses) draws instead of one per pair.
                var s = -1
                while probability > 0 {
                    if probability >= 1 { s += 1 } else {
                        s += 1 + Int((log(1 - random.uniform()) / log(1 - probability)).rounded(.down))
                    }
                    if s >= sourceCount { break }
                    if noAutapses && s == t { continue }
                    draws.add(sourceStart + s, targetStart + t, into: &synapses)
                }
            }
        case let .fixedIndegree(k):
            let available = sourceCount - (noAutapses ? 1 : 0)
            if !projection.allowMultapses && k > available {
                throw SpikingEngineError.invalidNetwork("\(projection.name): indegree \(k) exceeds the \(available) possible sources without repeated synapses; set allow_multapses or lower indegree")
            }
            for t in 0..<targetCount {
                var random = KeyedRandom(seed: draws.seed, stream: draws.stream, entity: UInt64(targetStart + t))
                var chosen = Set<Int>()
                var drawn = 0
                while drawn < k {
                    let s = Int(random.uniform() * Double(sourceCount))
                    if noAutapses && s == t { continue }
                    if !projection.allowMultapses && !chosen.insert(s).inserted { continue }
                    draws.add(sourceStart + s, targetStart + t, into: &synapses)
                    drawn += 1
                }
            }
        case .oneToOne:
            guard sourceCount == targetCount else {
                throw SpikingEngineError.invalidNetwork("\(projection.name): one_to_one needs equal sizes, got \(sourceCount) and \(targetCount)")
            }
            for i in 0..<targetCount where !noAutapses { draws.add(sourceStart + i, targetStart + i, into: &synapses) }
        case .allToAll:
            for t in 0..<targetCount {
                for s in 0..<sourceCount where !(noAutapses && s == t) { draws.add(sourceStart + s, targetStart + t, into: &synapses) }
            }
        case let .explicit(pairs):
            for (k, (s, t)) in pairs.enumerated() {
                guard (0..<sourceCount).contains(s), (0..<targetCount).contains(t) else {
                    throw SpikingEngineError.invalidNetwork("\(projection.name): pair \(k) (\(s), \(t)) is outside the populations (\(sourceCount), \(targetCount) neurons)")
                }
                draws.add(sourceStart + s, targetStart + t, into: &synapses)
            }
        case .connectome:
            preconditionFailure("connectome projections go through addConnectome")
        }
    }

    /// A stored connectome's edges of one kind: gap junctions as couplings now, chemical
    /// synapses as a row reader lowered with the network (``ConnectomeProjection``).
    func addConnectome(_ projection: ProjectionSpecification, kind: SynapseKind, sourceStart: Int, target targetPopulation: String,
                       targetStart: Int, layout: NeuronLayout, seed: UInt64, stream: UInt64, into synapses: inout DrawnSynapses) throws {
        guard let source = layout.connectomeOf[projection.source], let target = layout.connectomeOf[targetPopulation], source.name == target.name,
              let connectomes else {
            throw SpikingEngineError.invalidNetwork("\(projection.name): a connectome projection needs source and target populations taken from the same connectome")
        }
        if kind == .electrical {
            let edges = try connectomes.edges(of: source.name, kind: kind)
            for k in 0..<edges.pre.count {
                synapses.couplings.append(GapJunction(a: sourceStart + edges.pre[k], b: targetStart + edges.post[k],
                                                      conductance: edges.weight[k] * projection.conductance))
            }
            return
        }
        let cells = source.neurons
        let signs: [Double?] = cells.names.indices.map { i in
            projection.presynapticClassSigns[cells.classes[i]] ?? projection.transmitterSigns[cells.transmitters[i]]
                ?? projection.transmitterSigns["*"]
        }
        synapses.lazy.append((synapsesBefore: synapses.sources.count, projection: try ConnectomeProjection(
            name: projection.name, reader: try connectomes.rowReader(of: source.name, kind: kind, delays: projection.storedDelays),
            sourceStart: sourceStart, sourceCount: cells.names.count, targetStart: targetStart, signs: signs,
            weight: projection.weight, delay: projection.storedDelays ? nil : projection.delay, seed: seed, stream: stream,
            plasticity: projection.plasticity,
            describeSource: { "\(cells.names[$0]) (transmitter \"\(cells.transmitters[$0])\")" })))
    }
}
