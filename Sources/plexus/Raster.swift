import ConnectomeCore
import ArgumentParser
import Foundation
import SpikeIO

/// `plexus raster SPIKES_FILE --out FILE.svg|png`.
struct Raster: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw a spike raster (neurons grouped by type, population rate underneath) from spikes.h5 or spikes.csv.")

    @Argument(help: "spikes.h5 (SONATA layout) or a time_ms,neuron CSV.") var spikes: String
    @Option(help: "Output image: .svg or .png.") var out: String

    func validate() throws {
        guard out.hasSuffix(".svg") || out.hasSuffix(".png") else { throw ValidationError("--out must end in .svg or .png (got \(out))") }
    }

    func run() throws {
        let plot = try SpikeFile.read(path: spikes).plot
        try AtomicFile.write(out.hasSuffix(".svg") ? Data(plot.svg().utf8) : plot.png(), to: out)
        print("Wrote \(out)")
    }
}
