import ArgumentParser

/// `plexus connectome …`: inspect, import, export and validate connectome stores.
struct ConnectomeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connectome",
        abstract: "Inspect, import, export and validate connectome stores.",
        subcommands: [ListConnectomes.self, Info.self, Neighbors.self, Import.self, Export.self,
                      Validate.self, Build.self, Generate.self, Extract.self, Factorised.self])
}
