import NetworkModels
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Counts elements by their class attribute while checking that a document is well-formed XML.
final class ClassCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var titles: [String] = []
    private var inTitle = false
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if let cls = attributes["class"] { counts[cls, default: 0] += 1 }
        inTitle = name == "title"
        if inTitle { titles.append("") }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inTitle { titles[titles.count - 1] += string } }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { inTitle = false }
}

@Suite("plexus simulate, end to end")
struct SimulateCommandTests {
    static func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "plexus-sim-" + UUID().uuidString
    }

    /// The spiking (LIF) worm, 400 ms, written once per test run.
    static let worm: (directory: String, result: PlexusRunner.Output) = {
        let directory = temporaryDirectory()
        let result = PlexusRunner.run(["simulate", "celegans", "--model", "lif", "--duration", "400", "--out", directory, "--store", PlexusRunner.wormStore, "--quiet"],
                                      environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        return (directory, result)
    }()

    static func csvRows(_ path: String) throws -> [(Double, String)] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            let parts = line.split(separator: ",")
            return (Double(parts[0])!, String(parts[1]))
        }
    }

    @Test("the worm run writes every output; the SVG is XML with one mark per spike and all 302 neuron names")
    func wormOutputs() throws {
        let (directory, result) = Self.worm
        #expect(result.status == 0, "\(result.stderr)")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
        #expect(files == ["spikes.h5", "spikes.csv", "spikes.nwb", "raster.svg", "raster.png", "summary.json"])
        let rows = try Self.csvRows(directory + "/spikes.csv")
        #expect(rows.count > 50, "the worm is active")
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.0 <= $1.0 }, "CSV in time order")
        let counter = ClassCounter()
        let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: directory + "/raster.svg")))
        parser.delegate = counter
        #expect(parser.parse(), "raster.svg is well-formed XML")
        #expect(counter.counts["spike"] == rows.count, "one mark per spike")
        #expect(Set(counter.titles).count == 302 && counter.titles.contains("AVAL") && counter.titles.contains("PLMR"))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/summary.json"))) as! [String: Any]
        let neurons = summary["neurons"] as! [[String: Any]]
        #expect(neurons.count == 302)
        #expect(neurons.reduce(0) { $0 + ($1["spikes"] as! Int) } == rows.count)
        #expect(Set(neurons.map { $0["name"] as! String }) == Set(counter.titles))
    }

    @Test("raster.png decodes to the declared size (PNG signature, IHDR, and the inflated image data length)")
    func pngDecodes() throws {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.worm.directory + "/raster.png")))
        #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func be32(_ k: Int) -> Int { Int(data[k]) << 24 | Int(data[k + 1]) << 16 | Int(data[k + 2]) << 8 | Int(data[k + 3]) }
        #expect(String(decoding: data[12..<16], as: UTF8.self) == "IHDR")
        let width = be32(16), height = be32(20)
        #expect(width == 1000 && height > 600)
        #expect(data[24] == 8 && data[25] == 2, "8-bit RGB")
        // Inflate the IDAT chunks: each scanline is one filter byte plus 3 bytes per pixel.
        var offset = 8, idat: [UInt8] = []
        while offset < data.count {
            let length = be32(offset), type = String(decoding: data[(offset + 4)..<(offset + 8)], as: UTF8.self)
            if type == "IDAT" { idat += data[(offset + 8)..<(offset + 8 + length)] }
            offset += 12 + length
        }
        let inflated = inflate(idat, expected: (width * 3 + 1) * height)
        #expect(inflated?.count == (width * 3 + 1) * height)
    }

    @Test("the same seed gives byte-identical spikes, NWB and SVG files")
    func sameSeedSameFiles() throws {
        let other = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: other) }
        let result = PlexusRunner.run(["simulate", "celegans", "--model", "lif", "--duration", "400", "--out", other, "--store", PlexusRunner.wormStore, "--quiet"],
                                      environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(result.status == 0)
        for file in ["spikes.h5", "spikes.csv", "spikes.nwb", "raster.svg", "raster.png"] {
            #expect(FileManager.default.contents(atPath: Self.worm.directory + "/" + file) == FileManager.default.contents(atPath: other + "/" + file), "\(file)")
        }
        let differentSeed = PlexusRunner.run(["simulate", "celegans", "--model", "lif", "--duration", "400", "--seed", "2", "--out", other, "--store", PlexusRunner.wormStore, "--quiet"])
        #expect(differentSeed.status == 0)
        #expect(FileManager.default.contents(atPath: Self.worm.directory + "/spikes.csv") != FileManager.default.contents(atPath: other + "/spikes.csv"))
    }

    @Test("plexus raster redraws a spikes.h5 with the same marks")
    func redraw() throws {
        let out = Self.worm.directory + "/redraw.svg"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = PlexusRunner.run(["raster", Self.worm.directory + "/spikes.h5", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: Self.worm.directory + "/raster.svg")))
    }

    @Test("bad input: a clear message, non-zero exit, nothing written", arguments: [
        (["--stimulus", "touch-lateral"], ["touch-lateral", "touch-anterior"]),
        (["--stimulate", "AVAX:20:100-200"], ["AVAX", "did you mean AVAL or AVAR"]),
        (["--stimulate", "AVAL:twenty:100-200"], ["NEURON[,NEURON...]:AMPLITUDE:START-STOP"]),
        (["--duration", "0"], ["--duration must be > 0"]),
        (["--duration=-5"], ["--duration must be > 0"]),
        (["--ablate", "AVDL,AVDX"], ["--ablate", "AVDX", "AVDL or AVDR"]),
        (["--signs", "/nonexistent/signs.csv"], ["--signs", "neither a preset"]),
        (["--dt", "0"], ["--dt must be > 0"]),
        (["--dt", "2"], ["--dt must be > 0 and ≤ 1.0 ms"]),
        (["--amplitude", "nan"], ["--amplitude must be a finite current"]),
        (["--neurons", "AVAL"], ["add --perturbation-map"]),
        (["--perturbation-map", "--neurons", "AVAX"], ["--neurons", "AVAX"]),
        (["--model", "lif", "--signs", "chalfie"], ["--signs apply to the graded worm only"]),
        (["--record-interval", "0.25"], ["multiple of the resolution"]),
        (["--stimulus-duration", "0"], ["--stimulus-duration must be > 0"]),
        (["--record-interval", "1e300"], ["at most the duration"]),
        (["--perturbation-map", "--stimulus", "nociception"], ["drop --stimulate and --stimulus"]),
    ])
    func badInput(arguments: [String], expected: [String]) {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = PlexusRunner.run(["simulate", "celegans", "--out", directory, "--store", PlexusRunner.wormStore, "--quiet"] + arguments)
        #expect(result.status != 0)
        for word in expected { #expect(result.stderr.contains(word), "\(arguments): \(result.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: directory), "no output directory for a rejected run")
    }

    @Test("an unwritable output directory is reported before simulating")
    func unwritableOutput() throws {
        let blocker = Self.temporaryDirectory()
        try "not a directory".write(toFile: blocker, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        let result = PlexusRunner.run(["simulate", "celegans", "--out", blocker + "/sub", "--store", PlexusRunner.wormStore, "--quiet"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot create output directory"), "\(result.stderr)")
    }

    @Test("a model file runs and its summary, CSV and HDF5 agree; errors name the file and JSON path")
    func modelFile() throws {
        let directory = Self.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = """
        { "name": "tiny", "simulation": { "duration_ms": 200, "seed": 3 },
          "populations": [ { "name": "E", "size": 50, "parameters": { "tau_m": 20, "E_L": -70, "V_th": -55, "V_reset": -70 } } ],
          "projections": [ { "source": "E", "target": "E", "rule": "fixed_probability", "p": 0.1, "weight": 1.0, "delay": 1.5 } ],
          "stimuli": [ { "type": "poisson", "rate_hz": 2000, "weight": 1.0, "targets": "all" } ] }
        """
        try model.write(toFile: directory + "/tiny.json", atomically: true, encoding: .utf8)
        let result = PlexusRunner.run(["simulate", directory + "/tiny.json", "--out", directory + "/out", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let rows = try Self.csvRows(directory + "/out/spikes.csv")
        #expect(summary["spikes"] as? Int == rows.count && rows.count > 0)

        let bad = model.replacingOccurrences(of: "\"tau_m\"", with: "\"tau_mem\"")
        try bad.write(toFile: directory + "/bad.json", atomically: true, encoding: .utf8)
        let failure = PlexusRunner.run(["simulate", directory + "/bad.json", "--out", directory + "/bad"])
        #expect(failure.status != 0)
        #expect(failure.stderr.contains("bad.json: populations[0].parameters.tau_mem: unknown LIF parameter \"tau_mem\"; did you mean tau_m?"), "\(failure.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/bad"))
    }
}

@Suite("plexus simulate with McCulloch–Pitts model files")
struct BinaryModelFileTests {
    @Test("examples/xor.json computes XOR for every pair of clamped inputs", arguments: [(0, 0), (0, 1), (1, 0), (1, 1)])
    func xor(a: Int, b: Int) throws {
        let directory = NSTemporaryDirectory() + "plexus-xor-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let example = try String(contentsOf: PlexusRunner.repository.appendingPathComponent("examples/xor.json"), encoding: .utf8)
        let model = example
            .replacingOccurrences(of: "\"name\": \"input 0 on\", \"type\": \"clamp\", \"value\": 1", with: "\"name\": \"input 0\", \"type\": \"clamp\", \"value\": \(a)")
            .replacingOccurrences(of: "\"name\": \"input 1 off\", \"type\": \"clamp\", \"value\": 0", with: "\"name\": \"input 1\", \"type\": \"clamp\", \"value\": \(b)")
        #expect(model != example || (a, b) == (1, 0))
        try model.write(toFile: directory + "/xor.json", atomically: true, encoding: .utf8)
        let result = PlexusRunner.run(["simulate", directory + "/xor.json", "--out", directory + "/out", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let active = summary["finalActive"] as! [String]
        #expect(active.contains("out[0]") == (a != b), "inputs \(a), \(b): \(active)")
        // The CSV holds one row per active unit per step.
        let rows = try String(contentsOfFile: directory + "/out/spikes.csv", encoding: .utf8).split(separator: "\n").count - 1
        #expect(rows == (summary["activePerStep"] as! [Int]).reduce(0, +))
    }

    @Test("mixing McCulloch–Pitts and LIF populations is rejected")
    func mixed() throws {
        let directory = NSTemporaryDirectory() + "plexus-mixed-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try """
        { "populations": [ { "name": "a", "size": 2, "model": "mcculloch_pitts" }, { "name": "b", "size": 2 } ] }
        """.write(toFile: directory + "/m.json", atomically: true, encoding: .utf8)
        let result = PlexusRunner.run(["simulate", directory + "/m.json", "--out", directory + "/out"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot be mixed"), "\(result.stderr)")
    }
}

@Suite("plexus simulate with plastic projections")
struct PlasticModelFileTests {
    static let model = """
    { "name": "plastic", "simulation": { "duration_ms": 500, "seed": 5 },
      "populations": [ { "name": "in", "size": 40, "parameters": { "tau_m": 10, "E_L": -70, "V_th": -55, "V_reset": -70, "t_ref": 0 } },
                       { "name": "out", "size": 2, "parameters": { "tau_m": 10, "E_L": -70, "V_th": -55, "V_reset": -70 } } ],
      "projections": [ { "name": "learned", "source": "in", "target": "out", "rule": "all_to_all", "weight": 2.0, "delay": 1.0,
                         "plasticity": { "rule": "stdp", "tau_plus": 20, "tau_minus": 20, "lambda": 0.05, "alpha": 1.05, "w_max": 4 } } ],
      "stimuli": [ { "type": "poisson", "rate_hz": 15, "weight": 20, "targets": { "population": "in" } } ],
      "record": { "weights_interval_ms": 100 } }
    """

    func run(_ text: String) throws -> (PlexusRunner.Output, String) {
        let directory = NSTemporaryDirectory() + "plexus-plastic-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try text.write(toFile: directory + "/m.json", atomically: true, encoding: .utf8)
        return (PlexusRunner.run(["simulate", directory + "/m.json", "--out", directory + "/out", "--quiet"]), directory)
    }

    @Test("final weights are written for every plastic synapse, within [0, w_max], with a histogram")
    func weights() throws {
        let (result, directory) = try run(Self.model)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try String(contentsOfFile: directory + "/out/weights.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == 80)
        let weights = rows.map { Double($0.split(separator: ",")[2])! }
        #expect(weights.allSatisfy { $0 >= 0 && $0 <= 4 })
        #expect(weights.contains { $0 != 2.0 }, "learning changed some weights")
        #expect(FileManager.default.fileExists(atPath: directory + "/out/weights.svg"))
        #expect(FileManager.default.fileExists(atPath: directory + "/out/weights.h5"), "snapshots every 100 ms")
    }

    @Test("bad plasticity is rejected naming the projection", arguments: [
        ("\"w_max\": 4", "\"w_max\": 0", ["learned", "w_max"]),
        ("\"tau_plus\": 20", "\"tau_plus\": -5", ["learned", "tau_plus"]),
        ("\"rule\": \"stdp\"", "\"rule\": \"bcm\"", ["learned", "unknown plasticity rule \"bcm\""]),
        ("\"lambda\": 0.05", "\"lamda\": 0.05", ["unknown plasticity parameter \"lamda\"", "did you mean lambda?"]),
    ])
    func badPlasticity(find: String, replace: String, expected: [String]) throws {
        let (result, directory) = try run(Self.model.replacingOccurrences(of: find, with: replace))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(result.status != 0)
        for word in expected { #expect(result.stderr.contains(word), "\(result.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
    }
}

extension PlasticModelFileTests {
    @Test("plasticity on gap junctions is rejected")
    func plasticGapJunctions() throws {
        let model = """
        { "populations": [ { "name": "worm", "connectome": "cook2019_herm" } ],
          "projections": [ { "name": "gaps", "source": "worm", "target": "worm", "rule": "connectome", "kind": "electrical",
                             "conductance_nS": 0.1, "plasticity": { "w_max": 1 } } ] }
        """
        let (result, directory) = try run(model)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(result.status != 0)
        #expect(result.stderr.contains("gaps: gap junctions cannot be plastic"), "\(result.stderr)")
    }
}

extension PlasticModelFileTests {
    static let wormModel = """
    { "name": "worm-stdp", "simulation": { "duration_ms": 200, "seed": 2 },
      "populations": [ { "name": "worm", "connectome": "varshney2011",
                         "parameters": { "tau_m": 10, "C_m": 10, "E_L": -65, "V_th": -50, "V_reset": -65, "synapse": "exponential", "tau_syn_ex": 5, "tau_syn_in": 8 } } ],
      "projections": [ { "name": "chemical", "source": "worm", "target": "worm", "rule": "connectome", "kind": "chemical", "weight": 1.0,
                         "transmitter_signs": { "acetylcholine": 1, "glutamate": 1, "GABA": 1, "unknown": 1, "": 1 },
                         "plasticity": { "w_max": 40, "lambda": 0.01 } } ],
      "stimuli": [ { "type": "poisson", "rate_hz": 100, "weight": 12, "targets": "all" } ] }
    """

    @Test("--save-weights adds the learned weights to the store as a new connectome with provenance")
    func saveWeights() throws {
        let directory = NSTemporaryDirectory() + "plexus-save-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(atPath: PlexusRunner.wormStore, toPath: directory + "/store.h5")
        try Self.wormModel.write(toFile: directory + "/m.json", atomically: true, encoding: .utf8)
        let result = PlexusRunner.run(["simulate", directory + "/m.json", "--store", directory + "/store.h5", "--save-weights", "learned",
                                       "--out", directory + "/out", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let info = PlexusRunner.run(["connectome", "info", "learned", "--store", directory + "/store.h5", "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as! [String: Any]
        #expect((json["description"] as! String).contains("plastic copy of varshney2011 after 200.0 ms, seed 2"))
        #expect((json["edgesByKind"] as! [String: Int])["chemical"] == 2194, "every Varshney chemical connection")
        let weights = try String(contentsOfFile: directory + "/out/weights.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        let total = weights.reduce(0.0) { $0 + Double($1.split(separator: ",")[2])! }
        #expect(abs((json["weightByKind"] as! [String: Double])["chemical"]! - total) < 1e-6 * total, "the store holds the learned weights")
        // Without an explicit store the option is refused before simulating.
        let refused = PlexusRunner.run(["simulate", directory + "/m.json", "--save-weights", "again", "--out", directory + "/out2"])
        #expect(refused.status != 0 && refused.stderr.contains("give --store PATH explicitly"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/out2"))
    }
}
