import Testing
import NeuralNetwork

/// Regression: a network too large to allocate is refused by the trainer with a message (it used to
/// allocate 2^32 weights and die), including when the product of two widths overflows. The limit
/// is `NetworkSize.maximumParameters`, the one limit `set`, the CLI and weight files share.
@Suite struct NetworkSizeTests {
    @Test(arguments: ["65536,65536", "65536,4096,65536", "4096,65536", "4096,4096,4096"])
    func networksOverTheLimitAreRefused(layers: String) throws {
        var configuration = TrainingConfiguration()
        try configuration.set("layers", layers)
        let error = #expect(throws: NetworkError.self) { try Trainer<Float>(configuration: configuration) }
        #expect(error?.description.contains("parameters; at most \(NetworkSize.maximumParameters) are allowed") == true, "\(error?.description ?? "")")
    }

    @Test func maxoutPiecesCountTowardsTheLimit() throws {
        var configuration = TrainingConfiguration()
        // 2048 × 8192 ≈ 2^24 weights with relu (under the limit), 16 times that with 16 maxout pieces.
        try configuration.set("layers", "2048,8192")
        #expect(NetworkSize.parameterCount(features: 2, hidden: configuration.hidden, units: configuration.hiddenUnits, outputs: 3)! < NetworkSize.maximumParameters)
        try configuration.set("activation", "maxout:16")
        let error = #expect(throws: NetworkError.self) { try Trainer<Float>(configuration: configuration) }
        #expect(error?.description.contains("would have 268689411 parameters") == true, "\(error?.description ?? "")")
    }

    @Test func countsOverflowingAnIntAreRefusedToo() {
        #expect(NetworkSize.parameterCount(features: 1 << 40, hidden: [1 << 40], units: [.activation(.init(.relu))], outputs: 2) == nil)
        #expect(throws: NetworkError.self) { try NetworkSize.check(layerShapes: [(fanIn: 1 << 40, width: 1 << 40)]) }
    }
}
