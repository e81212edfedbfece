import Foundation
import HDF5
import Testing
import _TestSupport

@Suite("Chunk-parallel reads")
struct ParallelChunkReadTests {
    @Test("decoding raw chunks with zlib on several threads gives exactly what libhdf5 reads")
    func sameAsLibrary() throws {
        let directory = TemporaryDirectory()
        let file = try HDF5File.create(directory.file("chunks.h5"))
        let root = try file.root()
        var rng = SeededGenerator(seed: 5)
        let n = 300_001  // a partial last chunk
        // Compressible (sorted targets), incompressible (random bits: deflate skips such
        // chunks, which the filter mask must reveal), and a mix of both per chunk.
        let targets = (0..<n).map { UInt32($0 / 3) }
        let noise = (0..<n).map { _ in UInt64.random(in: 0...UInt64.max, using: &rng) }
        let weights = (0..<n).map { i in i % 200_000 < 70_000 ? Float(i % 7) : Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &rng) & 0x3FFF_FFFF) }
        try root.createDataset("targets", values: targets, layout: .chunked(elements: 65_536))
        try root.createDataset("noise", values: noise, layout: .chunked(elements: 65_536))
        try root.createDataset("weights", values: weights, layout: .chunked(elements: 65_536))
        let plain = try root.createDataset("plain", values: targets, layout: .contiguous)
        for range in [0..<n, 65_535..<200_001, 131_072..<196_608, 299_000..<n] {
            for threads in [2, 3] {
                #expect(try root.dataset("targets").readParallel(as: UInt32.self, range: range, threads: threads) == Array(targets[range]))
                #expect(try root.dataset("noise").readParallel(as: UInt64.self, range: range, threads: threads) == Array(noise[range]))
                let read = try root.dataset("weights").readParallel(as: Float.self, range: range, threads: threads)
                #expect(read.map(\.bitPattern) == weights[range].map(\.bitPattern))
            }
        }
        // Layouts it cannot decode itself (contiguous; a stored type that needs conversion) fall back.
        #expect(try plain.readParallel(as: UInt32.self, range: 0..<n, threads: 2) == targets)
        #expect(try root.dataset("weights").readParallel(as: Double.self, range: 0..<n, threads: 2) == weights.map(Double.init))
        #expect(throws: HDF5Error.self) { try root.dataset("targets").readParallel(as: UInt32.self, range: 0..<(n + 1), threads: 2) }
    }
}
