import Foundation
import CGSL

/// The linear algebra of a graded network's rest: thresholds from one dense solve, and the
/// Jacobian of the full (V, s) system with its eigenvalues (LAPACK through OpenBLAS).
extension LoweredGraded {
    /// Each neuron's synaptic activation at rest (φ = 1/2).
    var restingActivation: [Double] { parameters.map(\.restingActivation) }

    /// The potentials at which every neuron is in equilibrium when every synaptic activation
    /// is held at its resting value and `input` [pA] is injected (worm-model.md: the Wicks
    /// threshold for zero input, Kunert's with the stimulus): the linear system
    ///
    ///     (G_c + Σ_j g^gap_ij + Σ_j g^syn_ij s_j) V_i − Σ_j g^gap_ij V_j = G_c E_c + Σ_j g^syn_ij s_j E_ij + I_i
    ///
    /// solved by LU with partial pivoting (dgesv). Every row is diagonally dominant (G_c > 0),
    /// so the matrix is non-singular.
    func equilibriumPotentials(input: [Double]) throws -> [Double] {
        let n = neuronCount
        guard n > 0 else { return [] }
        let activation = restingActivation
        var matrix = [Double](repeating: 0, count: n * n)  // column-major: row i, column j at i + j·n
        var rhs = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var diagonal = leakConductance[i] + gapTotal[i]
            var b = leakConductance[i] * leakReversal[i] + input[i]
            for k in incomingOffsets[i]..<incomingOffsets[i + 1] {
                let g = incomingConductance[k] * activation[Int(incomingSource[k])]
                diagonal += g
                b += g * incomingReversal[k]
            }
            for k in gapOffsets[i]..<gapOffsets[i + 1] { matrix[i + Int(gapPartner[k]) * n] -= gapConductance[k] }
            matrix[i + i * n] += diagonal
            rhs[i] = b
        }
        var order = Int32(n), one = Int32(1), info = Int32(0)
        var pivots = [Int32](repeating: 0, count: n)
        serialLAPACK { dgesv_(&order, &one, &matrix, &order, &pivots, &rhs, &order, &info) }
        guard info == 0 else {
            throw SpikingEngineError.invalidNetwork("the graded network's resting equilibrium is singular (LAPACK dgesv info \(info)); check for neurons without a leak conductance")
        }
        return rhs
    }

    /// The Jacobian of (V, s) at potentials `voltage` and activations `activation`, with
    /// sigmoid centres `threshold`, row-major 2n × 2n (rows and columns V_0 … V_n−1, s_0 … s_n−1);
    /// units 1/ms.
    func jacobian(voltage: [Double], activation: [Double], threshold: [Double]) -> [Double] {
        let n = neuronCount, size = 2 * n
        var j = [Double](repeating: 0, count: size * size)
        for i in 0..<n {
            let c = capacitance[i]
            var total = leakConductance[i] + gapTotal[i]
            for k in incomingOffsets[i]..<incomingOffsets[i + 1] {
                let source = Int(incomingSource[k])
                total += incomingConductance[k] * activation[source]
                j[i * size + n + source] -= incomingConductance[k] * (voltage[i] - incomingReversal[k]) / c
            }
            for k in gapOffsets[i]..<gapOffsets[i + 1] { j[i * size + Int(gapPartner[k])] += gapConductance[k] / c }
            j[i * size + i] -= total / c
            let phi = 1 / (1 + exp(-slope[i] * (voltage[i] - threshold[i])))
            j[(n + i) * size + i] = riseRate[i] * (1 - activation[i]) * slope[i] * phi * (1 - phi)
            j[(n + i) * size + n + i] = -(riseRate[i] * phi + decayRate[i])
        }
        return j
    }
}

/// Runs `body` with OpenBLAS on one thread, one caller at a time. OpenBLAS factorises
/// matrices above 100 × 100 elements in parallel, and the last bits of the result then
/// depend on its thread count (measured: 10 of 302 thresholds moved by an ulp between
/// OPENBLAS_NUM_THREADS=1 and 2, and again when two runs solved concurrently), which would
/// make a run's output depend on the machine and on what else the process is doing.
func serialLAPACK(_ body: () -> Void) {
    blasLock.lock()
    defer { blasLock.unlock() }
    let threads = openblas_get_num_threads()
    openblas_set_num_threads(1)
    body()
    openblas_set_num_threads(threads)
}

private let blasLock = NSLock()

/// Eigenvalues of a real square matrix given row-major (LAPACK dgeev, no eigenvectors).
public func eigenvalues(ofRowMajor matrix: [Double], size n: Int) throws -> [(real: Double, imaginary: Double)] {
    precondition(matrix.count == n * n, "matrix size")
    guard n > 0 else { return [] }
    // dgeev wants column-major: the transpose has the same eigenvalues, so pass it as is.
    var a = matrix
    var order = Int32(n), lda = Int32(n), one = Int32(1), info = Int32(0)
    var real = [Double](repeating: 0, count: n), imaginary = [Double](repeating: 0, count: n)
    var left = [Double](repeating: 0, count: 1), right = [Double](repeating: 0, count: 1)
    var query = [Double](repeating: 0, count: 1), size = Int32(-1)
    let no: [CChar] = [78, 0]  // "N"
    serialLAPACK { dgeev_(no, no, &order, &a, &lda, &real, &imaginary, &left, &one, &right, &one, &query, &size, &info, 1, 1) }
    var work = [Double](repeating: 0, count: max(1, Int(query[0])))
    size = Int32(work.count)
    serialLAPACK { dgeev_(no, no, &order, &a, &lda, &real, &imaginary, &left, &one, &right, &one, &work, &size, &info, 1, 1) }
    guard info == 0 else { throw SpikingEngineError.invalidNetwork("LAPACK dgeev did not converge (info \(info))") }
    return zip(real, imaginary).map { ($0, $1) }
}
