import Spelling
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
import Spelling
#endif

/// One of TensorFlow Playground's input features, computed from a 2-D point (x1, x2).
public enum InputFeature: String, CaseIterable, Sendable, Equatable {
    case x1, x2
    case x1Squared = "x1^2"
    case x2Squared = "x2^2"
    case x1TimesX2 = "x1*x2"
    case sinX1 = "sin(x1)"
    case sinX2 = "sin(x2)"
    case cosX1 = "cos(x1)"
    case cosX2 = "cos(x2)"

    /// The feature's value at the point (x1, x2).
    public func value(_ x1: Double, _ x2: Double) -> Double {
        switch self {
        case .x1: return x1
        case .x2: return x2
        case .x1Squared: return x1 * x1
        case .x2Squared: return x2 * x2
        case .x1TimesX2: return x1 * x2
        case .sinX1: return sin(x1)
        case .sinX2: return sin(x2)
        case .cosX1: return cos(x1)
        case .cosX2: return cos(x2)
        }
    }

    /// Every feature name, in Playground's order.
    public static let allNames: [String] = allCases.map(\.rawValue)

    /// Parses a comma-separated list such as `x1,x2,x1^2,sin(x1)` (spaces allowed, no repeats,
    /// at least one feature). Errors name the bad item and list what is allowed.
    public static func parseList(_ text: String) throws(DatasetError) -> [InputFeature] {
        var features: [InputFeature] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = String(item.filter { $0 != " " }).lowercased()
            guard let feature = InputFeature(rawValue: name) else {
                let hint = closestWord(to: name, in: allNames).map { " (did you mean '\($0)'?)" } ?? ""
                throw .invalidFeatures(list: text, message: "unknown feature '\(name)'\(hint); features: \(allNames.joined(separator: ", "))")
            }
            guard !features.contains(feature) else {
                throw .invalidFeatures(list: text, message: "feature '\(name)' given twice")
            }
            features.append(feature)
        }
        return features
    }

    /// The list as `parseList` reads it back.
    public static func listDescription(_ features: [InputFeature]) -> String {
        features.map(\.rawValue).joined(separator: ",")
    }
}

extension Dataset {
    /// This dataset with its 2-D inputs replaced by `features` computed from each point (labels
    /// and targets unchanged). Throws when the dataset does not have exactly two inputs.
    public func mapped(through features: [InputFeature]) throws(DatasetError) -> Dataset {
        guard features2D else {
            throw .invalidFeatures(list: InputFeature.listDescription(features),
                                   message: "input features need a 2-D dataset; \(name) has \(self.features) input\(self.features == 1 ? "" : "s")")
        }
        var mappedInputs: [Double] = []
        mappedInputs.reserveCapacity(count * features.count)
        for row in 0..<count {
            let x1 = inputs[2 * row], x2 = inputs[2 * row + 1]
            for feature in features { mappedInputs.append(feature.value(x1, x2)) }
        }
        return Dataset(name: name, count: count, features: features.count, inputs: mappedInputs, task: task)
    }

    private var features2D: Bool { features == 2 }
}
