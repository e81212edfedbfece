import ConnectomeCore
import ConnectomeImport
import ConnectomeStore
import Foundation
import Testing
import _TestSupport

/// One malformed input and the words its error must contain.
struct BadEdgeFile: CustomTestStringConvertible, Sendable {
    let name: String
    let edges: String
    let expected: [String]
    var testDescription: String { name }

    static let nodes = "name,class,type,transmitter,x,y,z\nAVAL,AVA,interneuron,acetylcholine,1,2,3\nAVAR,AVA,interneuron,acetylcholine,,,\nPVCL,PVC,interneuron,acetylcholine,4,5,6\n"

    static let all: [BadEdgeFile] = [
        BadEdgeFile(name: "missing weight column", edges: "pre,post,kind\nAVAL,AVAR,chemical\n",
                    expected: ["edges.csv:1", "missing column \"weight\""]),
        BadEdgeFile(name: "unknown neuron with suggestion", edges: "pre,post,kind,weight\nAVAL,AVAR,chemical,1\nAVAX,PVCL,chemical,2\n",
                    expected: ["edges.csv:3", "unknown cell \"AVAX\"", "did you mean AVAL or AVAR?"]),
        BadEdgeFile(name: "duplicate chemical edge", edges: "pre,post,kind,weight\nAVAL,AVAR,chemical,1\nPVCL,AVAR,chemical,1\nAVAL,AVAR,chemical,2\n",
                    expected: ["edges.csv:4", "duplicate chemical edge AVAL→AVAR", "first on line 2"]),
        BadEdgeFile(name: "gap junction listed in both directions", edges: "pre,post,kind,weight\nAVAL,AVAR,electrical,1\nAVAR,AVAL,electrical,1\n",
                    expected: ["edges.csv:3", "duplicate gap junction AVAL–AVAR", "once per pair"]),
        BadEdgeFile(name: "negative weight", edges: "pre,post,kind,weight\nAVAL,AVAR,chemical,-3\n",
                    expected: ["edges.csv:2", "negative", "transmitter"]),
        BadEdgeFile(name: "NaN weight", edges: "pre,post,kind,weight\nAVAL,AVAR,chemical,nan\n",
                    expected: ["edges.csv:2", "weights must be finite"]),
        BadEdgeFile(name: "text weight", edges: "pre,post,kind,weight\nAVAL,AVAR,chemical,many\n",
                    expected: ["edges.csv:2", "\"many\" is not a number"]),
        BadEdgeFile(name: "unknown kind", edges: "pre,post,kind,weight\nAVAL,AVAR,chemical,1\nAVAL,PVCL,gap,1\n",
                    expected: ["edges.csv:3", "kind \"gap\" is not chemical or electrical"]),
        BadEdgeFile(name: "short row", edges: "pre,post,kind,weight\nAVAL,AVAR,chemical\n",
                    expected: ["edges.csv:2", "expected 4 fields, found 3"]),
        BadEdgeFile(name: "unclosed quote", edges: "pre,post,kind,weight\n\"AVAL,AVAR,chemical,1\n",
                    expected: ["edges.csv:2", "quoted field is not closed"]),
        BadEdgeFile(name: "empty file", edges: "",
                    expected: ["edges.csv", "empty"]),
    ]
}

@Suite("CSV import")
struct CSVImportTests {
    @Test("malformed edge files give one clear message and leave the store untouched", arguments: BadEdgeFile.all)
    func rejected(_ bad: BadEdgeFile) throws {
        let directory = TemporaryDirectory()
        let nodes = directory.write("neurons.csv", BadEdgeFile.nodes)
        let good = directory.write("good.csv", "pre,post,kind,weight\nAVAL,AVAR,chemical,1\n")
        let store = directory.file("store.h5")
        _ = try CSVImport.importConnectome(name: "first", edgesPath: good, nodes: [NodeSource(path: nodes)],
                                           metadata: ConnectomeMetadata(), storePath: store)
        let before = FileManager.default.contents(atPath: store)
        let edges = directory.write("edges.csv", bad.edges)
        do {
            _ = try CSVImport.importConnectome(name: "second", edgesPath: edges, nodes: [NodeSource(path: nodes)],
                                               metadata: ConnectomeMetadata(), storePath: store)
            Issue.record("\(bad.name): accepted")
        } catch {
            for word in bad.expected { #expect("\(error)".contains(word), "\(bad.name): \"\(error)\" lacks \"\(word)\"") }
        }
        #expect(FileManager.default.contents(atPath: store) == before, "\(bad.name): store changed")
        #expect(directory.contents == ["edges.csv", "good.csv", "neurons.csv", "store.h5"], "\(bad.name): no stray files")
    }

    @Test("bad node files are rejected with file and line")
    func badNodeFiles() throws {
        let directory = TemporaryDirectory()
        let edges = directory.write("edges.csv", "pre,post,kind,weight\nA,B,chemical,1\n")
        let cases = [
            ("class,type\nX,Y\n", ["nodes.csv:1", "missing column \"name\""]),
            ("name,x\nA,1\nA,2\n", ["nodes.csv:3", "node A is listed twice (first on line 2)"]),
            ("name,x\nA,1\nB,left\n", ["nodes.csv:3", "column x must hold a position in µm"]),
        ]
        for (text, words) in cases {
            let nodes = directory.write("nodes.csv", text)
            #expect {
                _ = try CSVImport.connectome(name: "c", edgesPath: edges, nodes: [NodeSource(path: nodes)], metadata: ConnectomeMetadata())
            } throws: { error in
                words.allSatisfy { "\(error)".contains($0) }
            }
        }
    }

    @Test("CSV → store → CSV is byte-equal for canonical files (sorted, gap junctions once per pair)")
    func csvRoundTrip() throws {
        let directory = TemporaryDirectory()
        let nodesText = "name,class,type,transmitter,x,y,z\nA,AA,sensory,acetylcholine,1.5,2,-3.25\nB,\"B, b\",interneuron,,,,\nC,CC,motor,GABA,4,5,6\n"
        let edgesText = "pre,post,kind,weight\nA,B,chemical,3\nB,C,chemical,2\nC,A,chemical,0.5\nC,C,chemical,1\nA,C,electrical,2\nB,B,electrical,1\n"
        let nodes = directory.write("cells.csv", nodesText)
        let edges = directory.write("edges.csv", edgesText)
        _ = try CSVImport.importConnectome(name: "tiny", edgesPath: edges, nodes: [NodeSource(path: nodes)],
                                           metadata: ConnectomeMetadata(description: "d"), storePath: directory.file("s.h5"))
        let connectome = try StoreFile.open(directory.file("s.h5")).connectome("tiny")
        #expect(try CSVExport.edgesText(of: connectome) == edgesText)
        #expect(NodeCSV.text(of: try connectome.nodePopulations[0].table()) == nodesText)
        #expect(connectome.sourceChecksums["edges.csv"] == (try SHA256.hexDigest(ofFile: edges)))
    }

    @Test("gap junctions given as B,A are stored once, oriented by index, and reported for both cells")
    func gapJunctionOrientation() throws {
        let directory = TemporaryDirectory()
        let edges = directory.write("e.csv", "pre,post,kind,weight\nB,A,electrical,4\n")
        let result = try CSVImport.connectome(name: "g", edgesPath: edges, nodes: [], metadata: ConnectomeMetadata())
        #expect(result.nodes[0].table.names == ["A", "B"])
        #expect(result.edges.count == 1 && result.edges[0].edges.sources == [0] && result.edges[0].edges.targets == [1])
        try StoreWriter.write(nodes: result.nodes, edges: result.edges, connectomes: [result.connectome], to: directory.file("s.h5"))
        let connectome = try StoreFile.open(directory.file("s.h5")).connectome("g")
        #expect(try connectome.neighbors(of: "A").map(\.name) == ["B"])
        #expect(try connectome.neighbors(of: "B").map(\.name) == ["A"])
        #expect(try CSVExport.edgesText(of: connectome) == "pre,post,kind,weight\nA,B,electrical,4\n")
    }

    @Test("SHA-256 matches the FIPS 180-4 test vectors")
    func sha256() {
        for (message, digest) in [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ] {
            let hasher = SHA256()
            hasher.update(Array(message.utf8))
            #expect(hasher.hexDigest() == digest, "message \"\(message)\"")
        }
        let million = SHA256()
        for _ in 0..<1000 { million.update([UInt8](repeating: UInt8(ascii: "a"), count: 1000)) }
        #expect(million.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
