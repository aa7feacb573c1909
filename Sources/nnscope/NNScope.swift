import ArgumentParser

@main
struct NNScope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nnscope",
        abstract: "Watch feedforward neural networks learn, in a terminal.",
        version: programVersion,
        subcommands: [
            TUICommand.self,
            TrainCommand.self,
            GradcheckCommand.self,
            ActivationsCommand.self,
            GraphCommand.self,
            ReplCommand.self,
            BenchCommand.self,
            ReplayCommand.self,
            ExportCommand.self,
            InspectCommand.self,
        ],
        defaultSubcommand: TUICommand.self
    )
}

let programVersion = "0.1.0"
