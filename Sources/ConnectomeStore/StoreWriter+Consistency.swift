import ConnectomeCore

extension StoreWriter {
    /// Rejects contents that would break a store invariant, before anything is written.
    static func checkConsistency(nodes: [NodePopulationContents], edges: [EdgePopulationContents],
                                 connectomes: [ConnectomeContents], existingNodes: [String: Int]) throws {
        var nodeCounts = existingNodes
        for population in nodes {
            guard StoreFormat.isValidName(population.name) else { throw StoreError.invalidName(kind: "node population", name: population.name) }
            guard nodeCounts[population.name] == nil || existingNodes[population.name] != nil else {
                throw StoreError.invalidContents(what: "node population \(population.name)", problem: "given twice")
            }
            let table = population.table
            var seen = Set<String>()
            for name in table.names {
                guard !name.isEmpty else { throw StoreError.invalidContents(what: "node population \(population.name)", problem: "a node has an empty name") }
                guard seen.insert(name).inserted else {
                    throw StoreError.invalidContents(what: "node population \(population.name)", problem: "node name \(name) appears twice")
                }
            }
            for (key, values) in table.categorical where values.count != table.count {
                throw StoreError.invalidContents(what: "node attribute \(population.name)/\(key)", problem: "\(values.count) values for \(table.count) nodes")
            }
            for (key, values) in table.numeric where values.count != table.count {
                throw StoreError.invalidContents(what: "node attribute \(population.name)/\(key)", problem: "\(values.count) values for \(table.count) nodes")
            }
            nodeCounts[population.name] = table.count
        }
        var edgeNames = Set<String>()
        for population in edges {
            let what = "edge population \(population.name)"
            guard StoreFormat.isValidName(population.name) else { throw StoreError.invalidName(kind: "edge population", name: population.name) }
            guard edgeNames.insert(population.name).inserted else { throw StoreError.invalidContents(what: what, problem: "given twice") }
            guard let sourceCount = nodeCounts[population.sourcePopulation] else {
                throw StoreError.invalidContents(what: what, problem: "source population \(population.sourcePopulation) does not exist")
            }
            guard let targetCount = nodeCounts[population.targetPopulation] else {
                throw StoreError.invalidContents(what: what, problem: "target population \(population.targetPopulation) does not exist")
            }
            let list = population.edges
            for i in 0..<list.count {
                guard Int(list.sources[i]) < sourceCount else { throw StoreError.invalidContents(what: what, problem: "edge \(i): source index \(list.sources[i]) ≥ \(sourceCount) nodes") }
                guard Int(list.targets[i]) < targetCount else { throw StoreError.invalidContents(what: what, problem: "edge \(i): target index \(list.targets[i]) ≥ \(targetCount) nodes") }
                guard list.weights[i].isFinite else { throw StoreError.invalidContents(what: what, problem: "edge \(i): weight \(list.weights[i]) is not finite") }
            }
            if population.isSymmetric {
                if population.sourcePopulation == population.targetPopulation {
                    for i in 0..<list.count where list.sources[i] > list.targets[i] {
                        throw StoreError.invalidContents(what: what, problem: "gap junction \(i) is not in canonical order (source index ≤ target index)")
                    }
                } else if population.sourcePopulation > population.targetPopulation {
                    throw StoreError.invalidContents(what: what, problem: "a symmetric population between two node populations must name the alphabetically first as source")
                }
            }
        }
        for connectome in connectomes {
            guard StoreFormat.isValidName(connectome.name) else { throw StoreError.invalidName(kind: "connectome", name: connectome.name) }
            for name in connectome.nodePopulations where nodeCounts[name] == nil {
                throw StoreError.invalidContents(what: "connectome \(connectome.name)", problem: "node population \(name) does not exist")
            }
        }
    }
}
