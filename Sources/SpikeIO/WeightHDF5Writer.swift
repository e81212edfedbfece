import ConnectomeCore
import Foundation
import HDF5
import SpikingEngine

/// Streams snapshots of plastic weights into `weights.h5`:
/// `/weights/values` float64 [T, S], `/weights/times` float64 [T] (ms), and `/weights/pre`,
/// `/weights/post` [S] naming each synapse's neurons.
public final class WeightHDF5Writer: WeightSink {
    private let output: AtomicFile
    private var file: HDF5File?
    private let values: HDF5Dataset
    private let times: HDF5Dataset

    public init(path: String, pre: [String], post: [String]) throws {
        output = try AtomicFile(path)
        let file = try HDF5File.create(output.temporary)
        self.file = file
        let group = try file.root().createGroup("weights")
        values = try group.createAppendableDataset("values", of: Double.self, columns: max(1, pre.count))
        times = try group.createAppendableDataset("times", of: Double.self)
        try times.setAttribute("units", "ms")
        try group.createStringDataset("pre", values: pre)
        try group.createStringDataset("post", values: post)
    }

    public func write(time: Double, weights: [Double]) throws {
        try values.append(weights)
        try times.append([time])
    }

    public func finish() throws {
        try file?.flush()
        file = nil
        try output.commit()
    }
}
