import JSON
import NeuralNetwork
import Sessions
import Testing

/// The layers' percentiles in epoch records: optional fields that round-trip exactly, and are
/// compared by verification only where a file has them.
@Suite("Percentiles in epoch records")
struct EpochPercentilesTests {
    static func metrics() -> EpochMetrics {
        let z = [-3.0, -2, -1, 0, 1.5, 2, 3.25]
        let layer = LayerDiagnostics(gradNorm: 1, weightNorm: 1, deadFraction: 0, saturatedFraction: 0,
                                     distributions: LayerDistributions(z: z, a: z.map { $0 / 2 }, gradient: z.map { $0 * 1e-5 }))
        return EpochMetrics(epoch: 3, trainLoss: 0.5, valLoss: nil, trainAccuracy: nil, valAccuracy: nil, learningRate: 0.1, layers: [layer, layer])
    }

    @Test("percentiles survive the epoch record; records without them verify against a replay that has them")
    func recordRoundTrip() throws {
        let metrics = Self.metrics()
        let back = try #require(EpochMetrics(json: try JSONParser().parse(metrics.json.serialized)))
        #expect(back.json.serialized == metrics.json.serialized)
        #expect(back.layers.map(\.distributions) == metrics.layers.map(\.distributions))
        var old = metrics
        for l in old.layers.indices { old.layers[l].distributions = nil }
        #expect(SessionVerifier.difference(recorded: old, replayed: metrics) == nil)
        var changed = metrics
        changed.layers[0].distributions?.z[3] = 0.5
        #expect(SessionVerifier.difference(recorded: metrics, replayed: changed)?.contains("z_percentiles") == true)
    }

    @Test("a record whose percentiles are malformed is read without them")
    func malformed() throws {
        let line = Self.metrics().json.serialized.replacingOccurrences(of: "\"z_percentiles\":[", with: "\"z_percentiles\":[1,")
        let back = try #require(EpochMetrics(json: try JSONParser().parse(line)))
        #expect(back.layers.allSatisfy { $0.distributions == nil })
        #expect(back.layers.count == 2)
    }
}
