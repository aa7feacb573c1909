import ArgumentParser

@main
struct NNScope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nnscope",
        abstract: "Watch feedforward neural networks learn, in a terminal.",
        version: programVersion,
        subcommands: [ActivationsCommand.self, GraphCommand.self]
    )
}

let programVersion = "0.1.0"
