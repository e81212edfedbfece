import CElegans
import Foundation
import SpikingEngine
import Testing

/// worm-model.md "What the model must reproduce", checks 1–7, each against the finding it
/// comes from; the failure messages carry the numbers.
@Suite("Graded worm against the literature")
struct WormLiteratureTests {
    @Test("1. at rest nothing drifts and every eigenvalue of the linearised system has a negative real part")
    func rest() throws {
        let worm = try GradedWorm.build(provider: CSVConnectome.shared, connectome: "cook2019_herm", parameters: GradedWormParameters())
        let simulation = try GradedSimulation(network: worm.network, configuration: SimulationConfiguration(duration: 1000))
        final class Drift: GradedTraceSink {
            var largest = 0.0
            func write(time: Double, voltage: [Double], activity: [Double], stimulus: [Double]) throws {
                largest = max(largest, activity.map { abs($0 - 0.5) }.max()!)
            }
            func finish() throws {}
        }
        let drift = Drift()
        _ = try simulation.run(traces: drift)
        // The Wicks thresholds make rest an exact fixed point; only rounding may move it.
        #expect(drift.largest < 1e-9, "activity drifted by \(drift.largest) from 0.5 without input")
        let n = worm.neurons.names.count
        let values = try eigenvalues(ofRowMajor: simulation.restingJacobian(), size: 2 * n)
        let slowest = values.map(\.real).max()!
        #expect(slowest < 0, "largest real part \(slowest) /ms")
        let fastest = values.map(\.real).min()!
        // worm-model.md: Cook's gap junctions make the fastest mode ~0.03 ms.
        #expect(-1 / fastest < 0.1, "fastest time constant \(-1 / fastest) ms")
    }

    @Test("2. after the stimulus ends the network returns to rest")
    func returnsToRest() throws {
        let run = try WormRun.anterior.get()
        #expect(run.residual < GradedWormReport.restTolerance, "1 s after anterior touch the largest |a − a_rest| is \(run.residual)")
    }

    @Test("3. anterior touch: ΔB > ΔF (Chalfie et al. 1985)")
    func anteriorTouch() throws {
        let b = try WormRun.anterior.get().behaviour
        #expect(b.backwardChange > b.forwardChange, "ΔB \(b.backwardChange), ΔF \(b.forwardChange)")
    }

    @Test("4. posterior touch: ΔF > ΔB (Chalfie et al. 1985)")
    func posteriorTouch() throws {
        let b = try WormRun.posterior.get().behaviour
        #expect(b.forwardChange > b.backwardChange, "ΔF \(b.forwardChange), ΔB \(b.backwardChange)")
    }

    @Test("5. the largest command-interneuron response: AVD for anterior, PVC for posterior touch")
    func largestResponder() throws {
        let anterior = try WormRun.anterior.get().behaviour, posterior = try WormRun.posterior.get().behaviour
        #expect(anterior.largestResponder == "AVD", "anterior: \(anterior.classChange)")
        #expect(posterior.largestResponder == "PVC", "posterior: \(posterior.classChange)")
    }

    @Test("6. ablating AVDL/R lowers AVA's response to anterior touch (Chalfie et al. 1985)")
    func avdAblation() throws {
        let intact = try WormRun.anterior.get()
        let ablated = try WormRun("touch-anterior", ablate: ["AVDL", "AVDR"])
        #expect(ablated.worm.composition.removedChemicalConnections > 0 && ablated.worm.composition.removedGapJunctionPairs > 0)
        let before = intact.behaviour.classChange["AVA"]!, after = ablated.behaviour.classChange["AVA"]!
        #expect(after < before, "AVA Δa intact \(before), AVD ablated \(after)")
    }

    @Test("7. ASH stimulation: ΔB > ΔF (Kaplan & Horvitz 1993)")
    func nociception() throws {
        let b = try WormRun("nociception").behaviour
        #expect(b.backwardChange > b.forwardChange, "ΔB \(b.backwardChange), ΔF \(b.forwardChange)")
    }

    @Test("readouts agree to three decimals at dt = 0.01, 0.1 and 1 ms")
    func stepIndependence() throws {
        let reference = try WormRun("touch-anterior", dt: 0.01)
        for dt in [0.1, 1.0] {
            let run = try WormRun("touch-anterior", dt: dt)
            let worst = reference.responses.map { name, value in (name, abs(run.responses[name]! - value)) }.max { $0.1 < $1.1 }!
            #expect(worst.1 < 5e-4, "dt \(dt) ms: Δa of \(worst.0) differs by \(worst.1) from dt 0.01 ms")
        }
    }

    @Test("the whole worm gives identical responses at 1 and 2 threads")
    func threads() throws {
        let two = try WormRun("touch-posterior", threads: 2)
        #expect(two.responses == (try WormRun.posterior.get().responses))
    }
}
