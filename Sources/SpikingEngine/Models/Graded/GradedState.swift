import Foundation

/// The graded kernel's working memory: per-neuron constants, the synapse and gap tables as
/// raw buffers, and double-buffered potentials and activations (a step reads the current
/// arrays and writes the next ones, Jacobi, then they swap). Allocated once per run, so the
/// step loop touches no Swift arrays (no reference counting or bounds checks per access).
final class GradedState: @unchecked Sendable {
    let count: Int
    let dt: Double
    private let leakConductance, leakDrive, gapTotal, stepOverCapacitance: UnsafeMutablePointer<Double>
    private let slope, threshold, riseRate, decayRate: UnsafeMutablePointer<Double>
    private let incomingOffsets: UnsafeMutablePointer<Int>
    private let incomingSource: UnsafeMutablePointer<Int32>
    /// g [nS] and g·E [nS·mV] of each synapse, so a step multiplies each by s_j once.
    private let incomingConductance, incomingDrive: UnsafeMutablePointer<Double>
    private let gapOffsets: UnsafeMutablePointer<Int>
    private let gapPartner: UnsafeMutablePointer<Int32>
    private let gapConductance: UnsafeMutablePointer<Double>
    /// Injected current of each neuron for the coming step [pA].
    let input: UnsafeMutablePointer<Double>
    private(set) var voltage, activation: UnsafeMutablePointer<Double>
    private var nextVoltage, nextActivation: UnsafeMutablePointer<Double>
    private var owned: [UnsafeMutableRawPointer] = []

    init(_ network: LoweredGraded, thresholds: [Double], dt: Double, voltage: [Double], activation: [Double]) {
        count = network.neuronCount
        self.dt = dt
        var owned: [UnsafeMutableRawPointer] = []
        func copy<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, values.count))
            pointer.initialize(from: values, count: values.count)
            owned.append(UnsafeMutableRawPointer(pointer))
            return pointer
        }
        leakConductance = copy(network.leakConductance)
        leakDrive = copy(zip(network.leakConductance, network.leakReversal).map { $0 * $1 })
        gapTotal = copy(network.gapTotal)
        stepOverCapacitance = copy(network.capacitance.map { dt / $0 })
        slope = copy(network.slope)
        threshold = copy(thresholds)
        riseRate = copy(network.riseRate)
        decayRate = copy(network.decayRate)
        incomingOffsets = copy(network.incomingOffsets)
        incomingSource = copy(network.incomingSource)
        incomingConductance = copy(network.incomingConductance)
        incomingDrive = copy(zip(network.incomingConductance, network.incomingReversal).map { $0 * $1 })
        gapOffsets = copy(network.gapOffsets)
        gapPartner = copy(network.gapPartner)
        gapConductance = copy(network.gapConductance)
        input = copy([Double](repeating: 0, count: count))
        self.voltage = copy(voltage)
        self.activation = copy(activation)
        nextVoltage = copy(voltage)
        nextActivation = copy(activation)
        self.owned = owned
    }

    deinit { for pointer in owned { pointer.deallocate() } }

    /// One exponential-Euler step of `neurons` (``GradedSimulation``); threads call it on
    /// disjoint ranges and each writes only its own range of the next arrays.
    func advance(_ neurons: Range<Int>) {
        let v = voltage, s = activation, v2 = nextVoltage, s2 = nextActivation
        for i in neurons {
            let vi = v[i]
            var total = leakConductance[i] + gapTotal[i]
            var drive = leakDrive[i] + input[i]
            for k in gapOffsets[i]..<gapOffsets[i + 1] { drive += gapConductance[k] * v[Int(gapPartner[k])] }
            for k in incomingOffsets[i]..<incomingOffsets[i + 1] {
                let sj = s[Int(incomingSource[k])]
                total += incomingConductance[k] * sj
                drive += incomingDrive[k] * sj
            }
            let steady = drive / total
            v2[i] = steady + (vi - steady) * exp(-total * stepOverCapacitance[i])
            let phi = 1 / (1 + exp(-slope[i] * (vi - threshold[i])))
            let rise = riseRate[i] * phi
            let rate = rise + decayRate[i]
            let target = rise / rate
            s2[i] = target + (s[i] - target) * exp(-rate * dt)
        }
    }

    /// Makes the step just computed current.
    func swapBuffers() {
        swap(&voltage, &nextVoltage)
        swap(&activation, &nextActivation)
    }

    /// Copies of the current potentials and activations.
    var voltages: [Double] { Array(UnsafeBufferPointer(start: voltage, count: count)) }
    var activations: [Double] { Array(UnsafeBufferPointer(start: activation, count: count)) }
}
