import ConnectomeCore
import ConnectomeStore
import Foundation
import HDF5
import Testing

/// Each case breaks one invariant of a valid store, the way a buggy writer or a bad copy
/// would, and names the dataset and words the error must mention.
struct Corruption: CustomTestStringConvertible, Sendable {
    let name: String
    /// Words the error message must contain (dataset path and problem).
    let expected: [String]
    let apply: @Sendable (HDF5Group) throws -> Void
    var testDescription: String { name }

    static let population = "edges/test.chemical.cells.cells"

    /// Replaces a dataset with new numeric contents.
    static func replace<T: HDF5Scalar>(_ root: HDF5Group, _ path: String, with transform: ([T]) -> [T]) throws {
        let values: [T] = try root.dataset(path).read(as: T.self)
        let parentPath = (path as NSString).deletingLastPathComponent, name = (path as NSString).lastPathComponent
        let parent = try root.group(parentPath)
        try parent.removeLink(name)
        try parent.createDataset(name, values: transform(values))
    }

    static let all: [Corruption] = [
        Corruption(name: "indptr decreases", expected: ["\(population)/indptr", "decreases"]) { root in
            try replace(root, population + "/indptr") { (v: [UInt64]) in var v = v; v[5] = v[4] &- 1; v[4] = v[6]; return v }
        },
        Corruption(name: "indptr has the wrong length", expected: ["\(population)/indptr", "entries", "n_nodes"]) { root in
            try replace(root, population + "/indptr") { (v: [UInt64]) in Array(v.dropFirst()) }
        },
        Corruption(name: "indptr does not end at the edge count", expected: ["\(population)/indptr", "ends at"]) { root in
            try replace(root, population + "/indptr") { (v: [UInt64]) in var v = v; v[v.count - 1] -= 1; return v }
        },
        Corruption(name: "target out of range", expected: ["\(population)/target", "outside the 30 nodes"]) { root in
            try replace(root, population + "/target") { (v: [UInt32]) in var v = v; v[v.count - 1] = 30; return v }
        },
        Corruption(name: "row not sorted (duplicate edge)", expected: ["\(population)/target", "not strictly ascending"]) { root in
            let indptr = try root.dataset(population + "/indptr").read(as: UInt64.self)
            let row = (0..<30).first { indptr[$0 + 1] - indptr[$0] >= 2 }!
            try replace(root, population + "/target") { (v: [UInt32]) in var v = v; v[Int(indptr[row]) + 1] = v[Int(indptr[row])]; return v }
        },
        Corruption(name: "NaN weight", expected: ["\(population)/attributes/weight", "not a finite number"]) { root in
            let parent = try root.group(population + "/attributes")
            let n = try parent.dataset("weight").count
            try parent.removeLink("weight")
            try parent.createDataset("weight", values: (0..<n).map { $0 == 3 ? Float.nan : Float(1) })
        },
        Corruption(name: "weight length differs from target", expected: ["\(population)/attributes/weight", "entries"]) { root in
            try replace(root, population + "/attributes/weight") { (v: [Int32]) in Array(v.dropLast()) }
        },
        Corruption(name: "target dataset missing", expected: ["\(population)/target", "missing"]) { root in
            try root.group(population).removeLink("target")
        },
        Corruption(name: "reverse index points at the wrong edge", expected: ["\(population)/reverse/edge"]) { root in
            try replace(root, population + "/reverse/edge") { (v: [UInt32]) in var v = v; v.swapAt(0, v.count - 1); return v }
        },
        Corruption(name: "gap junction stored target < source", expected: ["edges/test.electrical.cells.cells/target", "source ≤ target"]) { root in
            // Move a (s, t) with s < t so that it sits in row t with target s: rebuild the population's target column.
            let path = "edges/test.electrical.cells.cells"
            let indptr = try root.dataset(path + "/indptr").read(as: UInt64.self)
            let row = (0..<30).first { r in indptr[r + 1] > indptr[r] && r > 0 }!
            try replace(root, path + "/target") { (v: [UInt32]) in var v = v; v[Int(indptr[row])] = 0; return v }
        },
        Corruption(name: "names shorter than n_nodes", expected: ["nodes/cells/name", "n_nodes"]) { root in
            let parent = try root.group("nodes/cells")
            let names = try parent.dataset("name").readStrings()
            try parent.removeLink("name")
            try parent.createStringDataset("name", values: Array(names.dropLast()))
        },
        Corruption(name: "edge population names a missing node population", expected: ["\(population)", "does not exist"]) { root in
            try root.group(population).setAttribute("target_population", "ghosts")
        },
        Corruption(name: "format version from the future", expected: ["format version 2", "newer", "Upgrade"]) { root in
            try root.setAttribute("format_version", UInt32(2))
        },
        Corruption(name: "not a plexus store", expected: ["not a Plexus connectome store", "format"]) { root in
            try root.setAttribute("format", "something-else")
        },
        Corruption(name: "dangling connectome link", expected: ["connectomes/test/edges", "does not resolve"]) { root in
            try root.group("connectomes/test/edges").createSoftLink("zzz", to: "/edges/zzz")
        },
    ]
}

@Suite("Corrupted stores are rejected with a message naming the dataset")
struct CorruptStoreTests {
    @Test(arguments: Corruption.all)
    func rejected(_ corruption: Corruption) throws {
        let directory = TemporaryDirectory()
        let path = directory.file("s.h5")
        try RandomStore(seed: 5).write(to: path)
        _ = try StoreFile.open(path)  // valid before
        do {
            let root = try HDF5File.open(path, writable: true).root()
            try corruption.apply(root)
        }
        do {
            let store = try StoreFile.open(path)
            try store.validate()
            Issue.record("\(corruption.name): the corrupted store was accepted")
        } catch {
            let message = "\(error)"
            for word in corruption.expected {
                #expect(message.contains(word), "\(corruption.name): message \"\(message)\" lacks \"\(word)\"")
            }
            #expect(message.contains(path), "\(corruption.name): message names the file")
        }
    }

    @Test("a truncated file and a text file are reported as not readable HDF5")
    func truncatedAndForeignFiles() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("s.h5")
        try RandomStore(seed: 5).write(to: path)
        let bytes = FileManager.default.contents(atPath: path)!
        _ = FileManager.default.createFile(atPath: directory.file("cut.h5"), contents: bytes.prefix(bytes.count / 2))
        _ = directory.write("text.h5", "pre,post,kind,weight\n")
        for (file, words) in [("cut.h5", ["cut.h5", "cannot open as HDF5"]), ("text.h5", ["text.h5", "not an HDF5 file"]),
                              ("missing.h5", ["missing.h5", "no such file"])] {
            do {
                let store = try StoreFile.open(directory.file(file))
                try store.validate()
                Issue.record("\(file) was accepted")
            } catch {
                for word in words { #expect("\(error)".contains(word), "\(file): \(error)") }
            }
        }
    }
}
