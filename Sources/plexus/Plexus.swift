import ArgumentParser

/// The `plexus` command-line tool.
@main
struct Plexus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plexus",
        abstract: "Connectomes, spiking simulation and model–brain comparison for computational neuroscience.",
        version: "0.1.0",
        subcommands: [Simulate.self, Raster.self, Stats.self, ConnectomeCommand.self, CompareCommand.self])
}
