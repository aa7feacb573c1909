import Activations
import Autodiff
import Foundation
import LinearAlgebra
import Testing

/// Graphs live in an arena of values: building and dropping many of them must not grow memory.
@Suite struct MemoryTests {
    /// Resident set size in bytes, from /proc/self/statm (second field, in pages).
    private func residentBytes() throws -> Int {
        let statm = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8)
        let fields = statm.split(separator: " ")
        let pages = try #require(fields.count > 1 ? Int(fields[1]) : nil)
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    private func buildAndDifferentiate(_ layers: [NetworkGraph.Layer], _ x: Tensor, _ labels: [Int]) throws -> Double {
        let network = try NetworkGraph(layers: layers, loss: .softmaxCrossEntropy, inputs: x, targets: .labels(labels))
        return network.gradients().weights[0][0, 0] + network.lossValue
    }

    @Test func tenThousandGraphsKeepMemoryFlat() throws {
        var random = TestRandom(seed: 40)
        let layers = [
            NetworkGraph.Layer(weights: random.tensor(8, 16), bias: random.tensor(1, 16), activation: Activation(.prelu)),
            NetworkGraph.Layer(weights: random.tensor(16, 4), bias: random.tensor(1, 4), activation: Activation(.identity)),
        ]
        let x = random.tensor(16, 8)
        let labels = (0..<16).map { $0 % 4 }
        // Each graph holds about 1,200 doubles (10 KB): 10,000 leaked graphs would add about 90 MB.
        var checksum = 0.0
        for _ in 0..<1_000 { checksum += try buildAndDifferentiate(layers, x, labels) }
        let before = try residentBytes()
        for _ in 0..<10_000 { checksum += try buildAndDifferentiate(layers, x, labels) }
        let after = try residentBytes()
        #expect(checksum.isFinite)
        #expect(after - before < 16 << 20, "resident memory grew by \(after - before) bytes over 10,000 graphs")
    }
}
