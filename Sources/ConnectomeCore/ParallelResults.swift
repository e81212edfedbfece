import Foundation

/// Slots for the results of `DispatchQueue.concurrentPerform` iterations: each iteration
/// writes only its own slot of a fixed buffer (no array copy-on-write in between), and the
/// slots are read after all iterations have finished, so no lock is needed.
public final class ParallelResults<T>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Result<T, Error>?>

    public init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    public func set(_ index: Int, _ value: Result<T, Error>) { slots[index] = value }

    /// The results in index order (call only after the parallel loop has returned).
    public var values: [Result<T, Error>] { slots.map { $0! } }

    /// The values of work that cannot fail (every slot set to `.success`), in index order.
    public var successes: [T] {
        slots.compactMap { slot in
            if case let .success(value)? = slot { return value }
            return nil
        }
    }
}
