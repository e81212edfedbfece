import ConnectomeCore
import Foundation
import HDF5
import SpikingEngine

/// Writes spikes as a Neurodata Without Borders 2.x file (Rübel et al. 2022, eLife
/// 11:e78362) that pynwb opens: the required root datasets and groups, and a `/units`
/// table with one unit per neuron — `spike_times` in seconds with its `spike_times_index`,
/// and the columns `neuron_name`, `neuron_class` and `neuron_type`.
///
/// Object ids are UUID-shaped strings derived from the file's identifier, and the creation
/// date honours `SOURCE_DATE_EPOCH` (the reproducible-builds convention), so the same run
/// can produce byte-identical files.
public enum NWBWriter {
    public struct Session: Sendable {
        public var identifier: String
        public var description: String
        /// ISO 8601 date-time of the (simulated) session start.
        public var startTime: String
        public var experimenter: String = "plexus"
        public var institution: String = ""
        /// The animal the simulated session stands for (NWB `Subject`), or none.
        public var subject: Subject? = nil

        public init(identifier: String, description: String, startTime: String) {
            self.identifier = identifier
            self.description = description
            self.startTime = startTime
        }
    }

    /// NWB `Subject` fields; empty strings are left out.
    public struct Subject: Sendable {
        public var identifier: String
        public var species: String
        /// "F", "M", "U" or "O" (NWB's codes; a hermaphrodite is "O" with a description).
        public var sex: String
        public var description: String
        public var strain: String = ""
        /// ISO 8601 duration, e.g. "P3D".
        public var age: String = ""

        public init(identifier: String, species: String, sex: String, description: String) {
            self.identifier = identifier
            self.species = species
            self.sex = sex
            self.description = description
        }
    }

    /// The NWB schema version the file declares.
    public static let version = "2.7.0"

    /// Writes `path` atomically; `spikeTimes[i]` are neuron i's spike times in ms.
    public static func write(path: String, session: Session, neurons: NeuronTable, spikeTimes: [[Double]]) throws {
        let output = try AtomicFile(path)
        do {
            let file = try HDF5File.create(output.temporary)
            try fill(file.root(), session: session, neurons: neurons, spikeTimes: spikeTimes)
            try file.flush()
        }
        try output.commit()
    }

    static func fill(_ root: HDF5Group, session: Session, neurons: NeuronTable, spikeTimes: [[Double]]) throws {
        let objects = NWBObjects(identifier: session.identifier)
        try fillFile(root, session: session, objects: objects)
        try fillUnits(root, neurons: neurons, spikeTimes: spikeTimes, objects: objects)
    }

    /// The root attributes, required datasets and groups, and /general (with the subject when given).
    static func fillFile(_ root: HDF5Group, session: Session, objects: NWBObjects) throws {
        try objects.typed(root, "NWBFile")
        try root.setAttribute("nwb_version", version)

        let created = creationDate()
        try root.createStringDataset("file_create_date", values: [created], layout: .contiguous)
        try root.createScalarStringDataset("identifier", value: session.identifier)
        try root.createScalarStringDataset("session_description", value: session.description)
        try root.createScalarStringDataset("session_start_time", value: session.startTime)
        try root.createScalarStringDataset("timestamps_reference_time", value: session.startTime)
        for group in ["acquisition", "analysis", "processing", "stimulus/presentation", "stimulus/templates"] {
            _ = try root.createGroup(group)
        }
        let general = try root.createGroup("general")
        if !session.institution.isEmpty { try general.createScalarStringDataset("institution", value: session.institution) }
        try general.createStringDataset("experimenter", values: [session.experimenter], layout: .contiguous)
        if let subject = session.subject {
            let group = try general.createGroup("subject")
            try objects.typed(group, "Subject")
            for (key, value) in [("subject_id", subject.identifier), ("species", subject.species), ("sex", subject.sex),
                                 ("description", subject.description), ("strain", subject.strain), ("age", subject.age)]
            where !value.isEmpty {
                try group.createScalarStringDataset(key, value: value)
            }
        }
    }

    static func fillUnits(_ root: HDF5Group, neurons: NeuronTable, spikeTimes: [[Double]], objects: NWBObjects) throws {
        func typed(_ object: HDF5Object, _ type: String) throws { try objects.typed(object, type) }
        let units = try root.createGroup("units")
        try typed(units, "Units")
        try units.setAttribute("description", "Simulated neurons, one unit per neuron; spike times in seconds.")
        try units.setAttribute("colnames", strings: ["spike_times", "neuron_name", "neuron_class", "neuron_type"])
        let ids = try units.createDataset("id", values: (0..<neurons.count).map { Int64($0) })
        try typed(ids, "ElementIdentifiers")
        var flat: [Double] = []
        var index: [UInt64] = []
        for times in spikeTimes {
            flat += times.map { $0 / 1000 }
            index.append(UInt64(flat.count))
        }
        let spikeTimesSet = try units.createDataset("spike_times", values: flat)
        try typed(spikeTimesSet, "VectorData")
        try spikeTimesSet.setAttribute("description", "the spike times for each unit in seconds")
        try spikeTimesSet.setAttribute("resolution", Double(1e-17))
        let indexSet = try units.createDataset("spike_times_index", values: index)
        try typed(indexSet, "VectorIndex")
        try indexSet.setAttribute("description", "Index for VectorData 'spike_times'")
        try indexSet.setReferenceAttribute("target", to: "/units/spike_times")
        for (column, values, text) in [("neuron_name", neurons.names, "neuron name"), ("neuron_class", neurons.classes, "neuron class"),
                                       ("neuron_type", neurons.types, "sensory, interneuron, motor, …")] {
            let set = try units.createStringDataset(column, values: values)
            try typed(set, "VectorData")
            try set.setAttribute("description", text)
        }
    }

    static func namespaceOf(_ type: String) -> String {
        ["ElementIdentifiers", "VectorData", "VectorIndex", "DynamicTable"].contains(type) ? "hdmf-common" : "core"
    }

    /// `SOURCE_DATE_EPOCH` if set (reproducible output), else now; ISO 8601 with time zone.
    public static func creationDate() -> String {
        let date: Date
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = Double(epoch) {
            date = Date(timeIntervalSince1970: seconds)
        } else {
            date = Date()
        }
        return isoDate(date)
    }

    public static func isoDate(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

/// Gives every NWB object its type attributes and a deterministic UUID-shaped id (ids derive
/// from the file identifier and the order objects are typed in).
final class NWBObjects {
    private let identifier: String
    private var counter: UInt64 = 0

    init(identifier: String) { self.identifier = identifier }

    func objectID() -> String {
        counter += 1
        var hasher = FNV()
        hasher.add(identifier)
        hasher.add(String(counter))
        let a = hasher.value, b = CounterRNG.bits(seed: a, stream: RandomStreams.objectIdentifier, entity: 0, counter: counter)
        let hex = String(format: "%016llx%016llx", a, b)
        let c = Array(hex)
        // UUID layout, version 5-style marker digits so tools recognise the shape.
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-5" + String(c[13..<16]) + "-8" + String(c[17..<20]) + "-" + String(c[20..<32])
    }

    func typed(_ object: HDF5Object, _ type: String) throws {
        try object.setAttribute("namespace", NWBWriter.namespaceOf(type))
        try object.setAttribute("neurodata_type", type)
        try object.setAttribute("object_id", objectID())
    }
}

/// FNV-1a 64-bit, for deterministic identifiers.
struct FNV {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ text: String) {
        for byte in text.utf8 { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }
}
