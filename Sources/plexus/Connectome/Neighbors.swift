import ArgumentParser
import ConnectomeCore
import ConnectomeStore

extension EdgeDirection: ExpressibleByArgument {}

/// Which synapse kinds to report.
enum KindFilter: String, ExpressibleByArgument, CaseIterable {
    case chemical, electrical, all
    var kinds: Set<SynapseKind> {
        switch self {
        case .chemical: return [.chemical]
        case .electrical: return [.electrical]
        case .all: return Set(SynapseKind.allCases)
        }
    }
}

/// `plexus connectome neighbors NAME NEURON`.
struct Neighbors: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a cell's synaptic partners (reads only that cell's rows of the store).")

    @Argument(help: "Connectome name.") var name: String
    @Argument(help: "Cell name, e.g. AVAL.") var neuron: String
    @Option(help: "in (presynaptic partners), out (postsynaptic partners) or both.") var direction: EdgeDirection = .both
    @Option(help: "chemical, electrical or all.") var kind: KindFilter = .all
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let store = try storeOptions.open()
        let neighbors = try store.connectome(name).neighbors(of: neuron, direction: direction, kinds: kind.kinds)
        if output.json {
            return try printJSON(["connectome": AnyEncodable(name), "neuron": AnyEncodable(neuron), "neighbors": AnyEncodable(neighbors)])
        }
        let rows = neighbors.map { [$0.kind.rawValue, $0.direction.rawValue, $0.name, $0.population, formatNumber($0.weight)] }
        print(formatTable([["kind", "direction", "partner", "population", "weight"]] + rows, rightAligned: [4]))
        for kind in SynapseKind.allCases {
            for direction in [EdgeDirection.incoming, .outgoing, .both] {
                let group = neighbors.filter { $0.kind == kind && $0.direction == direction }
                guard !group.isEmpty else { continue }
                print("\(kind.rawValue) \(direction.rawValue): \(group.count) partners, weight sum \(formatNumber(group.reduce(0) { $0 + $1.weight }))")
            }
        }
    }
}
