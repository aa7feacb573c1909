import Foundation
import JSON
import Testing

/// `nnscope landscape` and `nnscope curvature` from outside: output shapes, and bad input refused
/// with a clear message and nothing written to standard output.
@Suite(.serialized) struct LandscapeCommandTests {
    /// A spiral session with checkpoints at epochs 2, 4, 6, and one with its checkpoint removed.
    static func sessions() throws -> (folder: String, withCheckpoints: String, without: String)? {
        guard let binary = Faults.binaryOrIssue() else { return nil }
        let folder = temporaryFolder("landscape")
        let path = folder + "/run.jsonl"
        let trained = try run(binary, ["train", "--epochs", "6", "--record", path, "--checkpoint-every", "2"])
        #expect(trained.status == 0, "\(trained.errors)")
        let lines = String(decoding: bytes(of: path), as: UTF8.self).split(separator: "\n")
        let without = folder + "/none.jsonl"
        try write(Array((lines.filter { !$0.contains("\"type\":\"checkpoint\"") }.joined(separator: "\n") + "\n").utf8), to: without)
        return (folder, path, without)
    }

    @Test func badInputIsRefusedWithNothingWritten() throws {
        guard let binary = Faults.binaryOrIssue(), let s = try Self.sessions() else { return }
        let cases: [([String], String)] = [
            (["landscape", s.without], "has no checkpoints"),
            (["curvature", s.without], "has no checkpoints"),
            (["landscape", s.withCheckpoints, "--epoch", "1"], "epoch 1 is before the first checkpoint"),
            (["curvature", s.withCheckpoints, "--epoch", "1"], "epoch 1 is before the first checkpoint"),
            (["landscape", s.withCheckpoints, "--grid", "2"], "grid must be from 3 to 201"),
            (["landscape", s.withCheckpoints, "--grid", "202"], "grid must be from 3 to 201"),
            (["landscape", s.withCheckpoints, "--span", "0"], "span must be a positive number"),
            (["landscape", s.withCheckpoints, "--span=-2"], "span must be a positive number"),
            (["landscape", s.withCheckpoints, "--directions", "sideways"], "--directions must be random or pca"),
            (["landscape", s.withCheckpoints, "--span", "nan"], "span must be a positive number"),
            (["landscape", s.withCheckpoints, "--span", "inf"], "span must be a positive number"),
            (["curvature", s.withCheckpoints, "--top", "0"], "--top must be from 1 to 20"),
            (["curvature", s.withCheckpoints, "--top", "21"], "--top must be from 1 to 20"),
            (["curvature", s.folder + "/missing.jsonl"], "missing.jsonl: cannot open"),
            (["landscape", s.folder + "/missing.jsonl"], "missing.jsonl: cannot open"),
        ]
        for (arguments, message) in cases {
            let outcome = try run(binary, arguments)
            #expect(outcome.status != 0, "\(arguments)")
            #expect(outcome.errors.contains(message), "\(arguments): \(outcome.errors)")
            #expect(outcome.output.isEmpty, "\(arguments) wrote \(outcome.output)")
        }
        try? FileManager.default.removeItem(atPath: s.folder)
    }

    @Test func csvHasOneRowPerGridPointWithTheCheckpointAtTheCentre() throws {
        guard let binary = Faults.binaryOrIssue(), let s = try Self.sessions() else { return }
        for directions in ["random", "pca"] {
            let outcome = try run(binary, ["landscape", s.withCheckpoints, "--grid", "5", "--span", "0.5", "--directions", directions, "--csv"])
            #expect(outcome.status == 0, "\(outcome.errors)")
            let rows = outcome.output.split(separator: "\n")
            #expect(rows.first == "alpha,beta,loss")
            #expect(rows.count == 26)
            #expect(rows.dropFirst().first?.hasPrefix("-0.5,-0.5,") == true)
            #expect(rows.contains { $0.hasPrefix("0.0,0.0,") })
        }
        try? FileManager.default.removeItem(atPath: s.folder)
    }

    @Test func curvatureJSONHasExactlyTheDocumentedFields() throws {
        guard let binary = Faults.binaryOrIssue(), let s = try Self.sessions() else { return }
        let outcome = try run(binary, ["curvature", s.withCheckpoints, "--epoch", "5", "--top", "2", "--json"])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let value = try JSONParser().parse(outcome.output)
        guard case let .object(pairs) = value else { Issue.record("not an object: \(outcome.output)"); return }
        #expect(pairs.map(\.0) == ["epoch", "largest", "smallest", "verdict", "iterations", "parameters"])
        #expect(value["epoch"]?.intValue == 4)
        #expect(value["largest"]?.arrayValue?.count == 2)
        #expect(value["smallest"]?.arrayValue?.count == 2)
        #expect(["minimum", "saddle", "maximum"].contains(value["verdict"]?.stringValue ?? ""))
        #expect(value["parameters"]?.intValue == 371)
        try? FileManager.default.removeItem(atPath: s.folder)
    }

    @Test func theToyPrintsItsSurfaceAndThreePaths() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let outcome = try run(binary, ["landscape", "--toy", "--grid", "3", "--csv"])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let rows = outcome.output.split(separator: "\n")
        #expect(rows.first == "series,step,w1,w2,loss")
        #expect(rows.filter { $0.hasPrefix("surface,,") }.count == 9)
        for series in ["sgd", "momentum", "adam"] {
            #expect(rows.contains { $0.hasPrefix("\(series),0,-0.15,0.1,") })
        }
        let text = try run(binary, ["landscape", "--toy"])
        #expect(text.output.contains("saddle           0       0"))
        #expect(try run(binary, ["landscape", "--toy", "x.jsonl"]).errors.contains("--toy takes no session file"))
    }
}
