import Randomness

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// TensorFlow Playground's two 2-D regression datasets. Points are uniform in [-6, 6]²; the
/// generator's own noise adds `noise·N(0,1)` to the target (Playground-style `--noise` scales it by
/// the target's spread instead, see `DatasetSpec.make(seed:noiseShare:)`).
extension Dataset {
    /// Half-width of the square the points are drawn from (Playground's radius 6).
    static let regressionRadius = 6.0

    /// A tilted plane: target (x + y) / 10, so it spans [-1.2, 1.2].
    public static func plane(points: Int = 200, noise: Double = 0, seed: UInt64) -> Dataset {
        regression2D(kind: .plane, points: points, noise: noise, seed: seed) { x, y in (x + y) / 10 }
    }

    /// Centres (x, y) and signs of the six bumps of `gaussians`, Playground's layout.
    static let bumps: [(x: Double, y: Double, sign: Double)] = [
        (-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1),
    ]

    /// A sum of six Gaussian bumps of alternating sign: target Σ sₖ·exp(−‖p − cₖ‖² / 2), centres cₖ
    /// and signs sₖ in `bumps` (standard deviation 1).
    public static func gaussians(points: Int = 200, noise: Double = 0, seed: UInt64) -> Dataset {
        regression2D(kind: .gaussians, points: points, noise: noise, seed: seed) { x, y in
            var sum = 0.0
            for bump in bumps {
                let dx = x - bump.x, dy = y - bump.y
                sum += bump.sign * exp(-(dx * dx + dy * dy) / 2)
            }
            return sum
        }
    }

    private static func regression2D(kind: SyntheticKind, points: Int, noise: Double, seed: UInt64,
                                     target: (Double, Double) -> Double) -> Dataset {
        precondition(points >= 1, "a generated dataset needs at least one point")
        precondition(noise.isFinite && noise >= 0, "noise must be finite and non-negative")
        var random = SeededGenerator(seed: seed)
        var inputs: [Double] = []
        inputs.reserveCapacity(2 * points)
        var targets: [Double] = []
        targets.reserveCapacity(points)
        for _ in 0..<points {
            let x = random.uniform(-regressionRadius, regressionRadius)
            let y = random.uniform(-regressionRadius, regressionRadius)
            inputs.append(x)
            inputs.append(y)
            targets.append(target(x, y) + noise * random.normal())
        }
        return Dataset(name: kind.fullName(points: points, noise: noise, classes: 0),
                       count: points, features: 2, inputs: inputs, task: .regression(targets: targets, outputs: 1))
    }
}
