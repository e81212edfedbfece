import SpikingEngine
import ConnectomeCore
import Foundation

/// A problem in a model file: the file, the JSON path (e.g. `populations[1].parameters.tau_m`)
/// and what is wrong.
public struct ModelFileError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var path: String
    public var message: String
    public var description: String { "\(file): \(path.isEmpty ? "" : path + ": ")\(message)" }
}

/// A JSON object read field by field, remembering its path for error messages and rejecting
/// keys it does not know (a misspelt parameter must not be silently ignored).
public struct JSONFields {
    let file: String
    let path: String
    let values: [String: Any]

    init(_ value: Any?, file: String, path: String) throws {
        guard let values = value as? [String: Any] else {
            throw ModelFileError(file: file, path: path, message: "expected an object { … }")
        }
        self.file = file
        self.path = path
        self.values = values
    }

    func error(_ key: String?, _ message: String) -> ModelFileError {
        ModelFileError(file: file, path: key.map { path.isEmpty ? $0 : path + "." + $0 } ?? path, message: message)
    }

    func has(_ key: String) -> Bool { values[key] != nil && !(values[key] is NSNull) }

    /// Whether a JSONSerialization value is a JSON `true` or `false`. They arrive as NSNumber
    /// too, and a number 0 or 1 also casts to Bool after bridging, so `is Bool` cannot tell:
    /// booleans are told apart by their Objective-C type code "c".
    public static func isBoolean(_ value: Any?) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    static func isNumber(_ value: Any?) -> Bool { value is NSNumber && !isBoolean(value) }

    func number(_ key: String) throws -> Double? {
        guard has(key) else { return nil }
        guard let number = values[key] as? NSNumber, !JSONFields.isBoolean(values[key]) else { throw error(key, "expected a number") }
        let value = number.doubleValue
        guard value.isFinite else { throw error(key, "expected a finite number") }
        return value
    }

    func number(_ key: String, default fallback: Double) throws -> Double { try number(key) ?? fallback }

    func requiredNumber(_ key: String) throws -> Double {
        guard let value = try number(key) else { throw error(key, "is required") }
        return value
    }

    func integer(_ key: String) throws -> Int? {
        guard let value = try number(key) else { return nil }
        guard value == value.rounded(), abs(value) < 1e15 else { throw error(key, "expected a whole number") }
        return Int(value)
    }

    func string(_ key: String) throws -> String? {
        guard has(key) else { return nil }
        guard let text = values[key] as? String else { throw error(key, "expected a string") }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let value = try string(key) else { throw error(key, "is required") }
        return value
    }

    func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard has(key) else { return fallback }
        guard JSONFields.isBoolean(values[key]), let value = values[key] as? Bool else { throw error(key, "expected true or false") }
        return value
    }

    func object(_ key: String) throws -> JSONFields? {
        guard has(key) else { return nil }
        return try JSONFields(values[key], file: file, path: path.isEmpty ? key : path + "." + key)
    }

    func array(_ key: String) throws -> [Any] {
        guard has(key) else { return [] }
        guard let list = values[key] as? [Any] else { throw error(key, "expected a list [ … ]") }
        return list
    }

    func objects(_ key: String) throws -> [JSONFields] {
        try array(key).enumerated().map { index, item in
            try JSONFields(item, file: file, path: (path.isEmpty ? key : path + "." + key) + "[\(index)]")
        }
    }

    /// Fails on any key outside `allowed`, suggesting the closest allowed one.
    func rejectUnknown(_ allowed: [String], what: String = "key") throws {
        for key in values.keys.sorted() where !allowed.contains(key) {
            throw error(key, "unknown \(what) \"\(key)\"\(NameSuggestions.hint(for: key, in: allowed)) (allowed: \(allowed.joined(separator: ", ")))")
        }
    }
}
