import Foundation

/// A synaptic input waiting to be delivered.
struct PendingInput: Sendable {
    var time: Double    // arrival time [ms]
    var target: Int32
    var weight: Float
    /// Deterministic tie-break at equal times: source neuron << 32 | synapse position (or a
    /// stimulus key). Independent of thread count, so any partition gives the same order.
    var order: UInt64
}

/// A ring of per-step buckets of pending inputs, long enough for the longest delay.
struct EventBuckets {
    private(set) var buckets: [[PendingInput]]
    /// For a prepared bucket: its inputs sorted by (target, time, order).
    private(set) var sorted: [[PendingInput]]
    /// Scratch counts of the counting sort (N + 1).
    private var counts: [Int]
    /// Sorted buffers of released steps, reused by the next prepared ones: only the steps of
    /// one epoch are prepared at a time, so a few buffers serve the whole ring (keeping one
    /// per slot held the peak step's size in every slot: 1.3 GB for a 6·10^7-synapse network).
    private var spare: [[PendingInput]] = []
    let size: Int
    let neuronCount: Int

    init(steps: Int, neuronCount: Int) {
        size = steps
        self.neuronCount = neuronCount
        buckets = Array(repeating: [], count: steps)
        sorted = Array(repeating: [], count: steps)
        counts = []
    }

    @inline(__always)
    mutating func add(_ input: PendingInput, step: Int) {
        buckets[step % size].append(input)
    }

    /// Sorts bucket `step` by (target, time, order), so each neuron reads its inputs in a
    /// fixed order. A sparse bucket (m·log m below ~2N) is sorted by comparison, which costs
    /// nothing per neuron; a dense one by a counting sort on the target (O(m + N)) followed by
    /// sorting each target's few inputs. Both give the same order.
    mutating func prepare(step: Int) {
        let slot = step % size
        // Reuse a released buffer: allocating the sorted copy every step showed up in profiles.
        var result = spare.popLast() ?? []
        result.removeAll(keepingCapacity: true)
        let m = buckets[slot].count
        if m > 0 && Double(m) * (log2(Double(m)) + 1) < 2 * Double(neuronCount) {
            result.append(contentsOf: buckets[slot])
            result.sort { ($0.target, $0.time, $0.order) < ($1.target, $1.time, $1.order) }
        } else if m > 0 {
            counts.removeAll(keepingCapacity: true)
            counts.append(contentsOf: repeatElement(0, count: neuronCount + 1))
            buckets[slot].withUnsafeBufferPointer { inputs in
                for input in inputs { counts[Int(input.target) + 1] += 1 }
                for i in 0..<neuronCount { counts[i + 1] += counts[i] }
                result.append(contentsOf: repeatElement(PendingInput(time: 0, target: 0, weight: 0, order: 0), count: inputs.count))
                for input in inputs {
                    result[counts[Int(input.target)]] = input
                    counts[Int(input.target)] += 1
                }
            }
            // counts[t] is now the end of target t's group; sort the groups of two or more.
            var start = 0
            while start < m {
                var end = start + 1
                while end < m && result[end].target == result[start].target { end += 1 }
                if end - start > 1 { result[start..<end].sort { ($0.time, $0.order) < ($1.time, $1.order) } }
                start = end
            }
        }
        sorted[slot] = result
        buckets[slot].removeAll(keepingCapacity: true)
    }

    /// Returns a processed step's prepared array to the spare buffers (its capacity is kept).
    mutating func release(step: Int) {
        var buffer: [PendingInput] = []
        swap(&buffer, &sorted[step % size])
        buffer.removeAll(keepingCapacity: true)
        spare.append(buffer)
    }

    /// The prepared inputs of `step`, sorted by (target, time, order).
    func preparedInputs(step: Int) -> [PendingInput] { sorted[step % size] }

    /// The index of the first input in `inputs` (sorted by target) whose target is ≥ `neuron`.
    static func firstInput(_ inputs: UnsafeBufferPointer<PendingInput>, atOrAfter neuron: Int) -> Int {
        var low = 0, high = inputs.count
        while low < high {
            let mid = (low + high) / 2
            if Int(inputs[mid].target) < neuron { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
