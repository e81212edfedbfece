import CHDF5
import CZlib
import Foundation

extension HDF5Dataset {
    /// How a 1-D dataset is stored, when its chunks can be decoded outside HDF5: chunked,
    /// filtered by nothing, deflate, or shuffle then deflate (the store's layout), with an
    /// element type that needs no conversion to `T`.
    struct RawChunkLayout {
        var chunkElements: Int
        var shuffled: Bool
        var deflated: Bool
        var elementSize: Int
    }

    func rawChunkLayout<T: HDF5Scalar>(for type: T.Type) -> RawChunkLayout? {
        HDF5Library.locked { () -> RawChunkLayout? in
            let fileType = H5Dget_type(id)
            defer { H5Tclose(fileType) }
            // The stored type must be the native one for T (same class, size, sign and byte order).
            guard H5Tequal(fileType, T.memoryType) > 0, dimensions.count == 1 else { return nil }
            let properties = H5Dget_create_plist(id)
            defer { H5Pclose(properties) }
            guard H5Pget_layout(properties) == H5D_CHUNKED else { return nil }
            var chunk: [hsize_t] = [0]
            guard H5Pget_chunk(properties, 1, &chunk) == 1 else { return nil }
            var shuffled = false, deflated = false
            let filters = H5Pget_nfilters(properties)
            for index in 0..<filters {
                var flags: UInt32 = 0, count = 0, values = [UInt32](repeating: 0, count: 8), config: UInt32 = 0
                var name = [CChar](repeating: 0, count: 64)
                let filter = H5Pget_filter2(properties, UInt32(index), &flags, &count, &values, 64, &name, &config)
                if filter == H5Z_FILTER_SHUFFLE && index == 0 && filters == 2 { shuffled = true } else if filter == H5Z_FILTER_DEFLATE && index == filters - 1 {
                    deflated = true
                } else {
                    return nil
                }
            }
            return RawChunkLayout(chunkElements: Int(chunk[0]), shuffled: shuffled, deflated: deflated, elementSize: MemoryLayout<T>.stride)
        }
    }

    /// Reads elements `range` of a 1-D dataset like ``read(as:range:)``, but decodes the
    /// chunks on `threads` threads: the compressed chunks are read one after another (libhdf5
    /// is not thread-safe), then inflated and unshuffled in parallel with zlib. Datasets in
    /// another layout, or whose stored type would need conversion, are read the ordinary way.
    public func readParallel<T: HDF5Scalar>(as type: T.Type, range: Range<Int>, threads: Int) throws -> [T] {
        guard threads > 1, range.count > 1 << 16, let layout = rawChunkLayout(for: type) else {
            return try read(as: type, range: range)
        }
        let n = count
        guard range.lowerBound >= 0, range.upperBound <= n else {
            throw HDF5Error.unexpectedShape(file: filePath, path: path, detail: "range \(range) outside 0..<\(n)")
        }
        let firstChunk = range.lowerBound / layout.chunkElements, lastChunk = (range.upperBound - 1) / layout.chunkElements
        let chunkBytes = layout.chunkElements * layout.elementSize
        let chunks = try rawChunks(firstChunk...lastChunk, chunkElements: layout.chunkElements)
        // Parallel part: decode each chunk straight into its place in the result.
        var result = [T](repeating: .zero, count: range.count)
        let failures = ChunkFailures()
        result.withUnsafeMutableBytes { output in
            let base = UnsafeMutableRawBufferPointerBox(output)
            DispatchQueue.concurrentPerform(iterations: threads) { worker in
                var plain = [UInt8](repeating: 0, count: chunkBytes)
                var unshuffled = [UInt8](repeating: 0, count: chunkBytes)
                for k in stride(from: worker, to: chunks.count, by: threads) {
                    let (bytes, mask) = chunks[k]
                    // Filter i was skipped when bit i of the mask is set (deflate is optional
                    // in HDF5: a chunk it could not shrink is stored as is).
                    let deflateIndex = layout.shuffled ? 1 : 0
                    let inflate = layout.deflated && mask & (1 << deflateIndex) == 0
                    let unshuffle = layout.shuffled && mask & 1 == 0
                    if inflate {
                        var length = uLongf(chunkBytes)
                        let status = plain.withUnsafeMutableBytes { out in
                            bytes.withUnsafeBytes { source in
                                uncompress(out.baseAddress!.assumingMemoryBound(to: Bytef.self), &length,
                                           source.baseAddress!.assumingMemoryBound(to: Bytef.self), uLong(bytes.count))
                            }
                        }
                        guard status == Z_OK, Int(length) == chunkBytes else {
                            failures.record("chunk \(firstChunk + k): inflate failed (zlib status \(status))")
                            continue
                        }
                    } else {
                        guard bytes.count == chunkBytes else {
                            failures.record("chunk \(firstChunk + k): \(bytes.count) stored bytes for \(chunkBytes)")
                            continue
                        }
                        plain = bytes
                    }
                    if unshuffle {
                        let elements = layout.chunkElements, size = layout.elementSize
                        for b in 0..<size {
                            for i in 0..<elements { unshuffled[i * size + b] = plain[b * elements + i] }
                        }
                        swap(&plain, &unshuffled)
                    }
                    // Copy the part of this chunk that lies inside `range`.
                    let chunkStart = (firstChunk + k) * layout.chunkElements
                    let from = max(range.lowerBound, chunkStart), to = min(range.upperBound, chunkStart + layout.chunkElements)
                    plain.withUnsafeBytes { source in
                        let destination = base.pointer.baseAddress! + (from - range.lowerBound) * layout.elementSize
                        destination.copyMemory(from: source.baseAddress! + (from - chunkStart) * layout.elementSize,
                                               byteCount: (to - from) * layout.elementSize)
                    }
                }
            }
        }
        if let message = failures.first {
            throw HDF5Error.unexpectedShape(file: filePath, path: path, detail: message)
        }
        return result
    }

    /// Serial part of ``readParallel``: the stored bytes of each chunk and the mask of the
    /// filters it skipped, read under the library lock.
    private func rawChunks(_ chunks: ClosedRange<Int>, chunkElements: Int) throws -> [(bytes: [UInt8], mask: UInt32)] {
        try HDF5Library.locked {
            try chunks.map { chunk in
                var offset: [hsize_t] = [hsize_t(chunk * chunkElements)]
                var size: hsize_t = 0
                guard H5Dget_chunk_storage_size(id, &offset, &size) >= 0 else { throw failure("reading chunk sizes") }
                var bytes = [UInt8](repeating: 0, count: Int(size))
                var mask: UInt32 = 0
                let status = bytes.withUnsafeMutableBytes { H5Dread_chunk(id, plx_p_default(), &offset, &mask, $0.baseAddress) }
                guard status >= 0 else { throw failure("reading raw chunk \(chunk)") }
                return (bytes, mask)
            }
        }
    }
}

/// The first error seen by any decoding thread.
private final class ChunkFailures: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var first: String?
    func record(_ message: String) {
        lock.lock()
        if first == nil { first = message }
        lock.unlock()
    }
}

/// A raw buffer handed to the decoding threads, each of which writes disjoint bytes.
private struct UnsafeMutableRawBufferPointerBox: @unchecked Sendable {
    let pointer: UnsafeMutableRawBufferPointer
    init(_ pointer: UnsafeMutableRawBufferPointer) { self.pointer = pointer }
}
