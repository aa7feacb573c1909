import Testing
@testable import NeuralNetwork

@Suite("Epoch overview")
struct EpochOverviewTests {
    func metrics(_ epoch: Int) -> EpochMetrics {
        EpochMetrics(epoch: epoch, trainLoss: 1 / Double(epoch), valLoss: nil, trainAccuracy: nil, valAccuracy: nil,
                     learningRate: 0.1, layers: [], diverged: nil)
    }

    @Test("a long run stays within capacity, evenly spaced, first and latest kept")
    func boundedAndEven() {
        var overview = EpochOverview(capacity: 16)
        for epoch in 1...1000 {
            overview.append(metrics(epoch))
            #expect(overview.epochs.count <= 17)
            #expect(overview.epochs.last?.epoch == epoch && overview.epochs.first?.epoch == 1)
        }
        let kept = overview.epochs.dropLast().map(\.epoch)
        let gaps = Set(zip(kept, kept.dropFirst()).map { $1 - $0 })
        #expect(gaps == [overview.stride], "kept epochs \(kept)")
        #expect(overview.stride == 64 && overview.count == 1000)
    }

    @Test("short runs keep every epoch")
    func shortRuns() {
        var overview = EpochOverview(capacity: 16)
        for epoch in 1...16 { overview.append(metrics(epoch)) }
        #expect(overview.epochs.map(\.epoch) == Array(1...16))
    }
}
