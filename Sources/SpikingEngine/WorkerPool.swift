import Foundation
import Synchronization

/// Threads that stay alive for a whole run and start each epoch's work on a shared counter,
/// instead of `DispatchQueue.concurrentPerform` per epoch: with epochs of one 0.1 ms step
/// (CUBA's delay equals the resolution) the dispatch cost per epoch exceeded the work it
/// spread, and two threads ran slower than one.
///
/// `run(_:)` calls `body(0)` on the calling thread and `body(k)` on helper k = 1 … T−1, and
/// returns when all have finished. Helpers spin briefly for the next epoch, then yield the
/// processor, so an idle pool does not starve other processes for long.
final class WorkerPool: @unchecked Sendable {
    let threads: Int
    private let generation = Atomic<Int>(0)
    private let remaining = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let finished = Atomic<Int>(0)
    /// The current epoch's work; written before `generation` is bumped, read after.
    private var job: ((Int) -> Void)?

    init(threads: Int) {
        self.threads = max(1, threads)
        for k in 1..<self.threads {
            let thread = Thread { [unowned self] in self.loop(k) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs `body` on every thread of the pool and waits for all of them.
    func run(_ body: @escaping (Int) -> Void) {
        guard threads > 1 else { return body(0) }
        job = body
        remaining.store(threads - 1, ordering: .releasing)
        generation.add(1, ordering: .releasing)
        body(0)
        var spins = 0
        while remaining.load(ordering: .acquiring) > 0 {
            spins += 1
            if spins > 4_000 { sched_yield() }
        }
        job = nil
    }

    /// Stops the helpers (call once, after the last `run`) and waits for them to exit.
    func shutdown() {
        stopping.store(true, ordering: .releasing)
        while finished.load(ordering: .acquiring) < threads - 1 { sched_yield() }
    }

    private func loop(_ k: Int) {
        var seen = 0
        while true {
            var spins = 0
            while generation.load(ordering: .acquiring) == seen {
                if stopping.load(ordering: .acquiring) {
                    finished.add(1, ordering: .releasing)
                    return
                }
                spins += 1
                if spins > 4_000 { sched_yield() }
            }
            seen += 1
            job!(k)
            remaining.subtract(1, ordering: .releasing)
        }
    }
}
