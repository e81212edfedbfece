import ConnectomeCore
import ConnectomeStore
import Foundation
import Testing

/// One `StoreFile` shared by several threads (chunk-parallel reads and perturbation maps do
/// this): every thread gets the same populations and connectomes as a single reader.
@Suite("Concurrent store readers")
struct ConcurrentReadTests {
    @Test("eight threads opening every population and connectome of the worm store agree with one")
    func sharedStore() throws {
        let store = try CElegansStore.open()
        let expected = try store.connectomeNames.map { name in
            try store.connectome(name).edgePopulations.map { "\($0.name):\($0.count)" }.joined(separator: ",")
        }
        let expectedNodes = try store.nodePopulationNames.map { try StoreFile.open(store.path).nodePopulation($0).names() }
        let fresh = try StoreFile.open(store.path)  // caches empty: every thread races to fill them
        let results = ResultSlots(count: 8)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            do {
                // Different threads start at different populations, so fills interleave.
                let order = (0..<fresh.connectomeNames.count).map { ($0 + thread) % fresh.connectomeNames.count }
                var summaries = [String](repeating: "", count: order.count)
                for k in order {
                    summaries[k] = try fresh.connectome(fresh.connectomeNames[k]).edgePopulations.map { "\($0.name):\($0.count)" }.joined(separator: ",")
                }
                let nodes = try fresh.nodePopulationNames.map { try fresh.nodePopulation($0).names() }
                results.set(thread, summaries == expected && nodes == expectedNodes)
            } catch {
                results.set(thread, false)
            }
        }
        #expect(results.all, "a thread saw different populations or failed")
    }
}

/// One flag per thread.
private final class ResultSlots: @unchecked Sendable {
    private var values: [Bool]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: false, count: count) }
    func set(_ k: Int, _ value: Bool) { lock.withLock { values[k] = value } }
    var all: Bool { lock.withLock { values.allSatisfy { $0 } } }
}
