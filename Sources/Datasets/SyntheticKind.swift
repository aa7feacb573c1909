/// The built-in generated datasets, with their defaults.
public enum SyntheticKind: String, CaseIterable, Sendable, Equatable {
    case spiral, xor, circle, gaussian, moons, sine, plane, gaussians

    /// Noise level used when none is given.
    public var defaultNoise: Double {
        switch self {
        case .spiral: return 0.2
        case .xor: return 0.05
        case .circle: return 0.05
        case .gaussian: return 0.0
        case .moons: return 0.1
        case .sine: return 0.1
        case .plane, .gaussians: return 0
        }
    }

    /// Number of classes used when none is given (only the spiral lets you choose; sine, plane and
    /// gaussians are regression).
    public var defaultClasses: Int {
        switch self {
        case .spiral: return 3
        case .xor, .circle, .gaussian, .moons: return 2
        case .sine, .plane, .gaussians: return 0
        }
    }

    /// Whether the trainer standardises this generator's inputs unless told otherwise: only the
    /// two regression planes, whose points span [-6, 6]²; the others are already near unit scale.
    public var standardizedByDefault: Bool { self == .plane || self == .gaussians }

    /// Whether the number of classes is a parameter (`classes=K`).
    public var hasClassCount: Bool { self == .spiral }

    /// Total points used when none is given: 100 per spiral arm, 200 otherwise.
    public func defaultPoints(classes: Int) -> Int {
        self == .spiral ? 100 * classes : 200
    }

    /// Generates this dataset. `classes` is used only by the spiral; `nil` values take the defaults.
    ///
    /// Parameters must be valid (see `DatasetSpec`, which checks user input): points ≥ 1, noise ≥ 0 and
    /// finite, spiral classes ≥ 2.
    public func generate(points: Int? = nil, noise: Double? = nil, classes: Int? = nil, seed: UInt64) -> Dataset {
        let noise = noise ?? defaultNoise
        switch self {
        case .spiral:
            return Dataset.spiral(classes: classes ?? defaultClasses, points: points, noise: noise, seed: seed)
        case .xor: return Dataset.xor(points: points ?? 200, noise: noise, seed: seed)
        case .circle: return Dataset.circle(points: points ?? 200, noise: noise, seed: seed)
        case .gaussian: return Dataset.gaussian(points: points ?? 200, noise: noise, seed: seed)
        case .moons: return Dataset.moons(points: points ?? 200, noise: noise, seed: seed)
        case .sine: return Dataset.sine(points: points ?? 200, noise: noise, seed: seed)
        case .plane: return Dataset.plane(points: points ?? 200, noise: noise, seed: seed)
        case .gaussians: return Dataset.gaussians(points: points ?? 200, noise: noise, seed: seed)
        }
    }

    /// The full spec text naming this dataset with every parameter spelled out.
    func fullName(points: Int, noise: Double, classes: Int) -> String {
        var options: [String] = []
        if hasClassCount { options.append("classes=\(classes)") }
        options.append("points=\(points)")
        options.append("noise=\(noise)")
        return rawValue + ":" + options.joined(separator: ",")
    }
}
