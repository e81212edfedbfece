/// The stimulus protocols of the graded worm (worm-model.md "Stimuli") and what the
/// literature says each should do to the command interneurons.
public struct GradedProtocol: Sendable, Equatable {
    public var name: String
    public var neurons: [String]
    /// Which command group should rise more, or nil where no prediction is checked.
    public var expected: CommandGroup?
    /// The command-interneuron class expected to respond most, or nil.
    public var largestResponder: String?
    /// The finding checked, for the summary.
    public var reference: String

    public static let all: [GradedProtocol] = [
        GradedProtocol(name: "touch-anterior", neurons: ["ALML", "ALMR", "AVM"], expected: .backward, largestResponder: "AVD",
                       reference: "Chalfie et al. 1985: anterior touch drives backward locomotion"),
        // PVM is not the posterior gentle-touch receptor (worm-model.md), unlike in the LIF protocol.
        GradedProtocol(name: "touch-posterior", neurons: ["PLML", "PLMR"], expected: .forward, largestResponder: "PVC",
                       reference: "Chalfie et al. 1985: posterior touch drives forward locomotion"),
        GradedProtocol(name: "nociception", neurons: ["ASHL", "ASHR"], expected: .backward, largestResponder: nil,
                       reference: "Kaplan & Horvitz 1993: ASH stimulation drives reversals"),
        GradedProtocol(name: "none", neurons: [], expected: nil, largestResponder: nil, reference: "no stimulus"),
    ]

    public static func named(_ name: String) -> GradedProtocol? { all.first { $0.name == name } }
}

/// The command interneurons whose activity predicts the direction of locomotion.
public enum CommandGroup: String, Codable, Sendable {
    /// AVA and AVD (Chalfie et al. 1985).
    case backward
    /// AVB and PVC.
    case forward

    public var cells: [String] {
        switch self {
        case .backward: return ["AVAL", "AVAR", "AVDL", "AVDR"]
        case .forward: return ["AVBL", "AVBR", "PVCL", "PVCR"]
        }
    }

    public static let classes = ["AVA", "AVD", "AVB", "PVC"]
}
