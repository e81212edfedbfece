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
    /// For a prepared bucket: inputs sorted by (target, time, order) and per-target offsets.
    private(set) var sorted: [[PendingInput]]
    private(set) var offsets: [[Int]]
    let size: Int
    let neuronCount: Int

    init(steps: Int, neuronCount: Int) {
        size = steps
        self.neuronCount = neuronCount
        buckets = Array(repeating: [], count: steps)
        sorted = Array(repeating: [], count: steps)
        offsets = Array(repeating: [], count: steps)
    }

    @inline(__always)
    mutating func add(_ input: PendingInput, step: Int) {
        buckets[step % size].append(input)
    }

    /// Sorts bucket `step` by target (counting sort, O(n + N)), then each target's inputs by
    /// (time, order) — so each neuron reads its inputs in a fixed order.
    mutating func prepare(step: Int) {
        let slot = step % size
        // Reuse the slot's arrays: allocating N + 1 offsets and the sorted copy every step
        // showed up as a tenth of the run time.
        var counts: [Int] = []
        swap(&counts, &offsets[slot])  // take the buffer out so no second reference forces a copy
        counts.removeAll(keepingCapacity: true)
        counts.append(contentsOf: repeatElement(0, count: neuronCount + 1))
        var result: [PendingInput] = []
        swap(&result, &sorted[slot])
        result.removeAll(keepingCapacity: true)
        buckets[slot].withUnsafeBufferPointer { inputs in
            for input in inputs { counts[Int(input.target) + 1] += 1 }
            for i in 0..<neuronCount { counts[i + 1] += counts[i] }
            result.append(contentsOf: repeatElement(PendingInput(time: 0, target: 0, weight: 0, order: 0), count: inputs.count))
            var next = counts
            for input in inputs {
                result[next[Int(input.target)]] = input
                next[Int(input.target)] += 1
            }
        }
        for target in 0..<neuronCount where counts[target + 1] - counts[target] > 1 {
            result[counts[target]..<counts[target + 1]].sort { ($0.time, $0.order) < ($1.time, $1.order) }
        }
        sorted[slot] = result
        offsets[slot] = counts
        buckets[slot].removeAll(keepingCapacity: true)
    }

    /// Marks a processed step's prepared arrays as reusable (their capacity is kept).
    mutating func release(step: Int) {
        let slot = step % size
        sorted[slot].removeAll(keepingCapacity: true)
        offsets[slot].removeAll(keepingCapacity: true)
    }

    func preparedInputs(step: Int) -> ([PendingInput], [Int]) { (sorted[step % size], offsets[step % size]) }
}
