/// `nnscope predict`'s output: per row the predicted class and every class's probability, or the
/// regression outputs. The generated Python scripts print the same CSV.
public struct PredictionTable: Sendable {
    public let values: [Double]
    public let rows: Int
    public let columns: Int
    public let classNames: [String]?

    public init(weights: NetworkWeights, raw: [Double], rows: Int) {
        values = weights.predictions(raw: raw, count: rows)
        self.rows = rows
        columns = weights.predictionColumns
        classNames = weights.classNames
    }

    /// The most probable class of row `r` (the first on a tie), for classification.
    public func predictedClass(_ r: Int) -> Int {
        var best = 0
        for j in 1..<max(columns, 1) where values[r * columns + j] > values[r * columns + best] { best = j }
        return best
    }

    /// `class,p_NAME…` (classification) or `y` / `y1,y2,…` (regression), then one line per row;
    /// numbers in their shortest round-trip form.
    public var csv: String {
        var lines: [String]
        if let names = classNames {
            lines = [(["class"] + names.map { "p_" + $0 }).map(PredictionTable.field).joined(separator: ",")]
            for r in 0..<rows {
                lines.append(([PredictionTable.field(names[predictedClass(r)])] + (0..<columns).map { "\(values[r * columns + $0])" }).joined(separator: ","))
            }
        } else {
            lines = [columns == 1 ? "y" : (1...columns).map { "y\($0)" }.joined(separator: ",")]
            for r in 0..<rows { lines.append((0..<columns).map { "\(values[r * columns + $0])" }.joined(separator: ",")) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One readable line per row: "row 1: class b (p = 0.9301); a 0.0512, b 0.9301, c 0.0187".
    public var text: String {
        var lines: [String] = []
        for r in 0..<rows {
            let row = (0..<columns).map { values[r * columns + $0] }
            if let names = classNames {
                let c = predictedClass(r)
                let all = zip(names, row).map { "\($0) \(PredictionTable.short($1))" }.joined(separator: ", ")
                lines.append("row \(r + 1): class \(names[c]) (p = \(PredictionTable.short(row[c]))); \(all)")
            } else {
                lines.append("row \(r + 1): " + row.map(PredictionTable.short).joined(separator: ", "))
            }
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// Four significant digits, plain decimal or e-notation (never an SI suffix).
    static func short(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        if x == 0 { return "0" }
        let magnitude = abs(x)
        if magnitude >= 1e-4 && magnitude < 1e6 {
            let digits = max(0, 3 - Int((magnitude).log10Floor))
            var s = String(x.rounded(toPlaces: digits))
            if s.hasSuffix(".0") { s.removeLast(2) }
            return s
        }
        let e = Int(magnitude.log10Floor)
        var scale = 1.0
        for _ in 0..<abs(e) { scale *= 10 }
        var mantissa = String((e < 0 ? x * scale : x / scale).rounded(toPlaces: 3))
        if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
        return "\(mantissa)e\(e)"
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}

extension Double {
    var log10Floor: Double {
        var e = 0.0, m = self
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        return e
    }

    func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
