import Foundation
import Testing

/// `plexus compare` end to end on the comparison module's reference fixtures: the CLI's
/// numbers are the library's (checked against rsatoolbox in NeuralCompareTests), its files
/// are complete, and bad input fails with a message and no output directory.
@Suite("plexus compare")
struct CompareCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("NeuralCompareTests/Fixtures").path

    static func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plexus-compare-\(UUID().uuidString)").path
        return path
    }

    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    @Test("rsa writes results, plots and the rsatoolbox noise ceiling")
    func rsa() throws {
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let f = Self.fixtures
        let result = PlexusRunner.run(["compare", "rsa", "--data", "\(f)/rsa_subject0.csv", "\(f)/rsa_subject1.csv", "\(f)/rsa_subject2.csv",
                                       "--models", "\(f)/regression_Y.csv", "--rdm", "euclidean", "--model-rdm", "euclidean",
                                       "--compare", "spearman", "--bootstrap", "50", "--out", out])
        // regression_Y has 60 rows, the data 8 conditions: a clear mismatch error, nothing written.
        #expect(result.status != 0 && result.stderr.contains("60 rows") && result.stderr.contains("8 conditions"))
        #expect(!FileManager.default.fileExists(atPath: out))

        let reference = try Self.json("\(f)/rsa_reference.json")
        let pairs = ((reference["models"] as! [String: Any])["value"] as! [String: [Double]])["true_structure"]!
        let model = out + "-model.csv"
        defer { try? FileManager.default.removeItem(atPath: model) }
        try pairs.map { "\($0)" }.joined(separator: "\n").write(toFile: model, atomically: true, encoding: .utf8)
        let ok = PlexusRunner.run(["compare", "rsa", "--data", "\(f)/rsa_subject0.csv", "\(f)/rsa_subject1.csv", "\(f)/rsa_subject2.csv",
                                   "--models", model, "--rdm", "euclidean", "--compare", "spearman", "--bootstrap", "50", "--out", out])
        #expect(ok.status == 0, "\(ok.stderr)")
        for file in ["result.json", "result.csv", "comparison.svg", "rdm_data.svg"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(file)"), "\(file)")
        }
        let written = try Self.json("\(out)/result.json")
        let ceiling = written["noiseCeiling"] as! [String: Double]
        let expected = (((reference["noise_ceiling"] as! [String: Any])["euclidean"] as! [String: Any])["spearman"] as! [String: Any])
        #expect(abs(ceiling["lower"]! - (expected["lower"] as! Double)) < 1e-12)
        let compared = ((((reference["compare"] as! [String: Any])["euclidean"] as! [String: Any])["spearman"] as! [String: Any])["value"] as! [[Double]])
        let subjects = (written["models"] as! [[String: Any]])[0]["subjects"] as! [Double]
        for s in 0..<3 { #expect(abs(subjects[s] - compared[s][2]) < 1e-12) }
    }

    @Test("regress scores features against responses and reuses saved splits")
    func regress() throws {
        let out = Self.temporaryDirectory(), again = Self.temporaryDirectory()
        let splits = out + "-splits.json"
        defer { for p in [out, again, splits] { try? FileManager.default.removeItem(atPath: p) } }
        let f = Self.fixtures
        let first = PlexusRunner.run(["compare", "regress", "--features", "\(f)/regression_X.csv", "--responses", "\(f)/regression_Y.npy",
                                      "--folds", "4", "--seed", "3", "--save-splits", splits, "--out", out])
        #expect(first.status == 0, "\(first.stderr)")
        let second = PlexusRunner.run(["compare", "regress", "--features", "\(f)/regression_X.csv", "--responses", "\(f)/regression_Y.h5:/responses/data",
                                       "--load-splits", splits, "--out", again])
        #expect(second.status == 0, "\(second.stderr)")
        let a = try Self.json("\(out)/result.json"), b = try Self.json("\(again)/result.json")
        #expect((a["pearsonR"] as! [Double]) == (b["pearsonR"] as! [Double]), "same splits and data in another format, same scores")
        #expect((a["pearsonR"] as! [Double]).count == 6)
        #expect(FileManager.default.fileExists(atPath: "\(out)/predictivity.svg"))
    }
}
