import ConnectomeCore
import HDF5

extension EdgePopulation {
    private func violation(_ dataset: String, _ problem: String) -> StoreError {
        .invariant(file: store.path, dataset: group.path + "/" + dataset, problem: problem)
    }

    /// Cheap checks that read no per-edge data: populations exist, datasets exist with
    /// matching lengths, and `indptr` starts at 0 and ends at the edge count.
    func checkStructure() throws {
        let sourceCount = try population(sourcePopulation, role: "source_population").count
        let targetCount = try population(targetPopulation, role: "target_population").count
        for dataset in ["indptr", "target", "attributes/weight"] where !group.isDataset(dataset) {
            throw violation(dataset, "dataset is missing")
        }
        let indptr = try group.dataset("indptr")
        guard indptr.count == sourceCount + 1 else {
            throw violation("indptr", "has \(indptr.count) entries; expected n_nodes(\(sourcePopulation)) + 1 = \(sourceCount + 1)")
        }
        try checkEnds(of: indptr, name: "indptr")
        for attribute in try group.group("attributes").childNames() {
            let dataset = try group.dataset("attributes/\(attribute)")
            guard dataset.count == count else {
                throw violation("attributes/\(attribute)", "has \(dataset.count) entries but target has \(count)")
            }
        }
        if group.exists("reverse") {
            for dataset in ["reverse/indptr", "reverse/source", "reverse/edge"] where !group.isDataset(dataset) {
                throw violation(dataset, "dataset is missing")
            }
            let reverse = try group.dataset("reverse/indptr")
            guard reverse.count == targetCount + 1 else {
                throw violation("reverse/indptr", "has \(reverse.count) entries; expected n_nodes(\(targetPopulation)) + 1 = \(targetCount + 1)")
            }
            try checkEnds(of: reverse, name: "reverse/indptr")
            for dataset in ["reverse/source", "reverse/edge"] where try group.dataset(dataset).count != count {
                throw violation(dataset, "has \(try group.dataset(dataset).count) entries but target has \(count)")
            }
        }
        if isSymmetric && sourcePopulation != targetPopulation && sourcePopulation > targetPopulation {
            throw violation("", "symmetric population must name the alphabetically first population as source")
        }
    }

    private func population(_ name: String, role: String) throws -> NodePopulation {
        guard store.nodePopulationNames.contains(name) else {
            throw StoreError.invariant(file: store.path, dataset: group.path,
                                       problem: "\(role) names node population \"\(name)\", which does not exist")
        }
        return try store.nodePopulation(name)
    }

    private func checkEnds(of indptr: HDF5Dataset, name: String) throws {
        let n = indptr.count
        let first = try indptr.read(as: UInt64.self, range: 0..<1)[0]
        let last = try indptr.read(as: UInt64.self, range: (n - 1)..<n)[0]
        guard first == 0 else { throw violation(name, "starts at \(first), not 0") }
        guard last == UInt64(count) else { throw violation(name, "ends at \(last) but there are \(count) edges") }
    }

    /// Full scan, in chunks of ``HDF5Layout/chunkElements`` so memory stays bounded:
    /// `indptr` never decreases, targets are in range and ascend within a row (no duplicate
    /// edges), symmetric same-population edges have source ≤ target, weights are finite,
    /// and the reverse index is a permutation consistent with the forward one.
    func checkContents() throws {
        let targetCount = try store.nodePopulation(targetPopulation).count
        let indptr = try group.dataset("indptr").read(as: UInt64.self)
        for i in 1..<indptr.count where indptr[i] < indptr[i - 1] {
            throw violation("indptr", "decreases at entry \(i) (\(indptr[i - 1]) then \(indptr[i]))")
        }
        let targetSet = try group.dataset("target")
        let weightSet = try group.dataset("attributes/weight")
        let step = HDF5Layout.chunkElements * 16
        var row = 0
        var start = 0
        while start < count {
            let range = start..<min(count, start + step)
            let targets = try targetSet.read(as: UInt32.self, range: range)
            let weights = try weightSet.read(as: Double.self, range: range)
            for (offset, edge) in range.enumerated() {
                while Int(indptr[row + 1]) <= edge { row += 1 }
                let target = Int(targets[offset])
                guard target < targetCount else {
                    throw violation("target", "entry \(edge) is \(target), outside the \(targetCount) nodes of \(targetPopulation)")
                }
                if edge > Int(indptr[row]), offset > 0, targets[offset - 1] >= targets[offset] {
                    throw violation("target", "row \(row) is not strictly ascending at entry \(edge) (duplicate or unsorted edge)")
                }
                if isSymmetric && sourcePopulation == targetPopulation && target < row {
                    throw violation("target", "gap junction \(edge) (\(row)→\(target)) is not stored with source ≤ target")
                }
                guard weights[offset].isFinite else {
                    throw violation("attributes/weight", "entry \(edge) is \(weights[offset]), not a finite number")
                }
            }
            start = range.upperBound
        }
        if hasReverseIndex { try checkReverseIndex(indptr: indptr) }
    }

    /// The reverse index must list, for each target, exactly the forward edges that end there.
    private func checkReverseIndex(indptr: [UInt64]) throws {
        let reverseIndptr = try group.dataset("reverse/indptr").read(as: UInt64.self)
        for i in 1..<reverseIndptr.count where reverseIndptr[i] < reverseIndptr[i - 1] {
            throw violation("reverse/indptr", "decreases at entry \(i)")
        }
        // Large populations: the forward checks above already bound memory; the reverse
        // permutation check needs the full target array, so it is limited to what fits easily.
        guard count <= StoreFormat.eagerValidationLimit * 10 else { return }
        let targets = try group.dataset("target").read(as: UInt32.self)
        let sources = try group.dataset("reverse/source").read(as: UInt32.self)
        let edges = try group.dataset("reverse/edge").read(as: UInt32.self)
        var seen = [Bool](repeating: false, count: count)
        for column in 0..<(reverseIndptr.count - 1) {
            for slot in Int(reverseIndptr[column])..<Int(reverseIndptr[column + 1]) {
                let edge = Int(edges[slot])
                guard edge < count, !seen[edge] else {
                    throw violation("reverse/edge", "entry \(slot) (\(edge)) is out of range or repeated")
                }
                seen[edge] = true
                guard Int(targets[edge]) == column else {
                    throw violation("reverse/edge", "entry \(slot) points to edge \(edge), whose target is \(targets[edge]), not \(column)")
                }
                let source = Int(sources[slot])
                guard source + 1 < indptr.count, Int(indptr[source]) <= edge, edge < Int(indptr[source + 1]) else {
                    throw violation("reverse/source", "entry \(slot) says source \(source), but edge \(edge) belongs to another row")
                }
            }
        }
    }
}
