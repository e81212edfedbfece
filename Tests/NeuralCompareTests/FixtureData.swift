import Foundation
@testable import NeuralCompare

/// The reference datasets and library results in Fixtures/ (made by generate_reference.py
/// with rsatoolbox 0.3.2, scikit-learn 1.9.1 and himalaya 0.4.11; see CONVENTIONS.md).
enum Fixture {
    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!.path
    }

    static func json(_ name: String) -> [String: Any] {
        let data = try! Data(contentsOf: URL(fileURLWithPath: path(name)))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    nonisolated(unsafe) static let rsa = json("rsa_reference.json")
    nonisolated(unsafe) static let regression = json("regression_reference.json")
    nonisolated(unsafe) static let hand = json("hand_examples.json")

    /// Subject `s`'s patterns (observations labelled by run and condition).
    static func subject(_ s: Int, counts: Bool = false) throws -> PatternSet {
        let table = try ArrayFile.read(path(counts ? "rsa_counts_subject\(s).csv" : "rsa_subject\(s).csv"))
        let names = table.columnNames!
        let m = try table.matrix()
        let run = names.firstIndex(of: "run")!, condition = names.firstIndex(of: "condition")!
        let channels = names.indices.filter { names[$0].hasPrefix("ch") }
        return try PatternSet(name: "subject\(s)", measurements: m.selecting(columns: channels),
                              conditions: m.column(condition).map { Int($0) }, runs: m.column(run).map { Int($0) })
    }

    static func models() throws -> [RDM] {
        let table = try ArrayFile.read(path("rsa_model_rdms.csv"))
        let names = table.columnNames!
        let m = try table.matrix()
        return ["categorical", "ordinal", "true_structure", "random"].map { name in
            RDM(conditions: 8, vector: m.column(names.firstIndex(of: name)!), name: name)
        }
    }

    static func value(_ node: Any?) -> Any? { (node as? [String: Any])?["value"] ?? node }
    static func numbers(_ node: Any?) -> [Double] { (value(node) as! [NSNumber]).map(\.doubleValue) }
    static func matrix(_ node: Any?) -> [[Double]] { (value(node) as! [[NSNumber]]).map { $0.map(\.doubleValue) } }
    static func dig(_ root: [String: Any], _ keys: String...) -> Any? {
        var node: Any? = root
        for key in keys { node = (node as? [String: Any])?[key] }
        return node
    }
}

/// |a − b| ≤ tolerance·max(1, |b|): relative for large values, absolute near zero.
func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool { abs(a - b) <= tolerance * max(1, abs(b)) }
