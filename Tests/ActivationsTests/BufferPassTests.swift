import Activations
import RealModule
import Testing

@Suite("Activation buffer passes")
struct BufferPassTests {
    static let columns = 5
    static let count = 5 * 9

    /// Runs the buffer passes over seeded inputs and compares them, element by element and exactly,
    /// with the scalar functions (per-unit parameters when `perUnit`).
    func check<T: Real & BinaryFloatingPoint>(_: T.Type, _ f: Activation, perUnit: Bool) {
        var random = TestRandom(seed: 99)
        var z = (0..<Self.count).map { _ in T(random.uniform(-8, 8)) }
        z[0] = 0
        z[1] = -1
        z[2] = 2
        let unitParameters: [T] = perUnit ? (0..<Self.columns).map { T(0.1 + 0.3 * Double($0)) } : []
        var a = [T](repeating: .nan, count: Self.count)
        var d = [T](repeating: .nan, count: Self.count)
        z.withUnsafeBufferPointer { zb in
            unitParameters.withUnsafeBufferPointer { pb in
                a.withUnsafeMutableBufferPointer { ab in
                    f.forward(zb, into: ab, columns: Self.columns, count: Self.count, parameters: pb)
                }
                a.withUnsafeBufferPointer { ab in
                    d.withUnsafeMutableBufferPointer { db in
                        f.derivative(zb, activated: ab, into: db, columns: Self.columns, count: Self.count, parameters: pb)
                    }
                }
            }
        }
        var mismatches: [String] = []
        for i in 0..<Self.count {
            let p = perUnit ? unitParameters[i % Self.columns] : T(f.parameter)
            let value = f.value(z[i], parameter: p)
            let derivative = f.derivative(z[i], parameter: p)
            if a[i] != value { mismatches.append("f(\(z[i])) = \(a[i]), scalar \(value)") }
            if d[i] != derivative { mismatches.append("f′(\(z[i])) = \(d[i]), scalar \(derivative)") }
        }
        #expect(mismatches.isEmpty, "\(f) \(T.self) perUnit=\(perUnit): \(mismatches.prefix(4).joined(separator: "; "))")
    }

    @Test("buffer passes equal the scalar functions", arguments: activationsUnderTest, [false, true])
    func buffersMatchScalars(activation: Activation, perUnit: Bool) {
        // Kinds without a parameter ignore per-unit values; their scalar form ignores `parameter` too.
        check(Float.self, activation, perUnit: perUnit)
        check(Double.self, activation, perUnit: perUnit)
    }

    @Test("per-unit parameters are applied column by column")
    func perUnitColumns() {
        let f = Activation(.prelu)
        let z: [Double] = [-1, -1, -1, -1, 2, 2]
        let slopes: [Double] = [0.1, 0.2, 0.3]
        var a = [Double](repeating: 0, count: 6)
        z.withUnsafeBufferPointer { zb in
            slopes.withUnsafeBufferPointer { pb in
                a.withUnsafeMutableBufferPointer { ab in
                    f.forward(zb, into: ab, columns: 3, count: 6, parameters: pb)
                }
            }
        }
        #expect(a == [-0.1, -0.2, -0.3, -0.1, 2, 2])
    }

    @Test("a zero count touches nothing")
    func emptyBatch() {
        let empty: [Float] = []
        var out: [Float] = [7]
        empty.withUnsafeBufferPointer { zb in
            out.withUnsafeMutableBufferPointer { ob in
                Activation(.swish).forward(zb, into: ob, columns: 0, count: 0, parameters: zb)
                Activation(.swish).derivative(zb, activated: zb, into: ob, columns: 0, count: 0, parameters: zb)
            }
        }
        #expect(out == [7])
    }
}
