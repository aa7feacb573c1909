import ArgumentParser
import Commands
import Sessions

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Backprop on one training example at a recorded checkpoint: z, a, f', delta and dL/dW per layer.",
        discussion: """
            Uses the newest checkpoint at or before --epoch (default: the last one in the file), rebuilt \
            with the settings in force when it was written. The numbers are the trainer's own forward and \
            backward pass at batch size 1 in float32. --json prints one object: epoch, example, input, \
            target, layers (z, a, fprime, delta, grad_w row-major and its shape [fan_in, units], grad_b, \
            ...), output (scores, probabilities or prediction, loss, ...).
            """
    )

    @Argument(help: "The session file (.jsonl).")
    var session: String

    @Option(help: "The training example, from 0.")
    var example: Int

    @Option(help: "Inspect the newest checkpoint at or before this epoch (default: the last checkpoint).")
    var epoch: Int?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard example >= 0 else { throw ValidationError("--example must be 0 or more (0 is the first training example), got \(example)") }
        if let epoch, epoch < 0 { throw ValidationError("--epoch must be 0 or more, got \(epoch)") }
    }

    func run() throws {
        let result: SessionInspection
        do { result = try SessionInspection.inspect(path: session, example: example, epoch: epoch) } catch { throw CLIError("\(error)") }
        if json {
            print(result.json.serialized)
        } else {
            for line in InspectionText.lines(result.inspection, epoch: result.position.epoch, classNames: result.classNames) { print(line) }
        }
    }
}
