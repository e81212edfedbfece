import Foundation

/// A `--model-params` file: a JSON object whose keys must all be `known`.
enum ParameterFile {
    /// The object in `file`; a missing file, another JSON value or an unknown key is an error
    /// naming the file and listing the known keys.
    static func read(_ file: String, known: [String], what: String) throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CElegansError.input(file: file, reason: "cannot be read")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CElegansError.input(file: file, reason: "not a JSON object of \(what) (docs/celegans.md lists the keys)")
        }
        let allowed = Set(known)
        for key in object.keys.sorted() where !allowed.contains(key) {
            throw CElegansError.input(file: file, reason: "unknown parameter \"\(key)\" (known: \(known.sorted().joined(separator: ", ")))")
        }
        return object
    }
}
