import Render

/// Settings of the interface rather than of the training run: they change nothing in the
/// results, so `set` applies them without re-initialising, records no event, and session headers
/// leave them out. Declared once here for `set`, `help set` and Tab completion.
public struct InterfaceSetting: Sendable {
    public let key: String
    public let summary: String
    /// Words Tab completion offers for the value.
    public let completions: [String]

    public static let all: [InterfaceSetting] = [
        InterfaceSetting(key: "speed",
                         summary: "continuous training (r, run) in epochs per second: a number from 0.1, or max ([ and ] step it)",
                         completions: TrainingSpeed.ladder.map { TrainingSpeed.epochsPerSecond($0).value } + ["max"]),
        InterfaceSetting(key: "recording-budget",
                         summary: "the TUI recording's size budget in MB (default 100): at it, recording stops and training goes on",
                         completions: ["100", "1000"]),
    ]

    /// The setting spelt `key` exactly, or by an abbreviation no training setting shares.
    public static func named(_ key: String, exactOnly: Bool) -> InterfaceSetting? {
        let k = key.lowercased()
        if let exact = all.first(where: { $0.key == k }) { return exact }
        guard !exactOnly, !k.isEmpty else { return nil }
        let matches = all.filter { $0.key.hasPrefix(k) }
        return matches.count == 1 ? matches[0] : nil
    }
}

/// `set speed VALUE` or `set recording-budget VALUE`, the value typed.
public enum InterfaceAssignment: Sendable, Equatable {
    case speed(TrainingSpeed)
    case recordingBudget(megabytes: Double)

    /// The range `set recording-budget` accepts, in MB.
    public static let budgetRange: ClosedRange<Double> = 1...1_000_000

    public var key: String {
        switch self {
        case .speed: "speed"
        case .recordingBudget: "recording-budget"
        }
    }

    /// The value in the words `parse` reads back.
    public var valueText: String {
        switch self {
        case let .speed(speed): speed.text
        case let .recordingBudget(megabytes): exact(megabytes)
        }
    }

    /// Reads the value of the interface setting `key`.
    public static func parse(key: String, value: String) throws(CommandError) -> InterfaceAssignment {
        switch key {
        case "speed": return .speed(try TrainingSpeed(parsing: value))
        default:
            guard let megabytes = Double(value), megabytes.isFinite, budgetRange.contains(megabytes) else {
                throw CommandError("set recording-budget \(value): must be a number of megabytes from 1 to 1000000")
            }
            return .recordingBudget(megabytes: megabytes)
        }
    }
}

/// `10`, `0.25`: a number in words that read back as the same number (whole numbers without ".0").
func exact(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
}
