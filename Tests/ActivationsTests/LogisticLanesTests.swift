import Activations
import Testing

@Suite("Single-precision logistic lanes")
struct LogisticLanesTests {
    /// σ in Float against σ in Double rounded to Float: within 2 ulp wherever the result is a normal
    /// number, within one subnormal step below, over the whole range where σ is neither 0 nor 1.
    @Test("σ(x) in Float is within 2 ulp of the correctly rounded value")
    func accuracy() {
        var random = TestRandom(seed: 7)
        var worstUlps: Float = 0
        var worstAt: Float = 0
        var points = (0..<200_000).map { _ in Float(random.uniform(-110, 40)) }
        points += [0, -0.0, 1e-30, -1e-30, 0.5, -0.5, 17, -87.3, -87.4, -100, -103.2, -103.9, -104, -200]
        for x in points {
            let got: Float = stableLogistic(x)
            let exact = Float(1 / (1 + Double.exp(-Double(x))))
            let ulp = exact.ulp
            let error = Swift.abs(got - exact) / ulp
            if error > worstUlps { worstUlps = error; worstAt = x }
        }
        #expect(worstUlps <= 2, "worst error \(worstUlps) ulp at x = \(worstAt)")
    }

    @Test("limits, signed zeros, infinities and NaN")
    func specialValues() {
        #expect(stableLogistic(Float(0)) == 0.5)
        #expect(stableLogistic(Float.infinity) == 1)
        #expect(stableLogistic(-Float.infinity) == 0)
        #expect(stableLogistic(Float(-1e30)) == 0)
        #expect(stableLogistic(Float(1e30)) == 1)
        #expect(stableLogistic(Float.nan).isNaN)
        #expect(stableLogistic(Float(-100)) > 0, "e^-100 is a subnormal Float, not 0")
        let inputs: [Float] = [0, 1, -1, 20, -20, .nan, .infinity, -90]
        let lanes = stableLogistic(SIMD8<Float>(inputs))
        for (i, x) in inputs.enumerated() where !x.isNaN {
            #expect(lanes[i] == stableLogistic(x), "lane \(i): σ(\(x))")
        }
        #expect(lanes[5].isNaN)
    }

    @Test("exponentials of x − max: within 2 ulp for every row length, NaN stays NaN")
    func softmaxExponentials() {
        var random = TestRandom(seed: 11)
        for count in [1, 3, 7, 8, 10, 17] {
            let x = (0..<count).map { _ in Float(random.uniform(-120, 5)) }
            let shift: Float = 5
            var out = [Float](repeating: .nan, count: count)
            x.withUnsafeBufferPointer { xb in
                out.withUnsafeMutableBufferPointer { ob in
                    exponentials(of: xb.baseAddress!, minus: shift, into: ob.baseAddress!, count: count)
                }
            }
            for i in 0..<count {
                let exact = Float(Double.exp(Double(x[i] - shift)))
                #expect(Swift.abs(out[i] - exact) <= 2 * exact.ulp, "count \(count): e^\(x[i] - shift) = \(out[i]), want \(exact)")
            }
        }
        let lanes = expNonPositive(SIMD8<Float>(0, -1, .nan, -0.0, -200, -1e-8, -88, -10))
        #expect(lanes[0] == 1 && lanes[3] == 1 && lanes[4] == 0 && lanes[2].isNaN)
    }
}
