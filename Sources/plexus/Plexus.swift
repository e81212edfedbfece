import ArgumentParser
import ConnectomeCore

/// The `plexus` command-line tool.
@main
struct Plexus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plexus",
        abstract: "Connectomes, spiking simulation and model–brain comparison for computational neuroscience.",
        version: PlexusVersion.number,
        subcommands: [Simulate.self, Raster.self, Stats.self, ConnectomeCommand.self, CompareCommand.self])
}
