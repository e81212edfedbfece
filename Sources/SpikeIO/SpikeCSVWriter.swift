import ConnectomeCore
import Foundation
import SpikingEngine

/// Streams spikes as `time_ms,neuron` rows (neuron by name), one spike per line, in time order.
public final class SpikeCSVWriter: SpikeSink {
    private let output: AtomicFile
    private let handle: FileHandle
    private let names: [String]
    private var buffer = ""

    public init(path: String, neuronNames: [String]) throws {
        output = try AtomicFile(path)
        guard FileManager.default.createFile(atPath: output.temporary, contents: Data("time_ms,neuron\n".utf8)),
              let handle = FileHandle(forWritingAtPath: output.temporary) else {
            throw OutputFileError(file: path, reason: "cannot create the file")
        }
        handle.seekToEndOfFile()
        self.handle = handle
        names = neuronNames
    }

    public func write(times: [Double], neurons: [Int32]) throws {
        for (time, neuron) in zip(times, neurons) {
            // 17 significant digits: every double reads back exactly.
            buffer += "\(time),\(names[Int(neuron)])\n"
        }
        if buffer.utf8.count > 1 << 20 { try flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: Data(buffer.utf8))
        buffer = ""
    }

    public func finish() throws {
        try flush()
        try handle.close()
        try output.commit()
    }
}

/// Sends every batch to several sinks (e.g. HDF5, CSV and a rate counter).
public final class SpikeSinks: SpikeSink {
    private let sinks: [SpikeSink]
    public init(_ sinks: [SpikeSink]) { self.sinks = sinks }
    public func write(times: [Double], neurons: [Int32]) throws { for sink in sinks { try sink.write(times: times, neurons: neurons) } }
    public func finish() throws { for sink in sinks { try sink.finish() } }
}
