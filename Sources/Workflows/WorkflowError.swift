/// A problem a workflow reports to the user: the message names the file or option and what
/// to do (the CLI prints it as "Error: …").
public struct WorkflowError: Error, CustomStringConvertible {
    public var description: String
    public init(_ message: String) { description = message }
}
