import Commands
import Lessons
import NeuralNetwork
import Autodiff

/// What a lesson's check measured: one line per phenomenon, and whether it appeared.
public struct LessonCheckOutcome: Sendable, Equatable {
    public var passed: Bool
    public var lines: [String]

    public init(passed: Bool, lines: [String]) {
        self.passed = passed
        self.lines = lines
    }
}

/// A check that could not run (a bad parameter, a command line the interpreter refused).
public struct LessonCheckError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The checks lessons may name (`check: NAME key=value …`), and the program features lessons may
/// require. A lesson is listed only when its check exists here and its features are all present.
public enum LessonChecks {
    /// The features this program has, by the names lessons' `requires:` lines use.
    public static let features: Set<String> = ["activations", "graph", "autodiff-static", "gradient-modes", "landscape", "curvature", "inspector", "batch-norm"]

    /// Every check, by name.
    public static let all: [String: @Sendable (CheckParameters) throws(LessonCheckError) -> LessonCheckOutcome] = [
        "activations": ActivationsCheck.run,
        "neuron": NeuronCheck.run,
        "universal-approximation": UniversalApproximationCheck.run,
        "softmax": SoftmaxCheck.run,
        "graph": GraphCheck.run,
        "vanishing": VanishingCheck.run,
        "dead-relu": DeadReLUCheck.run,
        "landscape": LandscapeCheck.run,
        "backprop": BackpropCheck.run,
    ]

    /// True when `lesson` can be shown by this program.
    public static func isAvailable(_ lesson: Lesson) -> Bool {
        all[lesson.check.name] != nil && Set(lesson.requires).isSubset(of: features)
    }

    /// Runs `lesson`'s check.
    public static func run(_ lesson: Lesson) throws(LessonCheckError) -> LessonCheckOutcome {
        guard let check = all[lesson.check.name] else {
            throw LessonCheckError("\(lesson.path): unknown check '\(lesson.check.name)'")
        }
        return try check(CheckParameters(lesson.check, path: lesson.path))
    }
}

/// A check's `key=value` parameters, with typed reads that name the lesson file on a bad value.
public struct CheckParameters: Sendable {
    let values: [String: String]
    let path: String

    public init(_ spec: LessonCheckSpec, path: String) {
        values = spec.parameters
        self.path = path
    }

    public func double(_ key: String, default value: Double) throws(LessonCheckError) -> Double {
        guard let text = values[key] else { return value }
        guard let number = Double(text), number.isFinite else { throw LessonCheckError("\(path): check parameter \(key)=\(text) is not a number") }
        return number
    }

    public func int(_ key: String, default value: Int) throws(LessonCheckError) -> Int {
        guard let text = values[key] else { return value }
        guard let number = Int(text), number > 0 else { throw LessonCheckError("\(path): check parameter \(key)=\(text) is not a positive whole number") }
        return number
    }

    public func string(_ key: String, default value: String) -> String { values[key] ?? value }
}

/// A fresh run driven by command-language lines, exactly as a learner would type them.
final class ScriptedRun {
    let interpreter: Interpreter

    init(_ lines: [String]) throws(LessonCheckError) {
        let experiment: Experiment
        do { experiment = try Experiment(configuration: TrainingConfiguration(), engineFactory: Experiment.autodiffEngines) } catch {
            throw LessonCheckError("cannot start a run: \(error)")
        }
        interpreter = Interpreter(experiment: experiment)
        for line in lines { try execute(line) }
    }

    @discardableResult
    func execute(_ line: String) throws(LessonCheckError) -> [String] {
        let result = interpreter.execute(line: line)
        if result.isError { throw LessonCheckError("\(line): \(result.lines.joined(separator: " "))") }
        return result.lines
    }

    var trainer: Trainer<Float> { interpreter.experiment.trainer }

    /// The current network in Double, in a Double trainer over the same data (for exact numbers).
    func doubleTrainer() throws(LessonCheckError) -> Trainer<Double> {
        do {
            let checker = try Trainer<Double>(configuration: interpreter.experiment.configuration, dataset: trainer.dataset)
            try checker.restore(network: trainer.network.converted(to: Double.self))
            return checker
        } catch {
            throw LessonCheckError("cannot copy the network: \(error)")
        }
    }
}

/// Plain decimals or e-notation, three significant digits.
func format(_ value: Double) -> String {
    if value == 0 { return "0" }
    let magnitude = abs(value)
    if magnitude >= 1e-3 && magnitude < 1e5 {
        var text = String(format: "%.3g", value)
        if text.contains("e") { text = String(format: "%.3f", value) }
        return text
    }
    return String(format: "%.2e", value)
}
