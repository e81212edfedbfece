import ConnectomeCore
import Foundation
import HDF5
import SpikingEngine

/// Streams spikes into `spikes.h5` in the SONATA spike layout (Dai et al. 2020):
///
///     /spikes/<population>/timestamps  float64 [S], ms      (attribute units = "ms")
///     /spikes/<population>/node_ids    uint64  [S]          (group attribute sorting = "by_time")
///     /neurons/{name,population,class,type}  string [N]     (node_id is the row)
///
/// Data are appended in chunks as the run goes, so memory stays bounded; the file appears
/// under its final name only when the run has finished.
public final class SpikeHDF5Writer: SpikeSink {
    private let output: AtomicFile
    private var file: HDF5File?
    private let timestamps: HDF5Dataset
    private let nodeIDs: HDF5Dataset
    private var pendingTimes: [Double] = []
    private var pendingIDs: [UInt64] = []
    /// Spikes buffered before each append.
    let batch = 65_536

    /// Creates the file; `attributes` become root attributes (model, seed, duration …).
    public init(path: String, population: String, neurons: NeuronTable, attributes: [String: String] = [:]) throws {
        output = try AtomicFile(path)
        let file = try HDF5File.create(output.temporary)
        self.file = file
        let root = try file.root()
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) { try root.setAttribute(key, value) }
        let group = try root.createGroup("spikes/\(population)")
        try group.setAttribute("sorting", "by_time")
        timestamps = try group.createAppendableDataset("timestamps", of: Double.self)
        try timestamps.setAttribute("units", "ms")
        nodeIDs = try group.createAppendableDataset("node_ids", of: UInt64.self)
        let table = try root.createGroup("neurons")
        try table.createStringDataset("name", values: neurons.names)
        try table.createStringDataset("population", values: neurons.populations)
        try table.createStringDataset("class", values: neurons.classes)
        try table.createStringDataset("type", values: neurons.types)
    }

    public func write(times: [Double], neurons: [Int32]) throws {
        pendingTimes += times
        pendingIDs += neurons.map { UInt64($0) }
        if pendingTimes.count >= batch { try flush() }
    }

    private func flush() throws {
        try timestamps.append(pendingTimes)
        try nodeIDs.append(pendingIDs)
        pendingTimes.removeAll(keepingCapacity: true)
        pendingIDs.removeAll(keepingCapacity: true)
    }

    public func finish() throws {
        try flush()
        try file?.flush()
        file = nil
        try output.commit()
    }
}
