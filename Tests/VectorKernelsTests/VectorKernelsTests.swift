import Activations
import Randomness
import Testing
import VectorKernels
#if canImport(Glibc)
import Glibc
#endif

/// Every kernel variant this CPU can run, against plain Swift definitions of what it computes
/// (σ through the Swift lanes of `stableLogistic`, e^t through `Float.exp` within 2 ulp, the
/// epilogue and the SGD pass element by element). Variants the CPU lacks are reported, not run.
@Suite("Vector kernels")
struct VectorKernelsTests {
    /// (index, name) of every variant this machine supports.
    static let variants: [Int] = (0..<Int(nn_kernel_variant_count())).filter { nn_kernel_variant(Int32($0)) != nil }

    func kernels(_ i: Int) -> NNKernels { nn_kernel_variant(Int32(i))!.pointee }

    func name(_ i: Int) -> String { String(cString: kernels(i).name) }

    /// Pre-activations of both signs and all sizes, with the values that stress σ: ±0, huge, NaN,
    /// ±∞, the underflow edge of e^t and the subnormal range.
    func preactivations(count: Int, seed: UInt64) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        var values = (0..<count).map { i in Float(rng.uniform(-8, 8)) * (i % 11 == 0 ? 16 : 1) }
        let special: [Float] = [0, -0.0, .nan, .infinity, -.infinity, 1e30, -1e30, -87.3, -88.8, -103.9, -104, 90, 17, -17]
        for (i, v) in special.enumerated() where i * 3 < values.count { values[i * 3] = v }
        return values
    }

    @Test("the baseline variant is always there; the automatic choice is the widest supported one")
    func choice() {
        #expect(Self.variants.first == 0)
        #expect(nn_kernel_variant(Int32(nn_kernel_variant_count())) == nil)
        let active = String(cString: nn_kernels().pointee.name)
        let names = Self.variants.map(name)
        // NNSCOPE_KERNELS may pick another supported variant by hand.
        #expect(names.contains(active))
        if getenv("NNSCOPE_KERNELS") == nil { #expect(active == names.last) }
    }

    @Test("σ equals the Swift lanes bit for bit, at every variant and every tail length", arguments: variants)
    func logistic(variant: Int) {
        let k = kernels(variant)
        for count in [1, 7, 8, 9, 15, 16, 17, 33, 1000] {
            let x = preactivations(count: count, seed: UInt64(count))
            var out = [Float](repeating: 0, count: count)
            k.logistic!(x, &out, count)
            for i in 0..<count {
                let expected = stableLogistic(x[i])
                #expect(out[i].bitPattern == expected.bitPattern || (out[i].isNaN && expected.isNaN),
                        "\(name(variant)): σ(\(x[i])) = \(out[i]), Swift lanes \(expected)")
            }
        }
    }

    @Test("σ's two forms of e^t (exponent bits set directly from −87 up, two halves below) meet bit for bit", arguments: variants)
    func logisticAcrossTheNormalFloor(variant: Int) {
        let k = kernels(variant)
        // A dense sweep over ±88 (every vector mixes a few hundredths), and the floats around ±87
        // one by one, so that vectors fall wholly above, wholly below and across the floor.
        var x = (0..<70_001).map { Float(-88 + Double($0) * 176 / 70_000) }
        var edge: Float = -87
        for _ in 0..<40 { edge = edge.nextDown }
        for _ in 0..<80 {
            x.append(edge)
            x.append(-edge)
            edge = edge.nextUp
        }
        var out = [Float](repeating: 0, count: x.count)
        k.logistic!(x, &out, x.count)
        var mismatches = 0
        for i in x.indices where out[i].bitPattern != stableLogistic(x[i]).bitPattern { mismatches += 1 }
        #expect(mismatches == 0, "\(name(variant)): \(mismatches) of \(x.count) values of σ differ from the Swift lanes")
    }

    @Test("e^(x − shift) within 2 ulp of Float.exp, 0 below the underflow edge, NaN stays NaN", arguments: variants)
    func exponentials(variant: Int) {
        let k = kernels(variant)
        for count in [1, 3, 10, 16, 19, 500] {
            var x = preactivations(count: count, seed: 100 + UInt64(count)).map { Swift.abs($0) < 200 ? Swift.min($0, 9) : -3 }
            let shift: Float = 9  // softmax: x − max ≤ 0
            if count > 2 { x[2] = .nan }
            var out = [Float](repeating: -1, count: count)
            k.exponentials!(x, shift, &out, count)
            for i in 0..<count {
                let t = x[i] - shift
                if t.isNaN { #expect(out[i].isNaN); continue }
                let exact = Float(Double.exp(Double(t)))
                let ulp = exact == 0 ? Float.leastNonzeroMagnitude : exact.ulp
                #expect(Swift.abs(out[i] - exact) <= 2 * ulp, "\(name(variant)): e^\(t) = \(out[i]), exactly \(exact)")
            }
        }
    }

    @Test("the epilogue equals the element-wise definitions for every unit, width and mode", arguments: variants)
    func epilogue(variant: Int) {
        let k = kernels(variant)
        let rows = 13
        for width in [1, 3, 8, 11, 16, 24, 31, 40] {
            for unit in [NNUnitNone, NNUnitReLU, NNUnitLogistic] {
                for training in [false, true] {
                    let z0 = preactivations(count: rows * width, seed: UInt64(width))
                    let bias = preactivations(count: width, seed: 7 + UInt64(width)).map { $0.isFinite ? $0 / 16 : 0 }
                    var z = z0, a = [Float](repeating: 0, count: rows * width), d = a
                    var alive = [UInt8](repeating: 0, count: width)
                    let result = sweep(k, unit, training: training, z: &z, a: &a, d: &d, bias: bias, alive: &alive,
                                       rows: rows, width: width, columns: 0..<width, lo: .infinity, hi: -.infinity)
                    var lo = Float.infinity, hi = -Float.infinity, counted = 0
                    var expectedAlive = [UInt8](repeating: 0, count: width)
                    for r in 0..<rows {
                        for c in 0..<width {
                            let i = r * width + c
                            let v = z0[i] + bias[c]
                            #expect(z[i].bitPattern == v.bitPattern || (z[i].isNaN && v.isNaN))
                            if v < lo { lo = v + 0 }  // +0 for −0
                            if v > hi { hi = v + 0 }
                            guard unit != NNUnitNone else { continue }
                            let f = unit == NNUnitReLU ? (v > 0 ? v : 0) : stableLogistic(v)
                            let fp: Float = unit == NNUnitReLU ? (v > 0 ? 1 : 0) : f * (1 - f)
                            #expect(a[i].bitPattern == f.bitPattern || (a[i].isNaN && f.isNaN), "\(name(variant)) a at (\(r), \(c))")
                            guard training else { continue }
                            #expect(d[i].bitPattern == fp.bitPattern || (d[i].isNaN && fp.isNaN), "\(name(variant)) f′ at (\(r), \(c))")
                            if fp != 0 { expectedAlive[c] = 1 }
                            if unit == NNUnitReLU ? v > 0 : fp < Self.threshold { counted += 1 }
                        }
                    }
                    if training {
                        #expect(result.lo.bitPattern == lo.bitPattern && result.hi.bitPattern == hi.bitPattern, "\(name(variant)) range, width \(width)")
                        #expect(result.counted == counted, "\(name(variant)) count, width \(width)")
                        #expect(alive == expectedAlive, "\(name(variant)) live units, width \(width)")
                    }
                }
            }
        }
    }

    @Test("the SGD pass: new weights element by element, Σg² in the eight-lane order, finiteness", arguments: variants)
    func sgd(variant: Int) {
        let k = kernels(variant)
        for count in [0, 1, 7, 8, 9, 16, 23, 24, 41, 1000] {
            let w = preactivations(count: count, seed: 30 + UInt64(count)).map { $0.isFinite ? $0 : 1 }
            let g = preactivations(count: count, seed: 60 + UInt64(count)).map { $0.isFinite ? $0 : 2 }
            var out = [Float](repeating: 0, count: count)
            let lr: Float = 0.1, decay: Float = 0.001
            let result = k.sgd!(w, g, &out, count, lr, decay)
            var lanes = [Float](repeating: 0, count: 8)
            for i in 0..<count {
                #expect(out[i] == w[i] - lr * (g[i] + decay * w[i]))
                lanes[i < count & ~7 ? i % 8 : 0] += g[i] * g[i]
            }
            let total = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]))
            #expect(result.squares == total, "\(name(variant)) Σg² of \(count)")
            #expect(result.finite == 1)
            if count > 0 {
                var huge = w
                huge[count - 1] = .greatestFiniteMagnitude
                var grad = g
                grad[count - 1] = -.greatestFiniteMagnitude
                #expect(k.sgd!(huge, grad, &out, count, 10, 0).finite == 0, "\(name(variant)): an overflow is not finite")
            }
        }
    }

    @Test("products: every element is its fused multiply-adds in order of the inner index, at every variant, shape and transpose",
          arguments: variants)
    func productsAreFusedInOrder(variant: Int) {
        let k = kernels(variant)
        var rng = SeededGenerator(seed: 91)
        // Odd and edge shapes: one row or column, one lane short or over, tails of every length,
        // an inner dimension of one, and the workloads' 10-column outputs.
        let shapes: [(m: Int, n: Int, depth: Int)] = [
            (1, 1, 1), (1, 17, 3), (7, 1, 9), (3, 15, 1), (9, 33, 2), (32, 10, 64), (64, 10, 32), (10, 16, 16),
            (5, 47, 13), (13, 7, 300), (32, 128, 64), (4, 31, 257),
            (9, 300, 520), (6, 530, 3),  // several blocks of B (256 columns × 256 deep)
            // B copied in strips (16 rows or more, B's block wider than L1), rows in sixes: remainders
            // of 2 (6·2 + 4·2), 4 and 5 (6·4 + 4 + 1), one and two blocks deep, a short depth in fours.
            (20, 70, 130), (38, 300, 64), (29, 40, 260), (16, 48, 700), (17, 20, 63),
        ]
        // Narrow results (fewer than 2·LANES columns, not a multiple of LANES) with α = 1 and β = 0 run
        // transposed: every such shape with (1, 0), and with (1, 1) and (0.5, 0) as well, which do not;
        // 409 × 10 is the last size that does (4096 elements), 410 × 10 the first that does not.
        let narrow: [(m: Int, n: Int, depth: Int)] = [
            (32, 10, 64), (64, 10, 32), (128, 10, 128), (32, 2, 32), (33, 3, 7), (200, 12, 50), (16, 9, 5),
            (40, 15, 300), (409, 10, 20), (410, 10, 3), (17, 1, 40),
        ]
        let general: [(Float, Float)] = [(1, 0), (0.5, 1), (-2, 0.25), (1, 1)], narrowScalars: [(Float, Float)] = [(1, 0), (1, 1), (0.5, 0)]
        let cases = shapes.enumerated().map { index, shape in (shape, general[index % 4]) }
            + narrow.flatMap { shape in narrowScalars.map { (shape, $0) } }
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            for (shape, scalars) in cases {
                let (m, n, depth) = shape
                let (alpha, beta): (Float, Float) = scalars
                let a = (0..<(m * depth)).map { i in i % 9 == 4 ? -0.0 : Float(rng.uniform(-1, 1)) }
                let b = (0..<(depth * n)).map { _ in Float(rng.uniform(-1, 1)) }
                let c0 = (0..<(m * n)).map { _ in Float(rng.uniform(-1, 1)) }
                let lda = ta ? m : depth, ldb = tb ? depth : n
                var c = c0
                k.sgemm!(ta ? 1 : 0, tb ? 1 : 0, m, n, depth, alpha, a, lda, b, ldb, beta, &c, n)
                var mismatches = 0
                for i in 0..<m {
                    for j in 0..<n {
                        var x: Float = beta == 0 ? 0 : (beta == 1 ? c0[i * n + j] : c0[i * n + j] * beta)
                        for p in 0..<depth {
                            let scaled = alpha * (ta ? a[p * lda + i] : a[i * lda + p])
                            x = x.addingProduct(tb ? b[j * ldb + p] : b[p * ldb + j], scaled)
                        }
                        if x.bitPattern != c[i * n + j].bitPattern { mismatches += 1 }
                    }
                }
                #expect(mismatches == 0, "\(name(variant)) \(m)x\(depth)x\(n) transposed \(ta) \(tb): \(mismatches) elements differ")
            }
        }
    }

    @Test("products: within the rounding bound of a Double reference, and the baseline's bits at every variant",
          arguments: variants)
    func products(variant: Int) {
        let k = kernels(variant), baseline = kernels(0)
        var rng = SeededGenerator(seed: 77)
        let sizes = [1, 2, 3, 5, 8, 10, 16, 17, 31, 32, 33, 64, 70, 130]
        for (index, (ta, tb)) in [(false, false), (true, false), (false, true), (true, true)].enumerated() {
            for trial in 0..<12 {
                let m = sizes[(trial * 5 + index) % sizes.count], n = sizes[(trial * 3 + 1) % sizes.count]
                let depth = trial == 11 ? 300 : sizes[(trial * 7 + 2) % sizes.count]  // 300: two panels deep
                let (alpha, beta): (Float, Float) = [(1, 0), (0.5, 1), (-2, 0.25)][trial % 3]
                let a = (0..<(m * depth)).map { _ in Float(rng.uniform(-1, 1)) }
                let b = (0..<(depth * n)).map { _ in Float(rng.uniform(-1, 1)) }
                let c0 = (0..<(m * n)).map { _ in Float(rng.uniform(-1, 1)) }
                let lda = ta ? m : depth, ldb = tb ? depth : n
                var c = c0, expected = c0
                k.sgemm!(ta ? 1 : 0, tb ? 1 : 0, m, n, depth, alpha, a, lda, b, ldb, beta, &c, n)
                baseline.sgemm!(ta ? 1 : 0, tb ? 1 : 0, m, n, depth, alpha, a, lda, b, ldb, beta, &expected, n)
                #expect(c == expected, "\(name(variant)) \(m)x\(depth)x\(n) \(ta) \(tb): not the baseline's bits")
                for i in 0..<m {
                    for j in 0..<n {
                        var sum = 0.0, magnitude = 0.0
                        for p in 0..<depth {
                            let x = Double(ta ? a[p * lda + i] : a[i * lda + p]) * Double(tb ? b[j * ldb + p] : b[p * ldb + j])
                            sum += x
                            magnitude += Swift.abs(x)
                        }
                        let reference = Double(alpha) * sum + Double(beta) * Double(c0[i * n + j])
                        let bound = 2 * Double(depth + 2) * Double(Float.ulpOfOne)
                            * (Swift.abs(Double(alpha)) * magnitude + Swift.abs(Double(beta) * Double(c0[i * n + j])))
                        #expect(Swift.abs(Double(c[i * n + j]) - reference) <= bound + 1e-30,
                                "\(name(variant)) \(m)x\(depth)x\(n) \(ta) \(tb) at (\(i), \(j))")
                    }
                }
            }
        }
    }

    @Test("the element-wise product and the column sums: bit for bit the Swift definitions", arguments: variants)
    func multiplyAndColumnSums(variant: Int) {
        let k = kernels(variant)
        for count in [0, 1, 7, 8, 15, 16, 17, 33, 100] {
            let x = preactivations(count: count, seed: 90 + UInt64(count))
            let y = preactivations(count: count, seed: 120 + UInt64(count))
            var out = [Float](repeating: 7, count: count)
            k.multiply!(x, y, &out, count)
            let expected = zip(x, y).map { $0 * $1 }
            #expect(out.map(\.bitPattern) == expected.map(\.bitPattern), "\(name(variant)) product of \(count)")
        }
        for (rows, columns) in [(1, 1), (3, 5), (32, 10), (32, 128), (7, 33), (0, 4), (130, 17)] {
            let x = preactivations(count: rows * columns, seed: UInt64(rows * 100 + columns)).map { $0.isNaN ? -0.0 : $0 }
            var out = [Float](repeating: 7, count: columns)
            k.columnSums!(x, rows, columns, &out)
            for c in 0..<columns {
                var sum: Float = 0
                for r in 0..<rows { sum += x[r * columns + c] }
                #expect(out[c].bitPattern == sum.bitPattern, "\(name(variant)) column \(c) of \(rows)x\(columns)")
            }
        }
    }

    /// The saturation threshold of the epilogue tests (f′ below it counts).
    static let threshold: Float = 0.0125

    /// One epilogue over `columns` of a rows × width block (rows `width` apart), from `lo`/`hi`.
    func sweep(_ k: NNKernels, _ unit: NNUnit, training: Bool = true, z: inout [Float], a: inout [Float], d: inout [Float],
               bias: [Float], alive: inout [UInt8], rows: Int, width: Int, columns: Range<Int>, rowRange: Range<Int>? = nil,
               lo: Float, hi: Float) -> NNEpilogue {
        let part = rowRange ?? 0..<rows
        return z.withUnsafeMutableBufferPointer { zp in
            a.withUnsafeMutableBufferPointer { ap in
                d.withUnsafeMutableBufferPointer { dp in
                    alive.withUnsafeMutableBufferPointer { lp in
                        bias.withUnsafeBufferPointer { bp in
                            let c = columns.lowerBound, offset = part.lowerBound * width + c
                            var s = NNEpilogue(z: zp.baseAddress! + offset, a: ap.baseAddress! + offset, d: dp.baseAddress! + offset,
                                               bias: bp.baseAddress! + c, alive: lp.baseAddress! + c, rows: part.count,
                                               width: columns.count, stride: width, threshold: Self.threshold, lo: lo, hi: hi,
                                               counted: 0)
                            k.epilogue!(&s, unit, training ? 1 : 0)
                            return s
                        }
                    }
                }
            }
        }
    }

    @Test("sweeps over parts of a block (column ranges, row ranges), extremes combined in either order, equal one sweep bit for bit",
          arguments: variants)
    func splitSweeps(variant: Int) {
        let k = kernels(variant)
        for (rows, width) in [(13, 40), (37, 70), (4, 64), (128, 256)] {
            for unit in [NNUnitNone, NNUnitReLU, NNUnitLogistic] {
                // Three kinds of values: general ones; all ≥ 0 with zeros of both signs as the minimum;
                // all ≤ 0 with both zeros as the maximum (the extreme is +0, whichever part holds which zero).
                for kind in 0..<3 {
                    var z0 = preactivations(count: rows * width, seed: UInt64(rows + width)).map { $0.isNaN ? 1 : $0 }
                    if kind > 0 {
                        z0 = z0.enumerated().map { i, v in
                            let zero: Float = (i % width + i / width) % 2 == 0 ? -0.0 : 0
                            let m = Swift.abs(v).isFinite ? Swift.abs(v) : 1
                            return i % 7 == 3 ? zero : (kind == 1 ? m : -m)
                        }
                    }
                    let bias = [Float](repeating: -0.0, count: width)  // z + (−0) is z, zeros' signs included
                    var zWhole = z0, aWhole = [Float](repeating: 0, count: rows * width), dWhole = aWhole
                    var aliveWhole = [UInt8](repeating: 0, count: width)
                    let whole = sweep(k, unit, z: &zWhole, a: &aWhole, d: &dWhole, bias: bias, alive: &aliveWhole,
                                      rows: rows, width: width, columns: 0..<width, lo: .infinity, hi: -.infinity)
                    let columnSplits = Set([8, 32, width / 2, width - 3].filter { $0 > 0 && $0 < width })
                    let rowSplits = Set([1, rows / 2, rows - 1].filter { $0 > 0 && $0 < rows })
                    for (byRows, split) in columnSplits.map({ (false, $0) }) + rowSplits.map({ (true, $0) }) {
                        var z = z0, a = [Float](repeating: 0, count: rows * width), d = a
                        var alive = [UInt8](repeating: 0, count: width)
                        let first = sweep(k, unit, z: &z, a: &a, d: &d, bias: bias, alive: &alive, rows: rows, width: width,
                                          columns: byRows ? 0..<width : 0..<split, rowRange: byRows ? 0..<split : nil,
                                          lo: .infinity, hi: -.infinity)
                        let second = sweep(k, unit, z: &z, a: &a, d: &d, bias: bias, alive: &alive, rows: rows, width: width,
                                           columns: byRows ? 0..<width : split..<width, rowRange: byRows ? split..<rows : nil,
                                           lo: .infinity, hi: -.infinity)
                        let label = "\(name(variant)) \(rows)x\(width) unit \(unit.rawValue) kind \(kind) split \(split) by rows \(byRows)"
                        for (x, y) in [(first, second), (second, first)] {
                            let lo = y.lo < x.lo ? y.lo : x.lo
                            let hi = y.hi > x.hi ? y.hi : x.hi
                            #expect(lo.bitPattern == whole.lo.bitPattern && hi.bitPattern == whole.hi.bitPattern, "\(label): range")
                        }
                        #expect(first.counted + second.counted == whole.counted, "\(label): counts")
                        #expect(z.map(\.bitPattern) == zWhole.map(\.bitPattern) && alive == aliveWhole, "\(label): z, alive")
                        if unit != NNUnitNone {
                            #expect(a.map(\.bitPattern) == aWhole.map(\.bitPattern) && d.map(\.bitPattern) == dWhole.map(\.bitPattern),
                                    "\(label): a, f′")
                        }
                    }
                    if kind > 0 {
                        let extreme = kind == 1 ? whole.lo : whole.hi
                        #expect(extreme.bitPattern == Float(0).bitPattern, "\(name(variant)) \(rows)x\(width): an extreme of 0 is +0")
                    }
                }
            }
        }
    }

    @Test("order statistics: the value at each rank of a stable sort (ties, −0 and +0 in index order)", arguments: variants)
    func orderStatistics(variant: Int) {
        let k = kernels(variant)
        for count in [1, 2, 7, 8, 9, 16, 17, 31, 33, 64, 127, 128, 200] {
            for pattern in 0..<3 {
                let values: [Float] = (0..<count).map { i in
                    switch pattern {
                    case 0: Float((i * 7919) % 4001) * 0.01 - 20  // distinct, mostly
                    case 1: i % 3 == 0 ? (i % 2 == 0 ? -0.0 : 0) : Float(i % 5) - 2  // many ties, both zeros
                    default: Float(i % 2)  // two values only
                    }
                }
                // Every position, and two that are none (their slots stay as they were).
                let ranks = Array(0..<count) + [-1, count]
                var out = [Float](repeating: 42, count: ranks.count)
                k.orderStatistics!(values, count, ranks, ranks.count, &out)
                let stable = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
                let expected = stable.map { values[$0] } + [42, 42]
                #expect(out.map(\.bitPattern) == expected.map(\.bitPattern), "\(name(variant)) \(count) values, pattern \(pattern)")
            }
        }
    }

    @Test("the batch gather copies each chosen row and its label", arguments: [4, 64, 100, 256, 3136])
    func gatherRows(rowBytes: Int) {
        let floats = rowBytes / 4, sourceRows = 9
        let source = (0..<(sourceRows * floats)).map { Float($0) }
        let labels: [Int32] = (0..<Int32(sourceRows)).map { $0 * 10 }
        let chosen = [8, 0, 3, 3, 5]
        var destination = [Float](repeating: -1, count: chosen.count * floats)
        var batchLabels = [Int32](repeating: -1, count: chosen.count)
        nn_gather_rows(source, &destination, chosen, chosen.count, rowBytes, labels, &batchLabels)
        for (i, r) in chosen.enumerated() {
            #expect(Array(destination[(i * floats)..<((i + 1) * floats)]) == Array(source[(r * floats)..<((r + 1) * floats)]))
            #expect(batchLabels[i] == labels[r])
        }
    }
}
