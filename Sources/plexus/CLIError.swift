/// A plain message for the user (printed by ArgumentParser as "Error: …").
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
