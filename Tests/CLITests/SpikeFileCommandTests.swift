import Foundation
import Testing

/// `plexus raster` and `plexus stats` on spike files a user could have: inputs before t = 0,
/// absurd bins.
@Suite("plexus raster and stats on unusual files")
struct SpikeFileCommandTests {
    static func spikes(_ rows: String) -> String {
        let path = NSTemporaryDirectory() + "spikes-\(UUID().uuidString).csv"
        FileManager.default.createFile(atPath: path, contents: Data(("time_ms,neuron\n" + rows).utf8))
        return path
    }

    @Test("a spike at −50 ms is drawn outside the window with a note, not a crash")
    func negativeTime() throws {
        let file = Self.spikes("-50,A\n10,B\n20,A\n")
        let out = NSTemporaryDirectory() + "raster-\(UUID().uuidString).svg"
        defer { unlink(file); unlink(out) }
        let result = PlexusRunner.run(["raster", file, "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try String(contentsOfFile: out, encoding: .utf8)
        #expect(svg.contains("1 spike outside"), "the SVG says what it does not show")
        #expect(svg.components(separatedBy: "class=\"spike\"").count - 1 == 2)
    }

    @Test("stats --bin 1e-9 is refused with the bin it would need")
    func tinyBin() {
        let file = Self.spikes("10,A\n20,B\n")
        defer { unlink(file) }
        let result = PlexusRunner.run(["stats", file, "--from", "0", "--to", "1000", "--bin", "1e-9"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--bin") && result.stderr.contains("bins"), "\(result.stderr)")
    }
}
