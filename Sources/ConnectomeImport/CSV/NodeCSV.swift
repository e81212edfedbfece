import ConnectomeCore

/// Reads and writes node tables as CSV: a `name` column, then one column per attribute.
///
/// Columns `x`, `y`, `z` (µm) and any column whose every non-empty value is a finite number
/// become numeric attributes (empty → NaN); all others are categorical strings.
public enum NodeCSV {
    /// Columns written first, in this order, when present; others follow alphabetically.
    public static let preferredColumns = ["name", "class", "type", "transmitter", "x", "y", "z"]
    static let alwaysNumeric: Set<String> = ["x", "y", "z"]
    static let alwaysCategorical: Set<String> = ["class", "type", "transmitter"]

    /// Parses a node file. Errors name the file and line: a missing `name` column,
    /// a row with the wrong number of fields, an empty or repeated name, or text in x/y/z.
    public static func read(path: String) throws -> NodeTable {
        try read(CSVReader(path: path))
    }

    public static func read(_ reader: CSVReader) throws -> NodeTable {
        var header: [String] = []
        var columns: [[String]] = []
        var lines: [Int] = []
        try reader.forEachRow { line, row in
            if header.isEmpty {
                header = (0..<row.count).map { row.string($0) }
                columns = Array(repeating: [], count: header.count)
                return
            }
            guard row.count == header.count else {
                throw ImportError(file: reader.path, line: line, "expected \(header.count) fields (\(header.joined(separator: ","))), found \(row.count)")
            }
            for i in 0..<row.count { columns[i].append(row.string(i)) }
            lines.append(line)
        }
        guard let nameColumn = header.firstIndex(of: "name") else {
            throw ImportError(file: reader.path, line: 1, "missing column \"name\" (header is \(header.joined(separator: ","))); node files need at least a name column")
        }
        if let repeated = header.first(where: { column in header.filter { $0 == column }.count > 1 }) {
            throw ImportError(file: reader.path, line: 1, "column \"\(repeated)\" appears twice")
        }
        var firstLine: [String: Int] = [:]
        for (row, name) in columns[nameColumn].enumerated() {
            guard !name.isEmpty else { throw ImportError(file: reader.path, line: lines[row], "empty name") }
            if let previous = firstLine[name] {
                throw ImportError(file: reader.path, line: lines[row], "node \(name) is listed twice (first on line \(previous)); names must be unique")
            }
            firstLine[name] = lines[row]
        }
        var table = NodeTable(names: columns[nameColumn])
        for (index, column) in header.enumerated() where index != nameColumn {
            let values = columns[index]
            let numbers = values.map { $0.isEmpty ? Double.nan : Double($0) }
            // Empty cells are "unknown" (NaN); a column of only empty cells is numeric only if it is x, y or z.
            let parses = numbers.allSatisfy { $0 != nil && ($0!.isFinite || $0!.isNaN) }
            let allNumeric = parses && (alwaysNumeric.contains(column) || values.contains { !$0.isEmpty })
            if alwaysNumeric.contains(column) && !allNumeric {
                let row = numbers.firstIndex { $0 == nil || $0!.isInfinite } ?? 0
                throw ImportError(file: reader.path, line: lines.isEmpty ? 1 : lines[row],
                                  "column \(column) must hold a position in µm or be empty, found \"\(values[row])\"")
            }
            if allNumeric && !alwaysCategorical.contains(column) {
                table.numeric[column] = numbers.map { $0! }
            } else {
                table.categorical[column] = values
            }
        }
        return table
    }

    /// The column order used when writing `table`.
    public static func columns(of table: NodeTable) -> [String] {
        let present = Set(table.categorical.keys).union(table.numeric.keys).union(["name"])
        return preferredColumns.filter(present.contains) + present.subtracting(preferredColumns).sorted()
    }

    /// Formats `table` as CSV text, rows in index order.
    public static func text(of table: NodeTable) -> String {
        let header = columns(of: table)
        var out = header.joined(separator: ",") + "\n"
        for row in 0..<table.count {
            let fields = header.map { column -> String in
                if column == "name" { return CSVFormatting.field(table.names[row]) }
                if let values = table.categorical[column] { return CSVFormatting.field(values[row]) }
                return CSVFormatting.number(table.numeric[column]![row])
            }
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }
}

/// How Plexus writes CSV fields, so that exports are byte-stable.
public enum CSVFormatting {
    /// Quotes a field only when it holds a comma, quote or line break.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whole numbers without a decimal point, others in Swift's shortest round-tripping form, NaN as empty.
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
