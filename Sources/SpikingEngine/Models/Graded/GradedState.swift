import Foundation

/// Potentials and synaptic activations of a graded network, double-buffered: a step reads
/// the current arrays and writes the next ones (Jacobi), then they swap.
struct GradedState {
    var voltage: [Double]
    var activation: [Double]
    private var nextVoltage: [Double]
    private var nextActivation: [Double]

    init(voltage: [Double], activation: [Double]) {
        self.voltage = voltage
        self.activation = activation
        nextVoltage = voltage
        nextActivation = activation
    }

    /// One exponential-Euler step of every neuron (``GradedSimulation``), blocks of neurons on
    /// the pool's threads; each thread writes only its own block of the next arrays.
    mutating func advance(_ network: LoweredGraded, thresholds: [Double], input: [Double], dt: Double,
                          blocks: [Range<Int>], pool: WorkerPool) {
        voltage.withUnsafeBufferPointer { v in
            activation.withUnsafeBufferPointer { s in
                nextVoltage.withUnsafeMutableBufferPointer { v2 in
                    nextActivation.withUnsafeMutableBufferPointer { s2 in
                        let kernel = GradedStepKernel(network: network, thresholds: thresholds, input: input, dt: dt,
                                                      voltage: v, activation: s, nextVoltage: v2, nextActivation: s2)
                        if blocks.count == 1 {
                            kernel.advance(blocks[0])
                        } else {
                            pool.run { k in kernel.advance(blocks[k]) }
                        }
                    }
                }
            }
        }
        swap(&voltage, &nextVoltage)
        swap(&activation, &nextActivation)
    }
}

/// Raw views for one step; threads share it and write disjoint ranges of the next arrays.
private struct GradedStepKernel: @unchecked Sendable {
    let network: LoweredGraded
    let thresholds: [Double]
    let input: [Double]
    let dt: Double
    let voltage: UnsafeBufferPointer<Double>
    let activation: UnsafeBufferPointer<Double>
    let nextVoltage: UnsafeMutableBufferPointer<Double>
    let nextActivation: UnsafeMutableBufferPointer<Double>

    func advance(_ neurons: Range<Int>) {
        network.incomingOffsets.withUnsafeBufferPointer { offsets in
        network.incomingSource.withUnsafeBufferPointer { sources in
        network.incomingConductance.withUnsafeBufferPointer { conductances in
        network.incomingReversal.withUnsafeBufferPointer { reversals in
        network.gapOffsets.withUnsafeBufferPointer { gapOffsets in
        network.gapPartner.withUnsafeBufferPointer { partners in
        network.gapConductance.withUnsafeBufferPointer { gaps in
            for i in neurons {
                let v = voltage[i]
                var total = network.leakConductance[i] + network.gapTotal[i]
                var drive = network.leakConductance[i] * network.leakReversal[i] + input[i]
                for k in gapOffsets[i]..<gapOffsets[i + 1] { drive += gaps[k] * voltage[Int(partners[k])] }
                for k in offsets[i]..<offsets[i + 1] {
                    let g = conductances[k] * activation[Int(sources[k])]
                    total += g
                    drive += g * reversals[k]
                }
                let steady = drive / total
                nextVoltage[i] = steady + (v - steady) * exp(-total * dt / network.capacitance[i])
                let phi = 1 / (1 + exp(-network.slope[i] * (v - thresholds[i])))
                let rise = network.riseRate[i] * phi
                let rate = rise + network.decayRate[i]
                let target = rise / rate
                nextActivation[i] = target + (activation[i] - target) * exp(-rate * dt)
            }
        }}}}}}}
    }
}
