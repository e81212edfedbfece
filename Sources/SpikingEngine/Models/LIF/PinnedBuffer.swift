/// An array copied into memory that never moves, so worker threads can hold plain pointers
/// into it for the whole run without nesting `withUnsafe…` closures.
final class PinnedBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    let pointer: UnsafeMutableBufferPointer<Element>

    init(_ elements: [Element]) {
        pointer = .allocate(capacity: max(elements.count, 1))
        _ = pointer.initialize(from: elements)
    }

    deinit {
        pointer.deallocate()
    }
}
