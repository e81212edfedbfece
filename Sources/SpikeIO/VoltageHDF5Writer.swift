import ConnectomeCore
import Foundation
import HDF5
import SpikingEngine

/// Streams sampled membrane potentials into `voltage.h5`:
/// `/voltage/data` float64 [T, K] (mV), `/voltage/times` float64 [T] (ms), `/voltage/neurons` [K].
public final class VoltageHDF5Writer: VoltageSink {
    private let output: AtomicFile
    private var file: HDF5File?
    private let data: HDF5Dataset
    private let times: HDF5Dataset
    private var pendingTimes: [Double] = []
    private var pendingValues: [Double] = []

    public init(path: String, neuronNames: [String]) throws {
        output = try AtomicFile(path)
        let file = try HDF5File.create(output.temporary)
        self.file = file
        let group = try file.root().createGroup("voltage")
        data = try group.createAppendableDataset("data", of: Double.self, columns: max(1, neuronNames.count))
        try data.setAttribute("units", "mV")
        times = try group.createAppendableDataset("times", of: Double.self)
        try times.setAttribute("units", "ms")
        try group.createStringDataset("neurons", values: neuronNames)
    }

    public func write(time: Double, values: [Double]) throws {
        pendingTimes.append(time)
        pendingValues += values
        if pendingTimes.count >= 4096 { try flush() }
    }

    private func flush() throws {
        try data.append(pendingValues)
        try times.append(pendingTimes)
        pendingTimes.removeAll(keepingCapacity: true)
        pendingValues.removeAll(keepingCapacity: true)
    }

    public func finish() throws {
        try flush()
        try file?.flush()
        file = nil
        try output.commit()
    }
}
