import Foundation
import Testing

@Suite("plexus connectome, end to end")
struct ConnectomeCommandTests {
    let store = PlexusRunner.wormStore

    @Test("help lists every subcommand (golden text)")
    func help() throws {
        let result = PlexusRunner.run(["connectome", "--help"])
        #expect(result.status == 0)
        let golden = try String(contentsOf: PlexusRunner.repository.appendingPathComponent("Tests/CLITests/Golden/connectome-help.txt"), encoding: .utf8)
        #expect(result.stdout == golden, "update Tests/CLITests/Golden/connectome-help.txt if the change is intended")
    }

    @Test("info --json gives Varshney's published gap-junction total and Cook's 473 cells")
    func infoJSON() throws {
        for (name, key, value) in [("varshney2011", "electrical", 890.0), ("cook2019_herm", "chemical", 28113.0)] {
            let result = PlexusRunner.run(["connectome", "info", name, "--store", store, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
            #expect((json["weightByKind"] as! [String: Double])[key] == value, "\(name)")
        }
        let cook = PlexusRunner.run(["connectome", "info", "cook2019_herm", "--store", store, "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(cook.stdout.utf8)) as! [String: Any]
        #expect(json["connectedNodes"] as? Int == 473)
    }

    @Test("neighbors lists AVAL's gap-junction partners")
    func neighbors() throws {
        let result = PlexusRunner.run(["connectome", "neighbors", "cook2019_herm", "AVAL", "--kind", "electrical", "--store", store, "--json"])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let partners = json["neighbors"] as! [[String: Any]]
        #expect(partners.count == 45)
        #expect(partners.contains { $0["name"] as? String == "AVAR" })
    }

    @Test("export csv reproduces the shipped edge file")
    func exportCSV() throws {
        let out = NSTemporaryDirectory() + "plexus-export-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = PlexusRunner.run(["connectome", "export", "varshney2011", "--format", "csv", "--out", out, "--store", store])
        #expect(result.status == 0, "\(result.stderr)")
        let original = try String(contentsOf: PlexusRunner.repository.appendingPathComponent("connectomes/edges/varshney2011.csv"), encoding: .utf8)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == original)
    }

    @Test("bad input: one clear message, non-zero exit", arguments: [
        (["connectome", "neighbors", "cook2019_herm", "AVAX"], ["no neuron or cell named AVAX", "did you mean AVAL or AVAR"]),
        (["connectome", "info", "cook2020"], ["no connectome named cook2020", "cook2019_herm"]),
        (["connectome", "neighbors", "cook2019_herm", "AVAL", "--direction", "sideways"], ["sideways", "in", "out", "both"]),
    ])
    func badInput(arguments: [String], expected: [String]) {
        let result = PlexusRunner.run(arguments + ["--store", store])
        #expect(result.status != 0)
        for word in expected { #expect(result.stderr.contains(word), "\(arguments): \(result.stderr)") }
        #expect(!result.stderr.contains("Fatal error"), "no crash")
    }

    @Test("a missing or non-HDF5 store is named in the error")
    func badStore() throws {
        let text = NSTemporaryDirectory() + "plexus-not-a-store-\(UUID().uuidString).h5"
        try "pre,post\n".write(toFile: text, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: text) }
        for (path, words) in [(text, ["not an HDF5 file"]), ("/nonexistent/s.h5", ["/nonexistent/s.h5", "no such file"])] {
            let result = PlexusRunner.run(["connectome", "list", "--store", path])
            #expect(result.status != 0)
            for word in words { #expect(result.stderr.contains(word), "\(result.stderr)") }
        }
    }

    @Test("a failed import leaves no store and no temporary file behind")
    func failedImport() throws {
        let directory = NSTemporaryDirectory() + "plexus-import-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "pre,post,kind,weight\nA,B,chemical,1\nB,A,chemical,nan\n".write(toFile: directory + "/e.csv", atomically: true, encoding: .utf8)
        let result = PlexusRunner.run(["connectome", "import", "csv", directory + "/e.csv", "--name", "x", "--store", directory + "/s.h5"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("e.csv:3"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["e.csv"])
    }

    @Test("import csv, then validate and SONATA export/import through the CLI")
    func importValidateSONATA() throws {
        let directory = NSTemporaryDirectory() + "plexus-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "pre,post,kind,weight\nA,B,chemical,2\nB,C,electrical,1\n".write(toFile: directory + "/e.csv", atomically: true, encoding: .utf8)
        #expect(PlexusRunner.run(["connectome", "import", "csv", directory + "/e.csv", "--name", "toy", "--store", directory + "/s.h5"]).status == 0)
        let validate = PlexusRunner.run(["connectome", "validate", directory + "/s.h5"])
        #expect(validate.status == 0 && validate.stdout.contains("valid plexus store"))
        #expect(PlexusRunner.run(["connectome", "export", "toy", "--format", "sonata", "--out", directory + "/son", "--store", directory + "/s.h5"]).status == 0)
        #expect(PlexusRunner.run(["connectome", "import", "sonata", directory + "/son", "--store", directory + "/t.h5"]).status == 0)
        #expect(FileManager.default.contents(atPath: directory + "/s.h5") == FileManager.default.contents(atPath: directory + "/t.h5"))
    }
}

@Suite("plexus connectome on a full disk")
struct FullDiskTests {
    /// Runs plexus with a file-size limit (`ulimit -f`, in KiB) and SIGXFSZ ignored, so a write
    /// past the limit fails with EFBIG, as it would with ENOSPC on a full disk.
    func runLimited(_ arguments: [String], kilobytes: Int) -> PlexusRunner.Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "trap '' XFSZ; ulimit -f \(kilobytes); exec \"$0\" \"$@\"", PlexusRunner.binary] + arguments
        let err = Pipe(), out = Pipe()
        process.standardError = err
        process.standardOutput = out
        try! process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        _ = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return PlexusRunner.Output(status: process.terminationStatus, stdout: "", stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test("generating and importing into a full disk fail with a message and leave no store or temporary file")
    func fullDisk() throws {
        let directory = NSTemporaryDirectory() + "plexus-fulldisk-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let generate = runLimited(["connectome", "generate", "voxel", "--out", directory + "/g.h5", "--shape", "box", "--extent", "2000,2000,2000",
                                   "--resolution", "100", "--lambda", "200", "--out-degree", "60", "--quiet"], kilobytes: 256)
        #expect(generate.status != 0 && generate.status != 9 + 128, "an error, not a crash: status \(generate.status)")
        #expect(generate.stderr.contains("Error"), "\(generate.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        // A smaller graph (60,000 edges) as CSV, imported with runs of 40,000 edges (960 kB
        // each): the first run file hits the 256 kB limit.
        let full = PlexusRunner.run(["connectome", "generate", "voxel", "--out", directory + "/g.h5", "--shape", "box", "--extent", "1000,1000,1000",
                                     "--resolution", "100", "--lambda", "200", "--out-degree", "60", "--quiet"])
        #expect(full.status == 0, "\(full.stderr)")
        let csv = directory + "/e.csv"
        let export = PlexusRunner.run(["connectome", "export", "voxel", "--store", directory + "/g.h5", "--format", "csv", "--out", csv])
        #expect(export.status == 0, "\(export.stderr)")
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
        let imported = runLimited(["connectome", "import", "csv", csv, "--name", "v", "--store", directory + "/i.h5", "--streamed",
                                   "--run-edges", "40000", "--quiet"], kilobytes: 256)
        #expect(imported.status != 0 && imported.stderr.contains("is the disk full?"), "\(imported.stderr)")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: directory)) == before, "no store, runs or temporary files left")
    }
}
