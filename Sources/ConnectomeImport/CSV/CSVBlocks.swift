import Foundation

/// Reads a CSV file as a sequence of blocks of whole lines, so a file far larger than memory
/// can be parsed with ``CSVReader`` one block at a time. Line numbers continue across blocks.
/// (A quoted field holding a line break may not straddle two blocks; edge lists have none.)
struct CSVBlocks {
    let path: String
    private let handle: FileHandle
    private let blockBytes: Int
    private var carry: [UInt8] = []
    private var finished = false
    /// 1-based number of the next block's first line.
    private(set) var nextLine = 1
    /// Bytes consumed so far, and the file's size (for progress).
    private(set) var consumed = 0
    let size: Int

    init(path: String, blockBytes: Int = 64 << 20) throws {
        self.path = path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw ImportError(file: path, "file \(reason)")
        }
        self.handle = handle
        self.blockBytes = max(1, blockBytes)
        size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    /// The next block as a reader, with the number of its first line; nil at the end.
    mutating func next() throws -> (reader: CSVReader, firstLine: Int)? {
        guard !finished else { return nil }
        var data = carry
        while true {
            let piece: Data
            do { piece = try handle.read(upToCount: blockBytes) ?? Data() } catch {
                throw ImportError(file: path, line: nextLine, "reading failed: \(error.localizedDescription)")
            }
            data.append(contentsOf: piece)
            if piece.isEmpty {
                finished = true
                carry = []
                break
            }
            // Cut after the last line break; keep the partial line for the next block.
            if let last = data.lastIndex(of: UInt8(ascii: "\n")) {
                carry = Array(data[(last + 1)...])
                data.removeSubrange((last + 1)...)
                break
            }
        }
        guard !data.isEmpty else { return nil }
        let firstLine = nextLine
        nextLine += data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        consumed += data.count
        return (CSVReader(bytes: data, path: path), firstLine)
    }
}
