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
    ]

    /// The setting spelt `key` exactly, or by an abbreviation no training setting shares.
    static func named(_ key: String, exactOnly: Bool) -> InterfaceSetting? {
        let k = key.lowercased()
        if let exact = all.first(where: { $0.key == k }) { return exact }
        guard !exactOnly, !k.isEmpty else { return nil }
        let matches = all.filter { $0.key.hasPrefix(k) }
        return matches.count == 1 ? matches[0] : nil
    }
}

extension Interpreter {
    /// `set speed [VALUE]`.
    func setInterface(_ setting: InterfaceSetting, _ value: String?) throws(CommandError) -> CommandResult {
        switch setting.key {
        case "speed":
            guard let value else {
                return CommandResult(lines: ["speed \(speed.value)  (\(setting.summary))"])
            }
            let before = speed
            speed = try TrainingSpeed(parsing: value)
            let note = runsInBackground ? "" : "; only the TUI's continuous training has a speed, `step N` here runs at full speed"
            return CommandResult(lines: ["speed \(speed.description) (was \(before.description))" + note])
        default:
            throw CommandError("set \(setting.key): not an interface setting")
        }
    }
}
