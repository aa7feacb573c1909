import Testing
import NeuralNetwork

/// Regression: a network too large to allocate is refused by the trainer with a message (it used to
/// allocate 2^32 weights and die), including when the product of two widths overflows.
@Suite struct NetworkSizeTests {
    @Test(arguments: ["65536,65536", "65536,4096,65536", "4096,65536"])
    func networksOverTheWeightLimitAreRefused(layers: String) throws {
        var configuration = TrainingConfiguration()
        try configuration.set("layers", layers)
        let error = #expect(throws: NetworkError.self) { try Trainer<Float>(configuration: configuration) }
        #expect(error?.description.contains("more than 268435456 weights") == true, "\(error?.description ?? "")")
    }

    @Test func maxoutPiecesCountTowardsTheLimit() throws {
        var configuration = TrainingConfiguration()
        // 2048 × 8192 = 2^24 weights with relu, 16 times that (over the limit) with 16 maxout pieces.
        try configuration.set("layers", "2048,8192")
        try configuration.set("activation", "maxout:16")
        let error = #expect(throws: NetworkError.self) { try Trainer<Float>(configuration: configuration) }
        #expect(error?.description.contains("layer 2 alone: 268435456") == true, "\(error?.description ?? "")")
    }
}
