import SpikingEngine
import ConnectomeCore

/// A chemical projection taken from a stored connectome, kept as a row reader instead of
/// an edge list: its synapses are produced source by source while the network is lowered,
/// so a 10^8-edge connectome never sits in memory as edges (only as the engine's own
/// connection tables).
///
/// Synapse k of the projection (in the reader's row order) gets exactly what the model
/// builder gives a materialised synapse: weight = stored weight × sign of the presynaptic
/// neuron × a draw keyed by (target, 1 << 40 | k), delay = the stored delay when the model
/// asks for it, else a draw keyed by (target, 2 << 40 | k).
struct ConnectomeProjection: @unchecked Sendable {
    let name: String
    let reader: ConnectomeRowReader
    let sourceStart: Int, sourceCount: Int, targetStart: Int
    /// Sign per presynaptic neuron; nil where no sign is known (an error if it has edges).
    let signs: [Double?]
    let weight: ValueSpecification
    /// nil: the stored per-edge delays.
    let delay: ValueSpecification?
    let seed: UInt64, stream: UInt64
    let plasticity: STDPRule?
    /// Index of the first synapse of each source's row in the projection's order.
    let firstSynapse: [Int]
    let describeSource: (Int) -> String

    init(name: String, reader: ConnectomeRowReader, sourceStart: Int, sourceCount: Int, targetStart: Int, signs: [Double?],
         weight: ValueSpecification, delay: ValueSpecification?, seed: UInt64, stream: UInt64, plasticity: STDPRule?,
         describeSource: @escaping (Int) -> String) throws {
        self.name = name
        self.reader = reader
        self.sourceStart = sourceStart
        self.sourceCount = sourceCount
        self.targetStart = targetStart
        self.signs = signs
        self.weight = weight
        self.delay = delay
        self.seed = seed
        self.stream = stream
        self.plasticity = plasticity
        self.describeSource = describeSource
        if delay == nil && !reader.hasDelays {
            throw SpikingEngineError.invalidNetwork("\(name): \"delay\": \"stored\" needs per-edge delays in the store, and this connectome has none; give a delay in ms")
        }
        var first = [Int](repeating: 0, count: sourceCount + 1)
        for s in 0..<sourceCount {
            let length = reader.rowLength(s)
            if length > 0 && signs[s] == nil {
                throw SpikingEngineError.invalidNetwork("\(name): no sign for the transmitter of \(describeSource(s)); add it to transmitter_signs")
            }
            first[s + 1] = first[s] + length
        }
        firstSynapse = first
    }

    /// The synapses leaving network neuron `neuron` (none if it is not in the source population).
    func connections(from neuron: Int) throws -> [Connection] {
        let s = neuron - sourceStart
        guard s >= 0, s < sourceCount, firstSynapse[s + 1] > firstSynapse[s] else { return [] }
        let row = try reader.row(s)
        let sign = signs[s]!
        var result: [Connection] = []
        result.reserveCapacity(row.targets.count)
        for (j, (target, stored)) in zip(row.targets, row.weights).enumerated() {
            let t = targetStart + Int(target)
            let counter = UInt64(firstSynapse[s] + j + 1)
            let w = stored * sign * ModelBuilder.draw(weight, seed: seed, stream: stream, entity: UInt64(t), counter: RandomStreams.weightCounter(counter))
            let d: Double
            if let delay {
                d = ModelBuilder.draw(delay, seed: seed, stream: stream, entity: UInt64(t), counter: RandomStreams.delayCounter(counter))
            } else {
                d = Double(row.delays![row.delays!.startIndex + j])
            }
            result.append(Connection(target: t, weight: w, delay: d, plasticity: plasticity))
        }
        return result
    }
}
