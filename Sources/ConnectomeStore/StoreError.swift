import HDF5

/// Everything that can go wrong reading or writing a connectome store. Every case names
/// the file and the dataset or item concerned, and the description says what to do.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case hdf5(HDF5Error)
    /// The file is HDF5 but not a Plexus store.
    case notAStore(file: String, reason: String)
    /// The store was written by a newer Plexus.
    case newerFormat(file: String, found: UInt32, supported: UInt32)
    /// A dataset breaks a format invariant.
    case invariant(file: String, dataset: String, problem: String)
    /// No connectome, population or node of that name.
    case unknownConnectome(file: String, name: String, available: [String])
    case unknownPopulation(file: String, name: String)
    case unknownNode(file: String, population: String, name: String, hint: String)
    /// A name that is not `[A-Za-z0-9_.-]+`.
    case invalidName(kind: String, name: String)
    /// Something to be written is already there.
    case alreadyExists(file: String, what: String)
    /// Data handed to the writer is inconsistent.
    case invalidContents(what: String, problem: String)
    /// The output could not be put in place.
    case output(file: String, reason: String)

    public var description: String {
        switch self {
        case .hdf5(let error):
            return error.description
        case let .notAStore(file, reason):
            return "\(file): not a Plexus connectome store (\(reason)). Create one with `plexus connectome import csv` or `plexus connectome build`."
        case let .newerFormat(file, found, supported):
            return "\(file): store format version \(found) is newer than this plexus supports (\(supported)). Upgrade plexus to read it."
        case let .invariant(file, dataset, problem):
            return "\(file): \(dataset): \(problem). The store is corrupt; rebuild it from its sources."
        case let .unknownConnectome(file, name, available):
            let list = available.isEmpty ? "it holds none" : "it holds " + available.joined(separator: ", ")
            return "\(file): no connectome named \(name); \(list). Run `plexus connectome list` to see them."
        case let .unknownPopulation(file, name):
            return "\(file): no population named \(name)."
        case let .unknownNode(file, population, name, hint):
            return "\(file): no neuron or cell named \(name) in population \(population)\(hint)"
                + (hint.isEmpty ? ". Names are case-sensitive (e.g. AVAL)." : "")
        case let .invalidName(kind, name):
            return "invalid \(kind) name \"\(name)\": use only letters, digits, _, . and -."
        case let .alreadyExists(file, what):
            return "\(file): \(what) already exists; choose another name or remove it first."
        case let .invalidContents(what, problem):
            return "\(what): \(problem)."
        case let .output(file, reason):
            return "\(file): cannot write output (\(reason)). Nothing was written."
        }
    }
}

