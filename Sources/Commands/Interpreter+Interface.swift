import Render
import CommandLanguage

extension Interpreter {
    /// `set speed VALUE`, `set recording-budget VALUE`.
    func setInterface(_ assignment: InterfaceAssignment) -> CommandResult {
        switch assignment {
        case let .speed(next):
            let before = speed
            speed = next
            let note = runsInBackground ? "" : "; only the TUI's continuous training has a speed, `step N` here runs at full speed"
            return CommandResult(lines: ["speed \(speed.description) (was \(before.description))" + note])
        case let .recordingBudget(megabytes):
            let current = NumberFormat.compact(Double(recordingBudget) / 1e6, significantDigits: 6)
            recordingBudget = Int(megabytes * 1e6)
            return CommandResult(lines: ["recording-budget \(NumberFormat.compact(megabytes, significantDigits: 6)) MB (was \(current) MB)"])
        }
    }

    /// `set speed` or `set recording-budget` alone: the current value.
    func showInterface(_ setting: InterfaceSetting) -> CommandResult {
        switch setting.key {
        case "speed": CommandResult(lines: ["speed \(speed.value)  (\(setting.summary))"])
        default: CommandResult(lines: ["recording-budget \(NumberFormat.compact(Double(recordingBudget) / 1e6, significantDigits: 6))  (\(setting.summary))"])
        }
    }
}
