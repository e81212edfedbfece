import Foundation

/// An edge on its way through the external sort: `key` orders edges by (edge population,
/// source, target); `line` is where it came from, for error messages.
struct SortRecord {
    var key: UInt64
    var weight: Double
    var line: UInt64
}

/// Sorts edge records that may not fit in memory: records are collected into runs of at
/// most `runLength`, each run is radix-sorted by key and spilled to a temporary file, and
/// the runs are merged (a k-way merge through a binary heap) into one sorted stream.
/// Memory: two run buffers (records and radix scratch) plus a read buffer per run.
final class ExternalSort {
    let runLength: Int
    let directory: String
    private var buffer: [SortRecord] = []
    private var runFiles: [String] = []
    /// Largest key so far (the radix sort only looks at its significant bits).
    private var maximumKey: UInt64 = 0

    /// `directory` holds the run files; it is created and removed by the caller.
    init(runLength: Int, directory: String) {
        self.runLength = max(1, runLength)
        self.directory = directory
        buffer.reserveCapacity(min(self.runLength, 1 << 20))
    }

    func append(_ record: SortRecord) throws {
        buffer.append(record)
        maximumKey = max(maximumKey, record.key)
        if buffer.count >= runLength { try spill() }
    }

    /// Number of runs spilled to disk so far.
    var spilledRuns: Int { runFiles.count }

    private func spill() throws {
        Self.radixSort(&buffer, maximumKey: maximumKey)
        let path = directory + "/run-\(runFiles.count).bin"
        guard let file = fopen(path, "wb") else {
            throw ImportError(file: path, "cannot create a temporary run file (\(String(cString: strerror(errno)))); choose a --temporary-directory with free space")
        }
        defer { fclose(file) }
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == buffer.count * MemoryLayout<SortRecord>.stride, fflush(file) == 0 else {
            throw ImportError(file: path, "writing a temporary run file failed (\(String(cString: strerror(errno)))); is the disk full? Nothing was imported")
        }
        runFiles.append(path)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with every record in key order (equal keys in input order).
    func forEachSorted(_ body: (SortRecord) throws -> Void) throws {
        if runFiles.isEmpty {
            Self.radixSort(&buffer, maximumKey: maximumKey)
            for record in buffer { try body(record) }
            return
        }
        if !buffer.isEmpty { try spill() }
        buffer = []
        let runs = try runFiles.map { try RunReader(path: $0) }
        // Binary min-heap of run indices by (current key, run index): the run index breaks
        // ties so equal keys leave in input order (runs are in input order).
        var heap = runs.indices.filter { runs[$0].current != nil }
        func less(_ a: Int, _ b: Int) -> Bool {
            let ka = runs[a].current!.key, kb = runs[b].current!.key
            return ka != kb ? ka < kb : a < b
        }
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var smallest = i
                if l < heap.count && less(heap[l], heap[smallest]) { smallest = l }
                if r < heap.count && less(heap[r], heap[smallest]) { smallest = r }
                if smallest == i { return }
                heap.swapAt(i, smallest)
                i = smallest
            }
        }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        while let top = heap.first {
            try body(runs[top].current!)
            try runs[top].advance()
            if runs[top].current == nil {
                heap[0] = heap[heap.count - 1]
                heap.removeLast()
            }
            if !heap.isEmpty { siftDown(0) }
        }
    }

    /// LSD radix sort on the key's significant bits, 16 bits per pass (stable).
    static func radixSort(_ records: inout [SortRecord], maximumKey: UInt64) {
        guard records.count > 1 else { return }
        let bits = 64 - maximumKey.leadingZeroBitCount
        var scratch = [SortRecord](repeating: SortRecord(key: 0, weight: 0, line: 0), count: records.count)
        var counts = [Int](repeating: 0, count: 1 << 16)
        var shift = 0
        while shift < bits {
            for i in counts.indices { counts[i] = 0 }
            records.withUnsafeBufferPointer { source in
                for record in source { counts[Int((record.key >> UInt64(shift)) & 0xFFFF)] += 1 }
                var total = 0
                for i in counts.indices { (counts[i], total) = (total, total + counts[i]) }
                scratch.withUnsafeMutableBufferPointer { target in
                    for record in source {
                        let digit = Int((record.key >> UInt64(shift)) & 0xFFFF)
                        target[counts[digit]] = record
                        counts[digit] += 1
                    }
                }
            }
            swap(&records, &scratch)
            shift += 16
        }
    }
}

/// Reads one sorted run file through a buffer.
private final class RunReader {
    let path: String
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [SortRecord] = []
    private var position = 0
    private var exhausted = false
    /// The record at the front of the run; nil when the run is used up.
    private(set) var current: SortRecord?

    init(path: String) throws {
        self.path = path
        guard let file = fopen(path, "rb") else {
            throw ImportError(file: path, "cannot reopen a temporary run file (\(String(cString: strerror(errno)))); with very many runs, raise --run-edges (each open run holds a 1.5 MB buffer)")
        }
        self.file = file
        try advance()
    }

    deinit { fclose(file) }

    func advance() throws {
        if position >= buffer.count {
            guard !exhausted else { current = nil; return }
            let capacity = 1 << 16
            buffer = [SortRecord](repeating: SortRecord(key: 0, weight: 0, line: 0), count: capacity)
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, MemoryLayout<SortRecord>.stride, capacity, file) }
            guard ferror(file) == 0 else { throw ImportError(file: path, "reading a temporary run file failed") }
            buffer.removeSubrange(count...)
            position = 0
            exhausted = count < capacity
            guard !buffer.isEmpty else { current = nil; return }
        }
        current = buffer[position]
        position += 1
    }
}
