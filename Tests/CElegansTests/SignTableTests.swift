import CElegans
import Foundation
import SpikingEngine
import Testing

/// Sign presets and tables: what they change, and bad tables refused with the line.
@Suite("Synapse signs")
struct SignTableTests {
    static func table(_ text: String, allowUnsigned: Bool = false) throws -> SignTable {
        let path = NSTemporaryDirectory() + "signs-\(UUID().uuidString).csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        return try SignTable.read(path: path, name: "test", neurons: CSVConnectome.shared.cells.names, allowUnsigned: allowUnsigned)
    }

    static func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test("a table flips exactly the edges it lists; the rest keep their transmitter sign")
    func tableOverridesTransmitter() throws {
        let parameters = GradedWormParameters()
        let plain = try GradedWorm.build(provider: CSVConnectome.shared, connectome: "cook2019_herm", parameters: parameters)
        // ALML → AVDR exists in Cook et al. 2019 (ALM is cholinergic, so + by transmitter).
        let signed = try GradedWorm.build(provider: CSVConnectome.shared, connectome: "cook2019_herm", parameters: parameters,
                                          signs: .table(Self.table("pre,post,sign\nALML,AVDR,-1\n")))
        #expect(signed.composition.inhibitory == plain.composition.inhibitory + 1)
        #expect(signed.composition.signedByRule == 1)
        #expect(signed.composition.signedByTransmitterFallback == plain.composition.chemicalConnections - 1)
    }

    @Test("chalfie makes ALM/AVM → AVB/PVC and PLM → AVA/AVD inhibitory and nothing else")
    func chalfie() throws {
        let cells = CSVConnectome.shared.cells
        let edges = try CSVConnectome.shared.edges(of: "cook2019_herm", kind: .chemical)
        let expected = edges.pre.indices.filter { k in
            let pre = cells.classes[edges.pre[k]], post = cells.classes[edges.post[k]]
            return (["ALM", "AVM"].contains(pre) && ["AVB", "PVC"].contains(post)) || (pre == "PLM" && ["AVA", "AVD"].contains(post))
        }.count
        let worm = try GradedWorm.build(provider: CSVConnectome.shared, connectome: "cook2019_herm", parameters: GradedWormParameters(), signs: .chalfie)
        #expect(expected > 0)
        #expect(worm.composition.signedByRule == expected)
    }

    @Test("the shipped Fenyves et al. 2020 table loads with the counts scripts/check_fenyves2020.py states")
    func fenyves() throws {
        let path = CSVConnectome.repository.appendingPathComponent("connectomes/signs/fenyves2020.csv").path
        let table = try SignTable.read(path: path, name: "fenyves2020", neurons: CSVConnectome.shared.cells.names, allowUnsigned: true)
        #expect(table.rowCount == 3638)
        let worm = try GradedWorm.build(provider: CSVConnectome.shared, connectome: "cook2019_herm", parameters: GradedWormParameters(), signs: .table(table))
        // connectomes/signs/README.md: 1705 Cook pairs get a definite sign (1296 +, 409 −).
        #expect(worm.composition.signedByRule == 1705)
    }

    @Test("the fenyves2020 preset on a connectome lacking some of its cells skips their rows and says how many")
    func presetOnOtherCells() throws {
        let cells = CSVConnectome.shared.cells.names.filter { $0 != "AVAL" }
        let signs = try SynapseSigns.named("fenyves2020", neurons: cells,
                                           signsDirectory: CSVConnectome.repository.appendingPathComponent("connectomes/signs").path)
        #expect(signs.name.hasPrefix("fenyves2020 (") && signs.name.contains("skipped"), "\(signs.name)")
    }

    @Test("bad tables: unknown neuron, a sign other than ±1, duplicate rows, missing columns; each names the line")
    func badTables() {
        let unknown = Self.message { _ = try Self.table("pre,post,sign\nALML,AVDR,1\nALMX,AVDR,1\n") }
        #expect(unknown.contains("line 3") && unknown.contains("ALMX") && unknown.contains("ALML"), "\(unknown)")
        let sign = Self.message { _ = try Self.table("pre,post,sign\nALML,AVDR,2\n") }
        #expect(sign.contains("line 2") && sign.contains("1 or -1"), "\(sign)")
        let empty = Self.message { _ = try Self.table("pre,post,sign\nALML,AVDR,\n") }
        #expect(empty.contains("line 2"), "\(empty)")
        let duplicate = Self.message { _ = try Self.table("pre,post,sign\nALML,AVDR,1\nAVM,AVDR,1\nALML,AVDR,-1\n") }
        #expect(duplicate.contains("lines 2 and 4"), "\(duplicate)")
        let header = Self.message { _ = try Self.table("from,to,sign\nALML,AVDR,1\n") }
        #expect(header.contains("line 1") && header.contains("pre, post and sign"), "\(header)")
        let bom = Self.message { _ = try Self.table("\u{FEFF}pre,post,sign\r\nALML,AVDR,-1\r\n") }
        #expect(bom == "no error", "\(bom)")
    }

    @Test("unknown cells in --ablate or stimuli are errors naming the option and the nearest name")
    func unknownCells() {
        let ablate = Self.message {
            _ = try GradedWorm.build(provider: CSVConnectome.shared, connectome: "cook2019_herm", parameters: GradedWormParameters(), ablate: ["AVDX"])
        }
        #expect(ablate.contains("--ablate") && ablate.contains("AVDX") && ablate.contains("AVD"), "\(ablate)")
    }
}

/// `--model-params` files of the graded worm: unknown keys, values that are not finite
/// numbers and conductances below zero are refused with the key; nothing else is guessed.
@Suite("Graded worm parameter files")
struct GradedParameterFileTests {
    static func read(_ text: String) -> String {
        let path = NSTemporaryDirectory() + "params-\(UUID().uuidString).json"
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        defer { unlink(path) }
        do {
            let parameters = try GradedWormParameters.read(overridesFrom: path)
            return "g_gap \(parameters.gapConductance)"
        } catch { return "\(error)" }
    }

    @Test("overrides apply, bad files name the key")
    func files() {
        #expect(Self.read(#"{"g_gap_nS": 0.05}"#) == "g_gap 0.05")
        #expect(Self.read(#"{"g_gap": 0.05}"#).contains("unknown parameter \"g_gap\""))
        #expect(Self.read(#"{"g_gap_nS": "0.05"}"#).contains("\"g_gap_nS\" must be a finite number"))
        #expect(Self.read(#"{"g_gap_nS": -1}"#).contains("\"g_gap_nS\" must be ≥ 0 nS"))
        #expect(Self.read(#"{"G_c_nS": 0}"#).contains("G_c"))
        #expect(Self.read(#"{"chemical_weight_per_contact": 0}"#).contains("must be > 0"))
        #expect(Self.read("[1, 2]").contains("not a JSON object"))
    }
}
