import Testing
@testable import Datasets

#if canImport(Glibc)
import Glibc
#endif

@Suite struct GeneratorTests {
    static let classifiers: [SyntheticKind] = [.spiral, .xor, .circle, .gaussian, .moons]

    @Test(arguments: classifiers)
    func classifierShapeAndBalance(kind: SyntheticKind) {
        let data = kind.generate(seed: 7)
        let expectedCount = kind == .spiral ? 300 : 200
        #expect(data.count == expectedCount)
        #expect(data.features == 2)
        #expect(data.inputs.count == expectedCount * 2)
        #expect(data.inputs.allSatisfy { $0.isFinite })
        let classes = kind.defaultClasses
        #expect(data.outputs == classes)
        guard case let .classification(labels, names) = data.task else {
            Issue.record("expected classification"); return
        }
        #expect(names == (0..<classes).map(String.init))
        #expect(labels.allSatisfy { (0..<classes).contains($0) })
        #expect(data.classCounts == Array(repeating: expectedCount / classes, count: classes))
    }

    @Test(arguments: SyntheticKind.allCases)
    func sameSeedSameDataOtherSeedOtherData(kind: SyntheticKind) {
        let a = kind.generate(seed: 42)
        let b = kind.generate(seed: 42)
        let c = kind.generate(seed: 43)
        #expect(a == b)
        #expect(a.inputs.map(\.bitPattern) == b.inputs.map(\.bitPattern))
        #expect(a.inputs != c.inputs)
    }

    @Test func spiralArmsAndUnevenSplit() {
        let data = Dataset.spiral(classes: 5, points: 12, noise: 0, seed: 1)
        #expect(data.count == 12)
        #expect(data.classCounts == [3, 3, 2, 2, 2])
        // Without noise, radius grows from 0 to 1 along each arm: the third point ends arm 0.
        let x = data.inputs[4], y = data.inputs[5]
        #expect(abs((x * x + y * y).squareRoot() - 1) < 1e-12)
        #expect(abs(data.inputs[0]) < 1e-15 && abs(data.inputs[1]) < 1e-15)
        #expect(Dataset.spiral(seed: 3).name == "spiral:classes=3,points=300,noise=0.2")
    }

    @Test func xorLabelsFollowQuadrantsWithoutNoise() {
        let data = Dataset.xor(points: 400, noise: 0, seed: 5)
        guard case let .classification(labels, _) = data.task else { Issue.record("classification"); return }
        for i in 0..<data.count {
            let x = data.inputs[2 * i], y = data.inputs[2 * i + 1]
            #expect(abs(x) <= 1 && abs(y) <= 1)
            #expect(labels[i] == (x * y > 0 ? 1 : 0))
        }
    }

    @Test func circleRadiiWithoutNoise() {
        let data = Dataset.circle(points: 300, noise: 0, seed: 9)
        guard case let .classification(labels, _) = data.task else { Issue.record("classification"); return }
        for i in 0..<data.count {
            let x = data.inputs[2 * i], y = data.inputs[2 * i + 1]
            let r = (x * x + y * y).squareRoot()
            if labels[i] == 0 { #expect(r < 0.5) } else { #expect(r >= 0.7 - 1e-12 && r <= 1.0) }
        }
    }

    @Test func gaussianBlobsCenteredOnTheirMeans() {
        let data = Dataset.gaussian(points: 2000, noise: 0, seed: 11)
        guard case let .classification(labels, _) = data.task else { Issue.record("classification"); return }
        var sums = [0.0, 0.0], counts = [0, 0]
        for i in 0..<data.count { sums[labels[i]] += data.inputs[2 * i]; counts[labels[i]] += 1 }
        #expect(abs(sums[0] / Double(counts[0]) + 1) < 0.1)
        #expect(abs(sums[1] / Double(counts[1]) - 1) < 0.1)
    }

    @Test func moonsWithoutNoiseLieOnHalfCircles() {
        let data = Dataset.moons(points: 101, noise: 0, seed: 2)
        #expect(data.classCounts == [51, 50])
        guard case let .classification(labels, _) = data.task else { Issue.record("classification"); return }
        for i in 0..<data.count {
            let x = data.inputs[2 * i], y = data.inputs[2 * i + 1]
            let (cx, cy) = labels[i] == 0 ? (0.0, 0.0) : (1.0, 0.5)
            #expect(abs(((x - cx) * (x - cx) + (y - cy) * (y - cy)).squareRoot() - 1) < 1e-12)
            #expect(labels[i] == 0 ? y >= -1e-12 : y <= 0.5 + 1e-12)
        }
    }

    @Test func sineIsRegressionOnOneFeature() {
        let data = Dataset.sine(points: 100, noise: 0, seed: 4)
        #expect(data.count == 100 && data.features == 1 && data.outputs == 1)
        #expect(!data.isClassification)
        guard case let .regression(targets, outputs) = data.task else { Issue.record("regression"); return }
        #expect(outputs == 1 && targets.count == 100)
        for i in 0..<100 {
            #expect(abs(data.inputs[i]) <= Double.pi)
            #expect(abs(targets[i] - sin(data.inputs[i])) < 1e-12)
        }
        let noisy = Dataset.sine(points: 100, noise: 0.5, seed: 4)
        #expect(noisy.inputs == data.inputs)
        guard case let .regression(noisyTargets, _) = noisy.task else { return }
        #expect(noisyTargets != targets)
    }
}

@Suite("Playground's regression planes")
struct RegressionPlaneTests {
    @Test("plane: points in [-6, 6]², target (x + y) / 10")
    func plane() {
        let d = Dataset.plane(points: 300, seed: 3)
        guard case let .regression(targets, outputs) = d.task else { Issue.record("not regression"); return }
        #expect(outputs == 1 && d.features == 2 && d.count == 300)
        for i in 0..<d.count {
            let x = d.inputs[2 * i], y = d.inputs[2 * i + 1]
            #expect(abs(x) <= 6 && abs(y) <= 6)
            #expect(targets[i] == (x + y) / 10)
        }
    }

    @Test("gaussians: the sum of six unit bumps, +1 at (-4, 2.5), -1 at (0, 2.5), ...")
    func gaussians() throws {
        let d = Dataset.gaussians(points: 200, seed: 3)
        guard case let .regression(targets, _) = d.task else { Issue.record("not regression"); return }
        let centres: [(Double, Double, Double)] = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]
        for i in 0..<d.count {
            let x = d.inputs[2 * i], y = d.inputs[2 * i + 1]
            let expected = centres.reduce(0.0) { $0 + $1.2 * exp(-((x - $1.0) * (x - $1.0) + (y - $1.1) * (y - $1.1)) / 2) }
            #expect(abs(targets[i] - expected) < 1e-15)
        }
        #expect(try DatasetSpec(parsing: "gaussians").standardize)
        #expect(try !DatasetSpec(parsing: "gaussian").standardize)
    }
}
