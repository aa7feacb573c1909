import ArgumentParser
import Foundation
import Sessions
import WeightExchange
import WeightFiles

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a recorded session's epochs as CSV, or its network as weights and Python scripts.",
        discussion: """
            --csv: columns epoch,train_loss,val_loss,train_accuracy,val_accuracy,learning_rate, then \
            grad_norm_L,weight_norm_L,dead_fraction_L,saturated_fraction_L for each layer L = 1, 2, ... \
            Missing or non-finite values are empty cells. A session with several generations (reset, \
            structural change, resume) gets a last column, generation.

            --weights FILE.npz|FILE.safetensors: the network at the last checkpoint at or before --epoch \
            (default: the last checkpoint) with its input standardisation, named as torch.nn.Linear \
            stores it (layer1.weight [units, inputs], layer1.bias, ...; see the README, "Leaving nnscope"). \
            --pytorch FILE.py and --numpy FILE.py write scripts that load that weight file from their own \
            folder and print the predictions for a CSV of inputs.
            """
    )

    @Argument(help: "The session file (.jsonl).", completion: ShellCompletions.sessionFile)
    var file: String

    @Flag(help: "Write the epochs as CSV to standard output.")
    var csv = false

    @Option(help: ArgumentHelp("Write the network's weights (.npz or .safetensors).", valueName: "file"))
    var weights: String?

    @Option(help: ArgumentHelp("With --weights: the checkpoint at or before this epoch (default: the last).", valueName: "epoch"))
    var epoch: Int?

    @Option(help: ArgumentHelp("With --weights: also write a PyTorch script (an nn.Module) that loads them.", valueName: "file.py"))
    var pytorch: String?

    @Option(help: ArgumentHelp("With --weights: also write a numpy script with the same forward pass.", valueName: "file.py"))
    var numpy: String?

    func validate() throws {
        guard csv || weights != nil else { throw ValidationError("choose what to export: --csv (the epochs) or --weights FILE (the network)") }
        guard !(csv && weights != nil) else { throw ValidationError("--csv and --weights are separate exports; run them one at a time") }
        if weights == nil, epoch != nil || pytorch != nil || numpy != nil {
            throw ValidationError("--epoch, --pytorch and --numpy go with --weights FILE")
        }
        if let weights, WeightFileFormat(path: weights) == nil {
            throw ValidationError("--weights: '\(weights)' must end in .npz or .safetensors")
        }
        if let epoch, epoch < 0 { throw ValidationError("--epoch must be 0 or more, got \(epoch)") }
    }

    func run() throws {
        if let weights { return try exportWeights(to: weights) }
        let problems: [SessionProblem]
        do {
            problems = try SessionExport.writeCSV(path: file) { text in FileHandle.standardOutput.write(Data(text.utf8)) }
        } catch { throw CLIError("\(error)") }
        for p in problems { FileHandle.standardError.write(Data("nnscope: warning: \(p)\n".utf8)) }
    }

    private func exportWeights(to path: String) throws {
        let selection: SessionCheckpointSelection
        do { selection = try SessionCheckpointSelection.open(path: file, atOrBefore: epoch) } catch { throw CLIError("\(error)") }
        for p in selection.contents.problems { FileHandle.standardError.write(Data("nnscope: warning: \(p)\n".utf8)) }
        let network = NetworkWeights(selection: selection, path: file)
        let version = "nnscope \(programVersion)"
        do {
            try WeightFileIO.write(network.archive(programVersion: version), to: path)
            let name = (path as NSString).lastPathComponent
            for (script, kind) in [(pytorch, PythonScripts.Kind.pytorch), (numpy, .numpy)] {
                guard let script else { continue }
                try WeightFileIO.writeBytes(Array(PythonScripts.script(kind, for: network, weightsFile: name, programVersion: version).utf8), to: script)
            }
        } catch { throw CLIError("\(error)") }
        let position = selection.checkpoint.position
        print("nnscope export: \(network.network.shapeDescription) network at epoch \(position.epoch) (generation \(position.generation)) written to \(path)"
            + [pytorch, numpy].compactMap { $0 }.map { ", \($0)" }.joined())
    }
}
