import CommandLanguage
import Foundation
import JSON
import NeuralNetwork
import Testing
@testable import Sessions

/// Settings mean what they say, and sessions replay from anywhere.
@Suite struct TruthfulSettingsTests {
    @Test("standardize has one meaning: auto follows the data, on and off are obeyed, a spec's option sets the setting")
    func standardizeHasOneMeaning() throws {
        func standardized(_ settings: [(String, String)]) throws -> Bool {
            var c = TrainingConfiguration()
            for (k, v) in settings { try c.set(k, v) }
            let trainer = try Trainer<Float>(configuration: c)
            return trainer.featureMean.contains { $0 != 0 } || trainer.featureScale.contains { $0 != 1 }
        }
        #expect(try !standardized([("dataset", "spiral")]), "auto leaves generated data as generated")
        #expect(try standardized([("dataset", "spiral"), ("standardize", "on")]), "set standardize on changes the data")
        #expect(try standardized([("standardize", "off"), ("dataset", "spiral:standardize")]), "the spec's option is the setting")
        #expect(try !standardized([("dataset", "spiral:standardize"), ("standardize", "off")]), "the later change wins")
        var c = TrainingConfiguration()
        try c.set("dataset", "moons:points=50,standardize")
        #expect(c.dataset == "moons:points=50")
        #expect(c.standardize == .on)
        #expect(c.keyValuePairs.first { $0.key == "standardize" }?.value == "on")
        #expect(throws: NetworkError.self) { try c.set("standardize", "maybe") }
    }

    @Test("a 1.0 header's `standardize on` reads as auto, as it behaved then")
    func oldHeadersKeepTheirMeaning() throws {
        let folder = temporaryFolder()
        let path = folder + "/new.jsonl"
        try recordSession(path: path, configuration: try smallConfiguration(), epochs: 1)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"version\":\"\(SessionFormat.version)\""))
        #expect(text.contains(#""standardize":"auto""#))
        // The same header as a 1.0 file would have written it (fresh checksum).
        var contents = try SessionReader.read(path: path)
        contents.header.formatVersion = "1.0"
        var line = String(decoding: SessionRecord.header(contents.header).line, as: UTF8.self)
        line = line.replacingOccurrences(of: #""standardize":"auto""#, with: #""standardize":"on""#)
        guard case let .object(fields) = try JSONParser().parse(line) else { Issue.record("not an object"); return }
        let fixed = SessionLine.encode(fields.filter { $0.0 != "crc" })
        text = String(decoding: fixed, as: UTF8.self) + text.split(separator: "\n", maxSplits: 1)[1]
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try SessionReader.read(path: path).header.configuration.standardize == .auto)
    }

    @Test("a data file is found as typed, else by its recorded absolute path, else next to the session")
    func dataFilesAreLocated() throws {
        let folder = temporaryFolder(), elsewhere = temporaryFolder()
        try "a,b\n1,2\n".write(toFile: folder + "/points.csv", atomically: true, encoding: .utf8)
        let real = try DataFileReference.of(path: folder + "/points.csv")
        #expect(real.absolutePath == folder + "/points.csv")
        // Typed as a relative name that does not resolve from this folder.
        var typed = DataFileReference(path: "nnscope-no-such-folder/points.csv", bytes: real.bytes, fnv1a64: real.fnv1a64,
                                      absolutePath: folder + "/points.csv")
        let byAbsolute = try typed.locate(sessionPath: elsewhere + "/run.jsonl")
        #expect(byAbsolute.path == folder + "/points.csv")
        #expect(byAbsolute.note?.contains("its recorded absolute path") == true)
        typed.absolutePath = "/nonexistent/points.csv"
        let nextTo = try typed.locate(sessionPath: folder + "/run.jsonl")
        #expect(nextTo.path == folder + "/points.csv")
        #expect(nextTo.note == "data file nnscope-no-such-folder/points.csv not found as typed; using \(folder)/points.csv (next to the session)")
        #expect(throws: SessionError.self) { try typed.locate(sessionPath: elsewhere + "/run.jsonl") }
        let spec = try DataFileReference.locating([typed], in: "csv:nnscope-no-such-folder/points.csv:label-column=1", sessionPath: folder + "/run.jsonl")
        #expect(spec.spec == "csv:\(folder)/points.csv:label-column=1")
        // A file of that name with other contents is refused, not used.
        try "a,b\n9,9\n".write(toFile: elsewhere + "/points.csv", atomically: true, encoding: .utf8)
        #expect(throws: SessionError.self) { try typed.locate(sessionPath: elsewhere + "/run.jsonl") }
    }

    @Test("a recording refuses an existing file unless asked to replace it")
    func recordingsNeverReplaceUnasked() throws {
        let path = temporaryFolder() + "/existing.jsonl"
        try "keep me\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ExistingSessionFileError(path: path)) { try SessionRecorder(path: path, configuration: try smallConfiguration(), programVersion: "t") }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me\n")
        let replacing = try SessionRecorder(path: path, configuration: try smallConfiguration(), programVersion: "t", replacing: true)
        try replacing.close()
        #expect(try SessionReader.read(path: path).closed)
    }
}

@Suite struct QuotedEventTests {
    @Test("an event whose dataset path has spaces and non-ASCII letters is unquoted, as the command language quotes it")
    func quotedPathsReplay() throws {
        let event = SessionEvent(position: SessionPosition(generation: 1, epoch: 1, batch: 0),
                                 command: #"dataset "csv:/tmp/my data/naïve 数据.csv""#, time: 0)
        #expect(try event.action == .dataset(spec: "csv:/tmp/my data/naïve 数据.csv"))
        #expect(event.datasetSpec == "csv:/tmp/my data/naïve 数据.csv")
        let set = SessionEvent(position: SessionPosition(generation: 1, epoch: 1, batch: 0), command: #"set dataset "csv:a b.csv""#, time: 0)
        #expect(try set.action == .set(TrainingConfiguration.assignment("dataset", "csv:a b.csv")))
        // Lines of older files that do not tokenize are split at spaces as before.
        let old = SessionEvent(position: SessionPosition(generation: 1, epoch: 1, batch: 0), command: "dataset csv:it's.csv", time: 0)
        #expect(try old.action == .dataset(spec: "csv:it's.csv"))
        // Unquoted paths with spaces, written before quoting, are one spec.
        let spaced = SessionEvent(position: SessionPosition(generation: 1, epoch: 1, batch: 0), command: "dataset csv:/tmp/my data/a b.csv", time: 0)
        #expect(try spaced.action == .dataset(spec: "csv:/tmp/my data/a b.csv"))
        #expect(try SessionEvent(position: SessionPosition(generation: 1, epoch: 0, batch: 0), command: "set lr 0.05", time: 0).action == .set(TrainingConfiguration.assignment("lr", "0.05")))
    }
}
