import Randomness

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small 2-D (and 1-D) datasets for watching a network learn. Every random draw comes from one
/// `SeededGenerator`, so the same seed gives bit-identical data on every machine.
///
/// Preconditions (programming errors, checked by `DatasetSpec` for user input): points ≥ 1,
/// noise finite and ≥ 0, spiral classes ≥ 2.
extension Dataset {
    /// Class names "0", "1", ... for `classes` classes.
    static func numberedClassNames(_ classes: Int) -> [String] { (0..<classes).map(String.init) }

    private static func checkParameters(points: Int, noise: Double) {
        precondition(points >= 1, "a generated dataset needs at least one point")
        precondition(noise.isFinite && noise >= 0, "noise must be finite and non-negative")
    }

    /// K interleaved spiral arms, one per class (the CS231n spiral): for arm `k` and `t` evenly spaced
    /// in [0, 1], radius `t` and angle `4k + 4t + noise·N(0,1)`. Rows are grouped by class.
    ///
    /// - Parameter points: total points, split as evenly as possible between arms; `nil` = 100 per arm.
    public static func spiral(classes: Int = 3, points: Int? = nil, noise: Double = 0.2, seed: UInt64) -> Dataset {
        precondition(classes >= 2, "a spiral needs at least two arms")
        let total = points ?? 100 * classes
        checkParameters(points: total, noise: noise)
        var random = SeededGenerator(seed: seed)
        var inputs: [Double] = []
        inputs.reserveCapacity(2 * total)
        var labels: [Int] = []
        labels.reserveCapacity(total)
        for arm in 0..<classes {
            let armPoints = total / classes + (arm < total % classes ? 1 : 0)
            for i in 0..<armPoints {
                let t = armPoints > 1 ? Double(i) / Double(armPoints - 1) : 0
                let theta = Double(arm) * 4 + 4 * t + noise * random.normal()
                inputs.append(t * sin(theta))
                inputs.append(t * cos(theta))
                labels.append(arm)
            }
        }
        return Dataset(
            name: SyntheticKind.spiral.fullName(points: total, noise: noise, classes: classes),
            count: total, features: 2, inputs: inputs,
            task: .classification(labels: labels, classNames: numberedClassNames(classes)))
    }

    /// Points uniform in the four quadrants of [-1, 1]² (cycling through them, so classes balance);
    /// label 1 when x·y > 0, else 0. Noise then jitters each coordinate by `noise·N(0,1)`.
    public static func xor(points: Int = 200, noise: Double = 0.05, seed: UInt64) -> Dataset {
        checkParameters(points: points, noise: noise)
        var random = SeededGenerator(seed: seed)
        let quadrantSigns: [(Double, Double)] = [(1, 1), (-1, 1), (-1, -1), (1, -1)]
        var inputs: [Double] = []
        inputs.reserveCapacity(2 * points)
        var labels: [Int] = []
        labels.reserveCapacity(points)
        for i in 0..<points {
            let (signX, signY) = quadrantSigns[i % 4]
            let x = signX * random.nextUnit()
            let y = signY * random.nextUnit()
            labels.append(signX * signY > 0 ? 1 : 0)
            inputs.append(x + noise * random.normal())
            inputs.append(y + noise * random.normal())
        }
        return Dataset(
            name: SyntheticKind.xor.fullName(points: points, noise: noise, classes: 2),
            count: points, features: 2, inputs: inputs,
            task: .classification(labels: labels, classNames: numberedClassNames(2)))
    }

    /// A disc of radius 0.5 (class 0) inside a ring of radii 0.7 to 1.0 (class 1), both uniform by
    /// area, alternating classes; noise adds `noise·N(0,1)` to each coordinate.
    public static func circle(points: Int = 200, noise: Double = 0.05, seed: UInt64) -> Dataset {
        checkParameters(points: points, noise: noise)
        var random = SeededGenerator(seed: seed)
        var inputs: [Double] = []
        inputs.reserveCapacity(2 * points)
        var labels: [Int] = []
        labels.reserveCapacity(points)
        for i in 0..<points {
            let label = i % 2
            let radius = label == 0
                ? 0.5 * random.nextUnit().squareRoot()
                : random.uniform(0.49, 1.0).squareRoot()
            let angle = random.uniform(0, 2 * Double.pi)
            inputs.append(radius * cos(angle) + noise * random.normal())
            inputs.append(radius * sin(angle) + noise * random.normal())
            labels.append(label)
        }
        return Dataset(
            name: SyntheticKind.circle.fullName(points: points, noise: noise, classes: 2),
            count: points, features: 2, inputs: inputs,
            task: .classification(labels: labels, classNames: numberedClassNames(2)))
    }

    /// Two Gaussian blobs, class 0 around (-1, -1) and class 1 around (1, 1), standard deviation
    /// `0.5 + noise`, alternating classes.
    public static func gaussian(points: Int = 200, noise: Double = 0, seed: UInt64) -> Dataset {
        checkParameters(points: points, noise: noise)
        var random = SeededGenerator(seed: seed)
        let deviation = 0.5 + noise
        var inputs: [Double] = []
        inputs.reserveCapacity(2 * points)
        var labels: [Int] = []
        labels.reserveCapacity(points)
        for i in 0..<points {
            let label = i % 2
            let center: Double = label == 0 ? -1 : 1
            inputs.append(random.normal(mean: center, standardDeviation: deviation))
            inputs.append(random.normal(mean: center, standardDeviation: deviation))
            labels.append(label)
        }
        return Dataset(
            name: SyntheticKind.gaussian.fullName(points: points, noise: noise, classes: 2),
            count: points, features: 2, inputs: inputs,
            task: .classification(labels: labels, classNames: numberedClassNames(2)))
    }

    /// Two interleaving half circles (as scikit-learn's `make_moons`): class 0 is (cos t, sin t) and
    /// class 1 is (1 − cos t, 0.5 − sin t) for t evenly spaced in [0, π]; noise adds `noise·N(0,1)`
    /// to each coordinate. Rows are grouped by class (class 0 gets the extra point when odd).
    public static func moons(points: Int = 200, noise: Double = 0.1, seed: UInt64) -> Dataset {
        checkParameters(points: points, noise: noise)
        var random = SeededGenerator(seed: seed)
        let outerPoints = points - points / 2
        let innerPoints = points / 2
        var inputs: [Double] = []
        inputs.reserveCapacity(2 * points)
        var labels: [Int] = []
        labels.reserveCapacity(points)
        for (label, count) in [(0, outerPoints), (1, innerPoints)] {
            for i in 0..<count {
                let t = count > 1 ? Double.pi * Double(i) / Double(count - 1) : 0
                let x = label == 0 ? cos(t) : 1 - cos(t)
                let y = label == 0 ? sin(t) : 0.5 - sin(t)
                inputs.append(x + noise * random.normal())
                inputs.append(y + noise * random.normal())
                labels.append(label)
            }
        }
        return Dataset(
            name: SyntheticKind.moons.fullName(points: points, noise: noise, classes: 2),
            count: points, features: 2, inputs: inputs,
            task: .classification(labels: labels, classNames: numberedClassNames(2)))
    }

    /// 1-D regression: x uniform on [-π, π], target sin(x) + noise·N(0,1).
    public static func sine(points: Int = 200, noise: Double = 0.1, seed: UInt64) -> Dataset {
        checkParameters(points: points, noise: noise)
        var random = SeededGenerator(seed: seed)
        var inputs: [Double] = []
        inputs.reserveCapacity(points)
        var targets: [Double] = []
        targets.reserveCapacity(points)
        for _ in 0..<points {
            let x = random.uniform(-Double.pi, Double.pi)
            inputs.append(x)
            targets.append(sin(x) + noise * random.normal())
        }
        return Dataset(
            name: SyntheticKind.sine.fullName(points: points, noise: noise, classes: 0),
            count: points, features: 1, inputs: inputs,
            task: .regression(targets: targets, outputs: 1))
    }
}
