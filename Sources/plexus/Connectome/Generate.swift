import ConnectomeCore
import ArgumentParser
import ConnectomeGenerate
import Foundation

/// `plexus connectome generate voxel …`.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate synthetic connectomes of a chosen size into a new store.",
        subcommands: [GenerateVoxel.self, GenerateFactorised.self])
}

/// `plexus connectome generate voxel --out PATH …`.
struct GenerateVoxel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voxel",
        abstract: "A seeded voxel-scale graph: voxels in a box or ellipsoid, distance-dependent connections.",
        discussion: """
        Every voxel inside the shape is a node (x, y, z = voxel centre in µm). Each ordered pair of voxels \
        at distance d ≤ cutoff is connected independently with probability p(d) = p0·exp(−d/λ); give p0 \
        directly or the mean out-degree it should produce. Weights are log-normal exp(μ + σz) (float32, or \
        whole counts ≥ 1 with --integer-weights); delays are base + d/velocity rounded to --delay-step. \
        Rows are generated in parallel and streamed to the store, so memory does not grow with the number \
        of edges. The defaults give a mouse-brain-sized ellipsoid (11.4 × 8 × 13.2 mm) at 100 µm: \
        about 630 000 nodes and 6·10^7 edges. Same parameters and seed: the same graph, on any thread count.
        """)

    @Option(help: "The new store (an existing file is replaced only with --overwrite).") var out: String
    @Flag(help: "Replace --out if it exists.") var overwrite = false
    @Option(help: "Connectome, node population and edge population name.") var name = "voxel"
    @Option(help: "Region filled with voxels.") var shape: VoxelShape = .ellipsoid
    @Option(help: ArgumentHelp("Bounding box in µm.", valueName: "X,Y,Z")) var extent = "11400,8000,13200"
    @Option(help: "Voxel edge in µm.") var resolution = 100.0
    @Option(help: "Length constant λ of the connection probability, µm.") var lambda = 250.0
    @Option(help: "Largest connected distance in µm (default 3λ).") var cutoff: Double?
    @Option(help: "Connection probability at distance 0 (instead of --out-degree).") var p0: Double?
    @Option(name: .customLong("out-degree"), help: "Mean out-degree to reach by choosing p0 (default 100 when --p0 is not given).")
    var outDegree: Double?
    @Flag(name: .customLong("self-connections"), help: "Connect voxels to themselves with probability p0.") var selfConnections = false
    @Option(name: .customLong("weight-mu"), help: "μ of the log-normal weights.") var weightMu = 0.0
    @Option(name: .customLong("weight-sigma"), help: "σ of the log-normal weights.") var weightSigma = 1.0
    @Flag(name: .customLong("integer-weights"), help: "Round weights to counts ≥ 1 and store int32 (about 1 byte per edge less).")
    var integerWeights = false
    @Option(name: .customLong("delay-base"), help: "Delay at distance 0, ms.") var delayBase = 0.5
    @Option(help: "Conduction velocity, µm/ms (1000 µm/ms = 1 m/s).") var velocity = 1000.0
    @Option(name: .customLong("delay-step"), help: "Delays are rounded to multiples of this, ms.") var delayStep = 0.1
    @Option(help: "Seed of every random draw.") var seed: UInt64 = RandomStreams.defaultSeed
    @Option(help: "Threads generating rows (default: all cores).") var threads: Int?
    @Flag(help: "Print the summary as JSON.") var json = false
    @Flag(help: "No progress bar.") var quiet = false

    func validate() throws {
        if p0 != nil && outDegree != nil { throw ValidationError("give either --p0 or --out-degree, not both") }
        if let threads, threads < 1 { throw ValidationError("--threads must be ≥ 1") }
        _ = try parsedExtent()
    }

    func parsedExtent() throws -> SIMD3<Double> {
        let parts = extent.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let x = parts[0], let y = parts[1], let z = parts[2] else {
            throw ValidationError("--extent must be three numbers X,Y,Z in µm (got \(extent))")
        }
        return SIMD3(x, y, z)
    }

    func run() throws {
        if FileManager.default.fileExists(atPath: out) && !overwrite {
            throw ValidationError("\(out) exists; choose another --out or pass --overwrite")
        }
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        var parameters = VoxelGraphParameters()
        parameters.shape = shape
        parameters.extent = try parsedExtent()
        parameters.resolution = resolution
        parameters.law = DistanceLaw(p0: p0 ?? 1, lengthConstant: lambda, cutoff: cutoff ?? 3 * lambda, selfConnections: selfConnections)
        parameters.weightMu = weightMu
        parameters.weightSigma = weightSigma
        parameters.integerWeights = integerWeights
        parameters.delayBase = delayBase
        parameters.velocity = velocity
        parameters.delayStep = delayStep
        parameters.seed = seed
        var generator = try VoxelGraphGenerator(parameters)
        if p0 == nil { generator = try generator.withMeanOutDegree(outDegree ?? 100, threads: threadCount) }
        let bar = ProgressBar(label: "generating", enabled: !quiet && !json)
        let summary = try generator.write(to: out, name: name, threads: threadCount) { bar.update($0) }
        bar.finish()
        let peak = peakResidentBytes()
        if json {
            struct Report: Encodable { var summary: VoxelGraphSummary; var bytesPerEdge: Double; var edgesPerSecond: Double; var peakRSSBytes: Int }
            let report = Report(summary: summary, bytesPerEdge: summary.bytesPerEdge,
                                edgesPerSecond: Double(summary.edges) / max(summary.seconds, 1e-9), peakRSSBytes: peak)
            try printJSON(report)
            return
        }
        print(String(format: "Wrote %@ (connectome %@): %d nodes, %d edges (expected %.0f ± %.0f, p0 = %.4g), %.1f MB = %.2f bytes/edge, %.1f s (%.2g edges/s), peak RSS %.0f MB.",
                     out, name, summary.nodes, summary.edges, summary.expectedEdges, summary.expectedEdgesSD, summary.p0,
                     Double(summary.fileBytes) / 1e6, summary.bytesPerEdge, summary.seconds,
                     Double(summary.edges) / max(summary.seconds, 1e-9), Double(peak) / 1e6))
    }
}

extension VoxelShape: ExpressibleByArgument {}

/// Peak resident memory of this process so far [bytes] (Linux reports ru_maxrss in KiB).
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}
