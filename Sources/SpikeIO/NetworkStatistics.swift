/// The statistics used to compare networks across simulators (bench/reference/README.md):
/// mean rate, mean CV of inter-spike intervals and the Fano factor of population counts.
public struct NetworkStatistics: Codable, Sendable, Equatable {
    /// Spikes in the window / (neurons × window length) [Hz].
    public var rateHz: Double
    /// Mean over neurons with at least 3 spikes in the window of std(ISI)/mean(ISI) (population std).
    public var cvISI: Double
    public var cvNeurons: Int
    /// var/mean (population variance) of the spike count of all neurons in bins of `binMs`.
    public var fano: Double
    public var spikes: Int
    public var windowMs: [Double]
    public var binMs: Double

    /// Statistics of the spikes in [from, to) of `neuronCount` neurons.
    public init(times: [Double], ids: [Int32], neuronCount: Int, from: Double, to: Double, binMs: Double = 10) {
        var perNeuron = [[Double]](repeating: [], count: neuronCount)
        var inWindow = 0
        let bins = max(1, Int(((to - from) / binMs).rounded()))
        var counts = [Double](repeating: 0, count: bins)
        for (time, id) in zip(times, ids) where time >= from && time < to {
            perNeuron[Int(id)].append(time)
            inWindow += 1
            counts[min(bins - 1, Int((time - from) / binMs))] += 1
        }
        rateHz = Double(inWindow) / Double(max(1, neuronCount)) / ((to - from) / 1000)
        var cvs: [Double] = []
        for var spikes in perNeuron where spikes.count >= 3 {
            spikes.sort()
            let intervals = zip(spikes.dropFirst(), spikes).map { $0 - $1 }
            let mean = intervals.reduce(0, +) / Double(intervals.count)
            let variance = intervals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(intervals.count)
            if mean > 0 { cvs.append(variance.squareRoot() / mean) }
        }
        cvISI = cvs.isEmpty ? .nan : cvs.reduce(0, +) / Double(cvs.count)
        cvNeurons = cvs.count
        let mean = counts.reduce(0, +) / Double(bins)
        let variance = counts.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(bins)
        fano = mean > 0 ? variance / mean : .nan
        spikes = inWindow
        windowMs = [from, to]
        self.binMs = binMs
    }
}
