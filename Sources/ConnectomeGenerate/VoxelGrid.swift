/// The region a voxel graph fills.
public enum VoxelShape: String, CaseIterable, Sendable {
    /// Every voxel of the bounding box.
    case box
    /// The voxels whose centres lie inside the ellipsoid inscribed in the bounding box (a
    /// rough stand-in for a brain's outline: a mouse brain is about 11.4 × 8 × 13.2 mm).
    case ellipsoid
}

/// A 3-D grid of cubic voxels inside a shape; each voxel inside is one node.
///
/// Nodes are numbered in x-major order (x slowest, z fastest) over the voxels inside the
/// shape, so neighbouring node indices are neighbouring voxels along z.
public struct VoxelGrid: Sendable {
    public let shape: VoxelShape
    /// Edge length of a voxel [µm].
    public let resolution: Double
    /// Voxels along x, y, z.
    public let dimensions: SIMD3<Int32>
    /// Node index of every grid cell (x-major), −1 outside the shape.
    let cellNode: [Int32]
    /// Grid cell of every node.
    public let nodeCell: [SIMD3<Int32>]

    /// A grid covering `extent` (µm along x, y, z; each rounded up to whole voxels).
    public init(shape: VoxelShape, extent: SIMD3<Double>, resolution: Double) throws {
        guard resolution > 0, resolution.isFinite else {
            throw GeneratorError.invalidParameter(name: "resolution", value: "\(resolution)", requirement: "a positive voxel size in µm")
        }
        for axis in 0..<3 where !(extent[axis] >= resolution && extent[axis].isFinite) {
            throw GeneratorError.invalidParameter(name: "extent", value: "\(extent[axis])",
                                                  requirement: "every side must be finite and at least one voxel (\(resolution) µm)")
        }
        // In floating point first: a tiny resolution must be an error, not an integer overflow.
        let sides = (0..<3).map { (extent[$0] / resolution - 1e-9).rounded(.up) }
        guard sides[0] * sides[1] * sides[2] <= Double(Int32.max) else {
            throw GeneratorError.invalidParameter(name: "extent/resolution", value: "\(sides[0])×\(sides[1])×\(sides[2]) voxels",
                                                  requirement: "at most 2^31 voxels in the bounding box")
        }
        let counts = sides.map { Int($0) }
        let cellCount = counts[0] * counts[1] * counts[2]
        self.shape = shape
        self.resolution = resolution
        dimensions = SIMD3(Int32(counts[0]), Int32(counts[1]), Int32(counts[2]))
        var cellNode = [Int32](repeating: -1, count: cellCount)
        var nodeCell: [SIMD3<Int32>] = []
        let half = SIMD3<Double>(Double(counts[0]), Double(counts[1]), Double(counts[2])) * resolution / 2
        var cell = 0
        for x in 0..<counts[0] {
            for y in 0..<counts[1] {
                for z in 0..<counts[2] {
                    defer { cell += 1 }
                    let centre = (SIMD3<Double>(Double(x), Double(y), Double(z)) + 0.5) * resolution
                    if shape == .ellipsoid {
                        let u = (centre - half) / half
                        guard (u * u).sum() <= 1 else { continue }
                    }
                    cellNode[cell] = Int32(nodeCell.count)
                    nodeCell.append(SIMD3(Int32(x), Int32(y), Int32(z)))
                }
            }
        }
        guard !nodeCell.isEmpty else {
            throw GeneratorError.invalidParameter(name: "extent", value: "\(extent)", requirement: "the shape must contain at least one voxel centre")
        }
        self.cellNode = cellNode
        self.nodeCell = nodeCell
    }

    /// Number of nodes (voxels inside the shape).
    public var count: Int { nodeCell.count }

    /// Centre of node `node`'s voxel [µm].
    public func position(of node: Int) -> SIMD3<Double> {
        let c = nodeCell[node]
        return (SIMD3<Double>(Double(c.x), Double(c.y), Double(c.z)) + 0.5) * resolution
    }

    /// The node at grid cell `cell`, or nil outside the grid or the shape.
    @inline(__always)
    public func node(at cell: SIMD3<Int32>) -> Int? {
        guard cell.x >= 0, cell.y >= 0, cell.z >= 0, cell.x < dimensions.x, cell.y < dimensions.y, cell.z < dimensions.z else { return nil }
        let index = (Int(cell.x) * Int(dimensions.y) + Int(cell.y)) * Int(dimensions.z) + Int(cell.z)
        let node = cellNode[index]
        return node >= 0 ? Int(node) : nil
    }

    /// Node names `v<x>_<y>_<z>` (grid cell indices), unique and stable across runs.
    public var names: [String] { nodeCell.map { "v\($0.x)_\($0.y)_\($0.z)" } }
}
