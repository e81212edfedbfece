import CGSL
import HDF5
import Testing

/// The C libraries are linked as intended: GSL's statistics, OpenBLAS (not GSL's reference
/// CBLAS) behind the cblas_* symbols, and libhdf5 1.10 or newer.
@Suite("System libraries")
struct SystemLibrariesTests {
    @Test("cblas_dgemm from OpenBLAS multiplies a 2x3 by a 3x2 matrix exactly")
    func dgemm() {
        let a: [Double] = [1, 2, 3, 4, 5, 6]        // 2x3, row-major
        let b: [Double] = [7, 8, 9, 10, 11, 12]     // 3x2
        var c = [Double](repeating: 0, count: 4)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 3, 1, a, 3, b, 2, 0, &c, 2)
        #expect(c == [58, 64, 139, 154])
        // Only OpenBLAS defines this; linking libgslcblas instead would fail to link.
        let core = String(cString: openblas_get_corename())
        #expect(!core.isEmpty)
    }

    @Test("GSL statistics match hand-computed values")
    func statistics() {
        var values: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]
        #expect(gsl_stats_mean(&values, 1, 8) == 5)
        // Sample standard deviation: sqrt(32 / 7).
        #expect(abs(gsl_stats_sd(&values, 1, 8) - (32.0 / 7).squareRoot()) < 1e-15)
    }

    @Test("libhdf5 is 1.10 or newer (the store's file format needs it)")
    func hdf5Version() {
        let parts = HDF5Library.version.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count == 3 && (parts[0], parts[1]) >= (1, 10))
    }
}
