import Foundation

/// A fast reader for comma-separated files (RFC 4180: quoted fields may hold commas,
/// newlines and doubled quotes; `\r\n` line ends accepted).
///
/// Rows are handed out as views into the file's bytes so that a 10^7-line edge list is
/// parsed without creating a `String` per field; callers copy only what they keep.
public struct CSVReader: Sendable {
    /// The file name used in error messages.
    public let path: String
    private let bytes: [UInt8]

    /// Reads the whole file. Fails with an ``ImportError`` naming the file if it cannot be read.
    public init(path: String) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw ImportError(file: path, "file \(reason)")
        }
        bytes = [UInt8](data)
    }

    /// Parses bytes already in memory (one block of a file read piece by piece).
    init(bytes: [UInt8], path: String) {
        self.path = path
        self.bytes = bytes
    }

    /// Parses text already in memory (for tests and small inputs).
    public init(text: String, path: String = "<text>") {
        self.path = path
        bytes = Array(text.utf8)
    }

    /// Feeds the bytes to `hasher` (for a checksum over several blocks).
    func hash(into hasher: inout SHA256) { hasher.update(bytes) }

    /// The SHA-256 of the file's bytes, as 64 hex digits.
    public func sha256() -> String {
        let hasher = SHA256()
        hasher.update(bytes)
        return hasher.hexDigest()
    }

    /// A piece of the file that starts at the beginning of a line, for parsing in parallel.
    public struct Chunk: Sendable {
        public var bytes: Range<Int>
        /// 1-based number of the chunk's first line.
        public var firstLine: Int
    }

    /// Splits the file after its first line into up to `parts` chunks that begin at line
    /// starts. Only a file without quote characters is split (a quoted field may hold a line
    /// break, so a split point could land inside it); otherwise one chunk is returned.
    public func chunks(parts: Int) -> (header: Chunk, body: [Chunk]) {
        bytes.withUnsafeBufferPointer { buffer in
            let end = buffer.count
            var headerEnd = 0
            while headerEnd < end && buffer[headerEnd] != UInt8(ascii: "\n") { headerEnd += 1 }
            headerEnd = min(end, headerEnd + 1)
            let header = Chunk(bytes: 0..<headerEnd, firstLine: 1)
            let hasQuotes = end > 0 && memchr(buffer.baseAddress!, Int32(UInt8(ascii: "\"")), end) != nil
            guard parts > 1, !hasQuotes, end - headerEnd > 1 << 20 else {
                return (header, [Chunk(bytes: headerEnd..<end, firstLine: 2)])
            }
            var chunks: [Chunk] = []
            var start = headerEnd, line = 2
            for k in 1...parts {
                var stop = k == parts ? end : headerEnd + (end - headerEnd) * k / parts
                while stop < end && stop > start && buffer[stop - 1] != UInt8(ascii: "\n") { stop += 1 }
                guard stop > start else { continue }
                chunks.append(Chunk(bytes: start..<stop, firstLine: line))
                for p in start..<stop where buffer[p] == UInt8(ascii: "\n") { line += 1 }
                start = stop
            }
            return (header, chunks)
        }
    }

    /// Calls `body` for every non-empty line with its 1-based line number and fields.
    /// A line holding only whitespace is skipped; a trailing newline is optional.
    public func forEachRow(_ body: (_ line: Int, _ row: CSVRow) throws -> Void) throws {
        try forEachRow(in: Chunk(bytes: 0..<bytes.count, firstLine: 1), body)
    }

    /// Like ``forEachRow(_:)`` for one chunk of the file.
    public func forEachRow(in chunk: Chunk, _ body: (_ line: Int, _ row: CSVRow) throws -> Void) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            var row = CSVRow(buffer: buffer)
            var position = chunk.bytes.lowerBound
            var line = chunk.firstLine
            let end = chunk.bytes.upperBound
            while position < end {
                let startLine = line
                row.reset()
                var fieldStart = position
                var needsUnescape = false
                var atRowEnd = false
                while !atRowEnd {
                    if position < end && buffer[position] == UInt8(ascii: "\"") && position == fieldStart {
                        // Quoted field: scan to the closing quote, allowing "" escapes and newlines.
                        position += 1
                        fieldStart = position
                        var closed = false
                        while position < end {
                            let c = buffer[position]
                            if c == UInt8(ascii: "\"") {
                                if position + 1 < end && buffer[position + 1] == UInt8(ascii: "\"") {
                                    needsUnescape = true
                                    position += 2
                                    continue
                                }
                                closed = true
                                break
                            }
                            if c == UInt8(ascii: "\n") { line += 1 }
                            position += 1
                        }
                        guard closed else { throw ImportError(file: path, line: startLine, "a quoted field is not closed") }
                        let fieldEnd = position
                        position += 1
                        row.append(fieldStart, fieldEnd, unescape: needsUnescape)
                        guard position >= end || [UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(buffer[position]) else {
                            throw ImportError(file: path, line: line, "unexpected text after a closing quote")
                        }
                    } else {
                        while position < end {
                            let c = buffer[position]
                            if c == UInt8(ascii: ",") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") { break }
                            position += 1
                        }
                        row.append(fieldStart, position, unescape: false)
                    }
                    needsUnescape = false
                    if position < end && buffer[position] == UInt8(ascii: ",") {
                        position += 1
                        fieldStart = position
                        if position == end { row.append(position, position, unescape: false); atRowEnd = true }
                    } else {
                        if position < end && buffer[position] == UInt8(ascii: "\r") { position += 1 }
                        if position < end && buffer[position] == UInt8(ascii: "\n") { position += 1 }
                        line += 1
                        atRowEnd = true
                    }
                }
                if row.isBlank { continue }
                try body(startLine, row)
            }
        }
    }
}

/// One parsed CSV row: field views into the reader's bytes.
public struct CSVRow {
    private let buffer: UnsafeBufferPointer<UInt8>
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var escaped: [Bool] = []

    init(buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
        starts.reserveCapacity(8)
        ends.reserveCapacity(8)
        escaped.reserveCapacity(8)
    }

    mutating func reset() {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        escaped.removeAll(keepingCapacity: true)
    }

    mutating func append(_ start: Int, _ end: Int, unescape: Bool) {
        starts.append(start)
        ends.append(end)
        escaped.append(unescape)
    }

    /// The number of fields.
    public var count: Int { starts.count }

    var isBlank: Bool {
        for i in 0..<count {
            for p in starts[i]..<ends[i] where buffer[p] != UInt8(ascii: " ") && buffer[p] != UInt8(ascii: "\t") { return false }
        }
        return true
    }

    /// The raw bytes of field `index`, without surrounding quotes (escaped quotes still doubled).
    public func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: buffer[starts[index]..<ends[index]])
    }

    /// Field `index` as a string, with doubled quotes unescaped and surrounding spaces trimmed.
    public func string(_ index: Int) -> String {
        if let plain = trimmedBytes(index) { return String(decoding: plain, as: UTF8.self) }
        let text = String(decoding: bytes(index), as: UTF8.self)
        return text.replacingOccurrences(of: "\"\"", with: "\"").trimmingCharacters(in: .whitespaces)
    }

    /// Field `index` without surrounding spaces or tabs, or nil when it holds escaped quotes
    /// (then only ``string(_:)`` gives its text).
    public func trimmedBytes(_ index: Int) -> UnsafeBufferPointer<UInt8>? {
        guard !escaped[index] else { return nil }
        var lower = starts[index], upper = ends[index]
        while lower < upper && (buffer[lower] == 32 || buffer[lower] == 9) { lower += 1 }
        while upper > lower && (buffer[upper - 1] == 32 || buffer[upper - 1] == 9) { upper -= 1 }
        return UnsafeBufferPointer(rebasing: buffer[lower..<upper])
    }

    /// Field `index` parsed as a number, or nil if it is not one. Accepts what `strtod` accepts
    /// (including `nan` and `inf`, which callers reject with a clear message).
    public func double(_ index: Int) -> Double? {
        let field = bytes(index)
        // Fast path for plain non-negative integers, the common case for synapse counts.
        if !field.isEmpty && field.count < 16 && field.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            var value = 0
            for c in field { value = value * 10 + Int(c - 48) }
            return Double(value)
        }
        var scratch = [CChar](repeating: 0, count: field.count + 1)
        for (i, c) in field.enumerated() { scratch[i] = CChar(bitPattern: c) }
        return scratch.withUnsafeMutableBufferPointer { pointer -> Double? in
            var endPointer: UnsafeMutablePointer<CChar>? = nil
            var start = pointer.baseAddress!
            while start.pointee == 32 || start.pointee == 9 { start += 1 }
            guard start.pointee != 0 else { return nil }
            let value = strtod(start, &endPointer)
            guard var tail = endPointer, tail != start else { return nil }
            while tail.pointee == 32 || tail.pointee == 9 { tail += 1 }
            return tail.pointee == 0 ? value : nil
        }
    }
}
