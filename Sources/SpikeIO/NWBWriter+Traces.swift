import ConnectomeCore
import HDF5

extension NWBWriter {
    /// A sampled quantity written as an NWB `TimeSeries`: `values` is row-major samples × columns.
    public struct Series: Sendable {
        public var name: String
        public var description: String
        /// SI unit after multiplying by `conversion` (e.g. "volts" with 0.001 for mV).
        public var unit: String
        public var conversion: Float
        public var values: [Double]
        public var columns: Int
        /// What the columns are, for the `comments` attribute.
        public var comments: String

        public init(name: String, description: String, unit: String, conversion: Float, values: [Double], columns: Int, comments: String) {
            self.name = name
            self.description = description
            self.unit = unit
            self.conversion = conversion
            self.values = values
            self.columns = columns
            self.comments = comments
        }
    }

    /// Writes `path` atomically with `acquisition` series under /acquisition, `stimulus` series
    /// under /stimulus/presentation and the neurons (the columns of neuron-wise series) as the
    /// DynamicTable /analysis/neurons. `times` are the sample times in ms.
    public static func writeTraces(path: String, session: Session, neurons: NeuronTable, times: [Double],
                                   acquisition: [Series], stimulus: [Series]) throws {
        let output = try AtomicFile(path)
        do {
            let file = try HDF5File.create(output.temporary)
            let root = try file.root()
            let objects = NWBObjects(identifier: session.identifier)
            try fillFile(root, session: session, objects: objects)
            let seconds = times.map { $0 / 1000 }
            for series in acquisition { try write(series, in: root.group("acquisition"), seconds: seconds, objects: objects) }
            for series in stimulus { try write(series, in: root.group("stimulus/presentation"), seconds: seconds, objects: objects) }
            try writeNeuronTable(neurons, in: root.group("analysis"), objects: objects)
            try file.flush()
        }
        try output.commit()
    }

    static func write(_ series: Series, in group: HDF5Group, seconds: [Double], objects: NWBObjects) throws {
        let node = try group.createGroup(series.name)
        try objects.typed(node, "TimeSeries")
        try node.setAttribute("description", series.description)
        try node.setAttribute("comments", series.comments)
        let data = try node.createDataset("data", values: series.values, rows: seconds.count, columns: series.columns)
        try data.setAttribute("unit", series.unit)
        try data.setAttribute("conversion", series.conversion)
        try data.setAttribute("resolution", Float(-1))
        try data.setAttribute("offset", Float(0))
        try data.setAttribute("continuity", "continuous")
        let timestamps = try node.createDataset("timestamps", values: seconds)
        try timestamps.setAttribute("interval", Int32(1))
        try timestamps.setAttribute("unit", "seconds")
    }

    static func writeNeuronTable(_ neurons: NeuronTable, in group: HDF5Group, objects: NWBObjects) throws {
        let table = try group.createGroup("neurons")
        try objects.typed(table, "DynamicTable")
        try table.setAttribute("description", "The simulated neurons, in the column order of every neuron-wise TimeSeries.")
        try table.setAttribute("colnames", strings: ["neuron_name", "neuron_class", "neuron_type"])
        try objects.typed(try table.createDataset("id", values: (0..<neurons.count).map { Int64($0) }), "ElementIdentifiers")
        for (column, values, text) in [("neuron_name", neurons.names, "neuron name"), ("neuron_class", neurons.classes, "neuron class"),
                                       ("neuron_type", neurons.types, "sensory, interneuron, motor, …")] {
            let set = try table.createStringDataset(column, values: values)
            try objects.typed(set, "VectorData")
            try set.setAttribute("description", text)
        }
    }
}
