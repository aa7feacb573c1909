/// The loss over an N×N grid of the plane centre + α·d₁ + β·d₂, α and β from −span to span.
public struct LossGrid: Sendable {
    /// Points per side a grid may have.
    public static let gridRange = 3...201
    /// Points per side when none is asked for.
    public static let defaultPoints = 41
    /// Work the default grid may cost (multiply-adds: points × examples × parameters); beyond it
    /// the default grid is scaled down, and says so.
    public static let defaultBudget = 2.0e9

    public var points: Int
    public var span: Double
    /// loss[i][j] at α = coordinate(i), β = coordinate(j).
    public var loss: [[Double]]

    public func coordinate(_ i: Int) -> Double { -span + 2 * span * Double(i) / Double(points - 1) }

    /// The largest odd grid side up to `requested` (and at least 3) whose cost stays in `budget`.
    public static func scaledPoints(requested: Int, examples: Int, parameters: Int, budget: Double = defaultBudget) -> Int {
        let perPoint = Double(max(examples, 1)) * Double(max(parameters, 1))
        var n = requested
        while n > gridRange.lowerBound && Double(n * n) * perPoint > budget { n -= 2 }
        return max(n, gridRange.lowerBound)
    }

    public static func validate(points: Int, span: Double) throws(LandscapeError) {
        guard gridRange.contains(points) else { throw .gridOutOfRange(points) }
        guard span > 0, span.isFinite else { throw .spanNotPositive(span) }
    }

    /// Computes the grid. `progress(done, total)` is called after every row; returning false
    /// cancels (then nil is returned).
    public static func compute(_ problem: TrainingLoss, centre: [Double], directions: PlaneDirections,
                               points: Int, span: Double,
                               progress: (Int, Int) -> Bool = { _, _ in true }) throws(LandscapeError) -> LossGrid? {
        try validate(points: points, span: span)
        var grid = LossGrid(points: points, span: span, loss: [])
        var evaluator = problem.evaluator()
        var point = centre
        for i in 0..<points {
            let alpha = grid.coordinate(i)
            var row: [Double] = []
            row.reserveCapacity(points)
            for j in 0..<points {
                let beta = grid.coordinate(j)
                for k in point.indices { point[k] = centre[k] + alpha * directions.first[k] + beta * directions.second[k] }
                row.append(evaluator.loss(at: point))
            }
            grid.loss.append(row)
            if !progress(i + 1, points) { return nil }
        }
        return grid
    }

    /// `alpha,beta,loss` rows (α outer, β inner), shortest round-trip decimals.
    public var csv: String {
        var lines = ["alpha,beta,loss"]
        for i in 0..<points {
            for j in 0..<points { lines.append("\(coordinate(i)),\(coordinate(j)),\(loss[i][j])") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
