import ConnectomeCore
import Foundation
import NetworkModels
import SpikingEngine

/// Which chemical synapses excite and which inhibit (worm-model.md "Signs").
public enum SynapseSigns: Sendable {
    /// By the presynaptic neuron's transmitter (Wang et al. 2024): ACh +, GABA −,
    /// glutamate +, unknown + — the rule of Kunert et al., Kim et al. and c302.
    case transmitter
    /// Chalfie et al. 1985's hypothesis: ALM/AVM → AVB/PVC and PLM → AVA/AVD inhibitory,
    /// every other synapse by transmitter.
    case chalfie
    /// Per-edge signs from a table (Fenyves et al. 2020, or the user's); edges the table does
    /// not sign fall back to the transmitter rule.
    case table(SignTable)

    /// The preset names of `--signs`.
    public static let presets = ["transmitter", "fenyves2020", "chalfie"]

    /// A preset by name (`fenyves2020` read from `signsDirectory`), or a CSV table
    /// `pre,post,sign` at the path `choice`; `neurons` are the connectome's cells.
    public static func named(_ choice: String, neurons: [String], signsDirectory: String) throws -> SynapseSigns {
        switch choice {
        case "transmitter": return .transmitter
        case "chalfie": return .chalfie
        case "fenyves2020":
            // The table covers the hermaphrodite's neurons; on another connectome its rows for
            // absent cells are skipped, and the sign rule's name says how many.
            return .table(try SignTable.read(path: signsDirectory + "/fenyves2020.csv", name: "fenyves2020", neurons: neurons,
                                             allowUnsigned: true, skipUnknownCells: true))
        case let file:
            guard FileManager.default.fileExists(atPath: file) else {
                throw CElegansError.input(file: "--signs \(file)", reason: "neither a preset (\(presets.joined(separator: ", "))) nor an existing CSV file pre,post,sign")
            }
            return .table(try SignTable.read(path: file, name: file, neurons: neurons))
        }
    }

    public var name: String {
        switch self {
        case .transmitter: return "transmitter"
        case .chalfie: return "chalfie"
        case let .table(table): return table.name
        }
    }

    /// +1 or −1 for the synapse pre → post, and whether the rule itself decided it (false:
    /// the transmitter fallback of a table).
    func sign(pre: Int, post: Int, neurons: ConnectomeNeurons) -> (sign: Double, decided: Bool) {
        let byTransmitter = (TransmitterSigns.defaults[neurons.transmitters[pre]] ?? 1) < 0 ? -1.0 : 1.0
        switch self {
        case .transmitter:
            return (byTransmitter, true)
        case .chalfie:
            let source = neurons.classes[pre], target = neurons.classes[post]
            let touchForward = ["ALM", "AVM"].contains(source) && ["AVB", "PVC"].contains(target)
            let touchBackward = source == "PLM" && ["AVA", "AVD"].contains(target)
            return touchForward || touchBackward ? (-1, true) : (byTransmitter, false)
        case let .table(table):
            if let sign = table.signs[SignTable.Pair(pre: neurons.names[pre], post: neurons.names[post])] ?? nil {
                return (sign, true)
            }
            return (byTransmitter, false)
        }
    }
}

/// A table of per-edge signs: `pre,post,sign` (sign 1 or −1), or the shipped Fenyves et al.
/// 2020 table `pre,post,sign,prediction` whose sign is empty where the paper predicts
/// "complex" or nothing.
public struct SignTable: Sendable {
    struct Pair: Hashable, Sendable {
        var pre: String
        var post: String
    }
    /// nil: listed without a sign (falls back to the transmitter rule).
    let signs: [Pair: Double?]
    public let name: String
    public let path: String
    public var rowCount: Int { signs.count }

    /// Reads `path`; `allowUnsigned` accepts empty signs (the shipped Fenyves table). Every
    /// neuron must be one of `neurons`. Errors name the file, the line and what to change.
    public static func read(path: String, name: String, neurons: [String], allowUnsigned: Bool = false,
                            skipUnknownCells: Bool = false) throws -> SignTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CElegansError.input(file: path, reason: "cannot be read; give a CSV with the header pre,post,sign")
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // "\r\n" is one Character in Swift, so CRLF files are split on either terminator.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        func fields(_ line: Substring) -> [String] {
            line.split(separator: ",", omittingEmptySubsequences: false).map {
                var field = $0.trimmingCharacters(in: .whitespaces)
                if field.count >= 2, field.hasPrefix("\""), field.hasSuffix("\"") { field = String(field.dropFirst().dropLast()) }
                return field
            }
        }
        guard let headerLine = lines.first else { throw CElegansError.input(file: path, reason: "is empty; expected the header pre,post,sign") }
        let header = fields(headerLine)
        guard let preColumn = header.firstIndex(of: "pre"), let postColumn = header.firstIndex(of: "post"),
              let signColumn = header.firstIndex(of: "sign") else {
            throw CElegansError.input(file: path, reason: "line 1: the header must name the columns pre, post and sign (found \(header.joined(separator: ",")))")
        }
        let known = Set(neurons)
        var signs: [Pair: Double?] = [:]
        var lineOf: [Pair: Int] = [:]
        var skipped = 0
        for (index, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let number = index + 1
            let row = fields(line)
            guard row.count == header.count else {
                throw CElegansError.input(file: path, reason: "line \(number): \(row.count) fields where the header has \(header.count)")
            }
            if skipUnknownCells && !(known.contains(row[preColumn]) && known.contains(row[postColumn])) {
                skipped += 1
                continue
            }
            for name in [row[preColumn], row[postColumn]] where !known.contains(name) {
                throw CElegansError.input(file: path, reason: "line \(number): unknown neuron \"\(name)\"\(NameSuggestions.hint(for: name, in: neurons.sorted()))")
            }
            let sign: Double?
            switch row[signColumn] {
            case "1", "+1", "+": sign = 1
            case "-1", "−1", "-": sign = -1
            case "" where allowUnsigned: sign = nil
            default:
                throw CElegansError.input(file: path, reason: "line \(number): sign \"\(row[signColumn])\" must be 1 or -1")
            }
            let pair = Pair(pre: row[preColumn], post: row[postColumn])
            if let first = lineOf[pair] {
                throw CElegansError.input(file: path, reason: "lines \(first) and \(number) both give the sign of \(pair.pre) → \(pair.post); keep one")
            }
            lineOf[pair] = number
            signs[pair] = .some(sign)
        }
        return SignTable(signs: signs, name: skipped == 0 ? name : "\(name) (\(skipped) rows for cells absent from this connectome skipped)", path: path)
    }
}
