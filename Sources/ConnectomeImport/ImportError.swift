/// A problem with an input file, naming the file, the line (1-based, counting the header)
/// and what to do about it.
public struct ImportError: Error, CustomStringConvertible, Equatable {
    public var file: String
    /// 1-based line number, or nil when the problem concerns the whole file.
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
