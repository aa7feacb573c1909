import Activations
import Foundation
import Datasets
import NeuralNetwork

/// Tab completion for the command language: command names, `show` targets, setting keys, and
/// the values of settings with a fixed vocabulary (activations, optimisers, initialisers, ...).
public enum Completer {
    /// The words that could replace the word the cursor is in (or after), in table order; empty when nothing fits.
    /// `cursor` counts characters from the start of `line`.
    public static func complete(line: String, cursor: Int) -> [String] {
        let characters = Array(line)
        let end = max(0, min(cursor, characters.count))
        let before = String(characters[..<end])
        var words = before.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let partial = before.hasSuffix(" ") || before.isEmpty ? "" : (words.popLast() ?? "")
        if words.count == 1, let command = try? CommandHelp.resolve(words[0]), fileCommands.contains(command.name) {
            return fileNames(startingWith: partial)
        }
        return candidates(after: words).filter { $0.lowercased().hasPrefix(partial.lowercased()) }
    }

    /// The longest prefix every candidate shares.
    public static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// Every dataset name the completer offers.
    public static let datasetNames = DatasetSpec.builtInNames + ["csv:", "idx:"]

    static func candidates(after words: [String]) -> [String] {
        guard let first = words.first else { return CommandHelp.table.map(\.name) }
        guard let command = try? CommandHelp.resolve(first) else { return [] }
        switch (command.name, words.count) {
        case ("help", 1): return CommandHelp.table.map(\.name) + TrainingConfiguration.settings.map(\.key) + InterfaceSetting.all.map(\.key)
        case ("show", 1): return CommandParser.showTargets
        case ("show", 2):
            return (try? CommandParser.parse(tokens: words.map { Token($0, column: 0) })).flatMap { command in
                if case .show(.activation) = command { UnitKind.allNames } else { nil }
            } ?? []
        case ("set", 1): return TrainingConfiguration.settings.map(\.key) + InterfaceSetting.all.map(\.key)
        case ("set", 2):
            if let interface = InterfaceSetting.named(words[1], exactOnly: true) { return interface.completions }
            guard let setting = try? TrainingConfiguration.setting(named: words[1]) else { return [] }
            return setting.completions
        case ("dataset", 1): return datasetNames
        case ("replay", 1), ("load", 1), ("save", 1), ("export", 1): return []  // file names: see `complete`
        default: return []
        }
    }

    /// Commands whose first argument is a file: Tab completes file and folder names there.
    static let fileCommands: Set<String> = ["replay", "load", "save", "export"]

    /// The files and folders (with a trailing `/`) whose path starts with `partial`; dot files
    /// only when asked for. At most 200, sorted.
    public static func fileNames(startingWith partial: String) -> [String] {
        let slash = partial.lastIndex(of: "/")
        let folder = slash.map { String(partial[...$0]) } ?? ""
        let stem = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        let expanded = folder.hasPrefix("~/") ? NSHomeDirectory() + folder.dropFirst() : folder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: expanded.isEmpty ? "." : expanded) else { return [] }
        return names.filter { $0.hasPrefix(stem) && (stem.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted().prefix(200).map { name in
            var isFolder: ObjCBool = false
            let path = (expanded.isEmpty ? "" : expanded) + name
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            return folder + name + (isFolder.boolValue ? "/" : "")
        }
    }
}
