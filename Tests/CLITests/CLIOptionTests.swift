import Testing
import NeuralNetwork
import Commands
import SettingSamples
@testable import nnscope

/// The CLI's training options are the settings table: every setting is an option named by its
/// key, every option is a setting (but the CLI's own flags), and `--KEY V` and `set KEY V` give the
/// same configuration or the same reason for refusing V.
struct CLIOptionTests {
    /// Flags of the CLI alone: `--no-standardize` is `--standardize off`; `--batch-norm` is
    /// `--batch-norm on` (a switch's option is a flag).
    static let cliOnlyFlags: Set<String> = ["no-standardize"]

    /// The configuration `set KEY VALUE` gives, through the command language.
    static func viaSet(_ key: String, _ value: String) throws -> TrainingConfiguration {
        guard case let .set(assignment)? = try CommandParser.parse("set \(key) \(Tokenizer.quote(value))") else {
            throw CommandError("not a set command")
        }
        var c = TrainingConfiguration()
        try c.apply(assignment)
        return c
    }

    static func viaOption(_ key: String, _ value: String) throws -> TrainingConfiguration {
        let arguments = key == "batch-norm" ? (value == "on" ? ["--batch-norm"] : []) : ["--\(key)", value]
        return try TrainingOptions.parse(arguments).configuration()
    }

    @Test("every setting is an option and every option is a setting")
    func optionsAreSettings() throws {
        let help = TrainingOptions.helpMessage(columns: 1000)
        var options = Set<String>()
        for line in help.split(separator: "\n") {
            let words = line.split(separator: " ")
            if let first = words.first, first.hasPrefix("--") { options.insert(String(first.dropFirst(2))) }
        }
        let keys = Set(TrainingConfiguration.settings.map(\.key))
        #expect(options.subtracting(Self.cliOnlyFlags).subtracting(["help"]) == keys)
        #expect(Set(SettingSamples.valid.keys) == keys)
        #expect(Set(SettingSamples.invalid.keys) == keys)
    }

    @Test("each option's help is its setting's, with the accepted values and the default")
    func helpComesFromTheTable() {
        let help = TrainingOptions.helpMessage(columns: 10_000)
        for setting in TrainingConfiguration.settings where setting.key != "batch-norm" {
            #expect(help.contains("--\(setting.key) <") && help.contains(setting.help), "\(setting.key)")
        }
        #expect(help.contains("(above 0; default: 0.1)") || help.contains("above 0; default: 0.1"))
    }

    @Test("--KEY V and set KEY V give the same configuration for every setting")
    func sameConfiguration() throws {
        for setting in TrainingConfiguration.settings {
            for value in SettingSamples.valid[setting.key, default: []] + setting.completions where !value.hasSuffix(":") {
                if setting.key == "batch-norm" && value != "on" && value != "off" { continue }
                let set = try Self.viaSet(setting.key, value)
                let option = try Self.viaOption(setting.key, value)
                #expect(set == option, "\(setting.key) \(value)")
            }
        }
    }

    @Test("an unknown or out-of-range value gives the same reason from --KEY and from set KEY")
    func sameMessage() throws {
        for setting in TrainingConfiguration.settings where setting.key != "batch-norm" {
            for value in SettingSamples.invalid[setting.key, default: []] {
                let setMessage = Interpreter(experiment: try Experiment(configuration: TrainingConfiguration()))
                    .execute(line: "set \(setting.key) \(Tokenizer.quote(value))").error?.message
                var optionMessage: String?
                do { _ = try Self.viaOption(setting.key, value) } catch { optionMessage = "\(error)" }
                let prefix = setting.key == "dataset" ? "dataset \(value): " : "set \(setting.key) \(value): "
                #expect(setMessage?.hasPrefix(prefix) == true, "\(setMessage ?? "accepted")")
                let reason = setMessage.map { String($0.dropFirst(prefix.count)) }
                #expect(optionMessage != nil, "--\(setting.key) \(value) accepted")
                #expect(optionMessage.map { $0.hasSuffix(reason ?? "?") } == true, "--\(setting.key) \(value): \(optionMessage ?? "") vs \(setMessage ?? "")")
            }
        }
    }

    @Test("--layers and set layers refuse the same network with the same message")
    func oneSizeLimit() throws {
        let layers = "4096,4096,4096"
        let interpreter = Interpreter(experiment: try Experiment(configuration: TrainingConfiguration()))
        let setMessage = interpreter.execute(line: "set layers \(layers)").error?.message
        let options = try TrainingOptions.parse(["--layers", layers])
        var cliMessage: String?
        do { _ = try Experiment(configuration: options.configuration()) } catch { cliMessage = "\(error)" }
        let limit = "the network 2-4096-4096-4096-3 would have 33587203 parameters; at most \(NetworkSize.maximumParameters) are allowed: use narrower layers"
        #expect(setMessage == "set layers \(layers): " + limit)
        #expect(cliMessage == limit)
        // Just under the limit is allowed by both.
        #expect(interpreter.execute(line: "set layers 2048,4096").error == nil)
    }
}
