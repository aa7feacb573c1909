import Randomness

// Interim stand-in until the datasets branch lands: spiral and xor only.
public struct DatasetSpec: Sendable, Equatable {
    public var name: String
    public init(parsing text: String) throws(DatasetError) {
        guard ["spiral", "xor"].contains(text) else { throw DatasetError(message: "unknown dataset '\(text)'") }
        name = text
    }
    public func make(seed: UInt64) throws(DatasetError) -> Dataset {
        var rng = SeededGenerator(seed: seed)
        var inputs: [Double] = []
        var labels: [Int] = []
        if name == "xor" {
            for _ in 0..<200 {
                let x = rng.uniform(-1, 1), y = rng.uniform(-1, 1)
                inputs += [x, y]
                labels.append(x * y > 0 ? 1 : 0)
            }
            return Dataset(name: name, count: 200, features: 2, inputs: inputs, task: .classification(labels: labels, classNames: ["0", "1"]))
        }
        for k in 0..<3 {
            for i in 0..<100 {
                let r = Double(i) / 100
                let t = Double(k) * 4 + Double(i) * 4 / 100 + rng.normal() * 0.2
                inputs += [r * _sin(t), r * _cos(t)]
                labels.append(k)
            }
        }
        return Dataset(name: name, count: 300, features: 2, inputs: inputs, task: .classification(labels: labels, classNames: ["0", "1", "2"]))
    }
}
public struct DatasetError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
#if canImport(Glibc)
import Glibc
func _sin(_ x: Double) -> Double { Glibc.sin(x) }
func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#endif
