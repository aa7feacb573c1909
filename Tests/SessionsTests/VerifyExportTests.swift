import Foundation
import JSON
import NeuralNetwork
import Testing
@testable import Sessions

@Suite struct VerifyExportTests {
    @Test func verifyReproducesASessionWithEventsMidEpoch() throws {
        let path = temporaryFolder() + "/events.jsonl"
        try recordSession(path: path, configuration: try smallConfiguration(), epochs: 6,
                          events: [(epoch: 1, batch: 2, command: "set lr 0.03"), (epoch: 2, batch: 0, command: "set optimizer adam"),
                                   (epoch: 3, batch: 1, command: "reset"), (epoch: 1, batch: 3, command: "set activation tanh")],
                          checkpointEvery: 2)
        let report = try SessionVerifier.verify(path: path)
        #expect(report.succeeded, "\(report.description)")
        #expect(report.epochsChecked == 6 && report.eventsApplied == 4 && report.checkpointsChecked >= 2)
        let c = try SessionReader.read(path: path)
        #expect(Set(c.epochs.map(\.generation)) == [1, 2, 3])
    }

    @Test func verifyReportsTheFirstChangedNumber() throws {
        let path = temporaryFolder() + "/changed.jsonl"
        try recordSession(path: path, configuration: try smallConfiguration(), epochs: 3)
        // Re-write epoch 2 with a slightly different loss and a valid checksum: only a re-run can tell.
        var lines = String(decoding: bytes(of: path), as: UTF8.self).split(separator: "\n").map(String.init)
        var c = try SessionReader.read(path: path)
        c.epochs[1].metrics.trainLoss = c.epochs[1].metrics.trainLoss.nextUp
        lines[2] = String(decoding: SessionRecord.epoch(c.epochs[1]).line.dropLast(), as: UTF8.self)
        write(Array((lines.joined(separator: "\n") + "\n").utf8), to: path)
        let report = try SessionVerifier.verify(path: path)
        #expect(!report.succeeded)
        #expect(report.mismatch?.contains("record 3: epoch 2 (generation 1) differs: train_loss: recorded") == true, "\(report.mismatch ?? "")")
        #expect(report.epochsChecked == 1)
    }

    @Test func verifyFollowsADivergence() throws {
        let path = temporaryFolder() + "/diverged.jsonl"
        try recordSession(path: path, configuration: try smallConfiguration([("lr", "1e30")]), epochs: 5)
        let c = try SessionReader.read(path: path)
        #expect(c.divergences.count == 1 && c.lastCheckpoint?.network.allFinite == true)
        let report = try SessionVerifier.verify(path: path)
        #expect(report.succeeded, "\(report.description)")
    }

    @Test func exportHasTheDocumentedColumns() throws {
        let path = temporaryFolder() + "/export.jsonl"
        try recordSession(path: path, configuration: try smallConfiguration([("layers", "4,3")]), epochs: 2)
        let c = try SessionReader.read(path: path)
        let csv = SessionExport.csv(c)
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows[0].joined(separator: ",") == "epoch,train_loss,val_loss,train_accuracy,val_accuracy,learning_rate,"
            + "grad_norm_1,weight_norm_1,dead_fraction_1,saturated_fraction_1,grad_norm_2,weight_norm_2,dead_fraction_2,saturated_fraction_2,"
            + "grad_norm_3,weight_norm_3,dead_fraction_3,saturated_fraction_3")
        #expect(rows.count == 3 && rows.allSatisfy { $0.count == 18 })
        #expect(rows[2][0] == "2" && Double(rows[2][1]) == c.epochs[1].metrics.trainLoss)
        var streamed = ""
        _ = try SessionExport.writeCSV(path: path) { streamed += $0 }
        #expect(streamed == csv)
        // Missing values are empty cells; several generations add a generation column.
        var contents = c
        contents.epochs.append(SessionEpoch(generation: 2, metrics: EpochMetrics(epoch: 1, trainLoss: .nan, valLoss: nil, trainAccuracy: nil,
                                                                                 valAccuracy: nil, learningRate: 0.1, layers: [])))
        let lines = SessionExport.csv(contents).split(separator: "\n")
        #expect(lines[0].hasSuffix(",generation"))
        #expect(lines[3] == "1,,,,,0.1" + String(repeating: ",", count: 12) + ",2")
    }

    @Test func summaryStreamsBestFinalEventsAndProblems() throws {
        let path = temporaryFolder() + "/summary.jsonl"
        try recordSession(path: path, configuration: try smallConfiguration(), epochs: 4, events: [(epoch: 2, batch: 0, command: "set lr 0.02")])
        var data = bytes(of: path)
        data.removeLast(10)
        write(data, to: path)
        let s = try SessionSummary.of(path: path)
        #expect(s.epochCount == 4 && s.events.count == 1 && !s.closed && s.checkpointCount == 1)
        #expect(s.final?.metrics.epoch == 4)
        let best = try #require(s.best)
        let all = try SessionReader.read(path: path).epochs
        #expect(all.allSatisfy { ($0.metrics.valLoss ?? .infinity) >= best.metrics.valLoss! })
        #expect(s.text.contains("set lr 0.02") && s.text.contains("torn record") && s.text.contains("not closed"))
    }
}

@Suite struct WritingTests {
    @Test func saveIsAtomicAndCleansLeftoverTemporaries() throws {
        let folder = temporaryFolder()
        let path = folder + "/live.jsonl"
        let stale = folder + "/.saved.jsonl.tmp-999999999"
        write([1, 2, 3], to: stale)
        write(Array("old contents".utf8), to: folder + "/saved.jsonl")
        let recorder = try SessionRecorder(path: path, configuration: try smallConfiguration(), programVersion: "t")
        #expect(!FileManager.default.fileExists(atPath: stale))
        try recorder.record(epoch: EpochMetrics(epoch: 1, trainLoss: 1, valLoss: nil, trainAccuracy: nil, valAccuracy: nil, learningRate: 0.1, layers: []),
                            generation: 1)
        try recorder.save(to: folder + "/saved.jsonl")
        let saved = bytes(of: folder + "/saved.jsonl"), live = bytes(of: path)
        #expect(Array(saved.prefix(live.count)) == live, "the save copies the recording...")
        #expect(String(decoding: saved[live.count...], as: UTF8.self).hasPrefix(#"{"type":"close""#), "...and closes the copy")
        #expect(try SessionReader.read(path: folder + "/saved.jsonl").closed)
        #expect(!(try SessionReader.read(path: path).closed), "while the recording itself goes on")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["live.jsonl", "saved.jsonl"])
        #expect(try SessionReader.read(path: folder + "/saved.jsonl").epochs.count == 1)
    }

    @Test func resumeCutsATornTailKeepingABackup() throws {
        let folder = temporaryFolder()
        let path = folder + "/torn.jsonl"
        try recordSession(path: path, configuration: try smallConfiguration(), epochs: 2)
        let complete = bytes(of: path)
        write(complete + Array("{\"type\":\"epo".utf8), to: path)
        let (recorder, contents) = try SessionRecorder.resume(path: path)
        #expect(contents.problems.map(\.kind) == [.tornTail])
        #expect(bytes(of: path) == complete)
        #expect(bytes(of: path + ".torn") == complete + Array("{\"type\":\"epo".utf8))
        try recorder.record(resumeFrom: contents.lastCheckpoint!.position, position: SessionPosition(generation: 2, epoch: 2, batch: 0),
                            programVersion: "t")
        try recorder.close()
        let after = try SessionReader.read(path: path)
        #expect(after.problems.isEmpty && after.resumes.count == 1 && after.closed)
        #expect(try SessionVerifier.verify(path: path).succeeded)
    }

    @Test func aChangedDataFileIsRefused() throws {
        let folder = temporaryFolder()
        let data = folder + "/d.csv"
        write(Array("1,2\n".utf8), to: data)
        let before = try DataFileReference.of(path: data)
        #expect(throws: Never.self) { try before.check() }
        write(Array("1,3\n".utf8), to: data)
        let error = #expect(throws: SessionError.self) { try before.check() }
        #expect(error?.message.contains("has changed since the session was recorded") == true)
        #expect(DataFileReference.paths(inDatasetSpec: "idx:a,b") == ["a", "b"] && DataFileReference.paths(inDatasetSpec: "spiral").isEmpty)
    }
}

@Suite("Epoch warnings in files")
struct EpochWarningFileTests {
    @Test("warnings round-trip through the epoch record; the summary names them; old records compare without them")
    func roundTrip() throws {
        var m = EpochMetrics(epoch: 3, trainLoss: 2e9, valLoss: nil, trainAccuracy: nil, valAccuracy: nil, learningRate: 1e6,
                             layers: [LayerDiagnostics(gradNorm: 0, weightNorm: 1, deadFraction: 1, saturatedFraction: 1, preactivationMin: -1, preactivationMax: 1)],
                             warnings: [.explodingLoss, .allUnitsDead])
        #expect(m.json.serialized.contains("\"warnings\":[\"exploding-loss\",\"all-units-dead\"]"))
        #expect(EpochMetrics(json: m.json) == m)
        var old = m
        old.warnings = []
        #expect(!old.json.serialized.contains("warnings"))
        #expect(SessionVerifier.difference(recorded: old, replayed: m) == nil)
        m.warnings = [.allUnitsDead]
        #expect(SessionVerifier.difference(recorded: m, replayed: old) != nil)

        let path = temporaryFolder() + "/exploding.jsonl"
        try recordSession(path: path, configuration: try smallConfiguration([("lr", "1e6"), ("layers", "16")]), epochs: 3)
        let text = try SessionSummary.of(path: path).text
        #expect(text.contains("warning exploding-loss from epoch 1"))
        #expect(try SessionVerifier.verify(path: path).succeeded)
    }
}
