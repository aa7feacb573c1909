import Foundation
import JSON
import NeuralNetwork
import Testing
@testable import Sessions

/// A small session (header, 3 epochs, an event, a checkpoint, close) as bytes.
func smallSession() throws -> [UInt8] {
    let path = temporaryFolder() + "/small.jsonl"
    try recordSession(path: path, configuration: try smallConfiguration([("layers", "3"), ("batch", "120")]), epochs: 3,
                      events: [(epoch: 1, batch: 1, command: "set lr 0.05")])
    return bytes(of: path)
}

func epochKeys(_ c: SessionContents) -> [String] { c.epochs.map { "\($0.generation)/\($0.metrics.json.serialized)" } }

@Suite struct DamagedFileTests {
    @Test func everyTruncationKeepsTheCompleteRecordsAndNeverCrashes() throws {
        let full = try smallSession()
        let original = try SessionReader.read(bytes: full, name: "s")
        let lineEnds = full.indices.filter { full[$0] == 0x0A }
        var previousRecords = 0
        for length in 0...full.count {
            let cut = Array(full[0..<length])
            guard let c = try? SessionReader.read(bytes: cut, name: "s") else {
                #expect(length <= lineEnds[0], "only a file without a complete header may be refused (length \(length))")
                continue
            }
            let complete = lineEnds.filter { $0 < length }.count
            let records = 1 + c.epochs.count + c.events.count + (c.lastCheckpoint == nil ? 0 : 1) + (c.closed ? 1 : 0)
            #expect(records == complete, "length \(length)")
            #expect(records >= previousRecords)
            previousRecords = records
            #expect(epochKeys(original).starts(with: epochKeys(c)))
            let torn = c.problems.filter { $0.kind == .tornTail }
            if length == lineEnds.last.map({ $0 + 1 }) || lineEnds.contains(length - 1) {
                #expect(c.problems.isEmpty)
            } else {
                #expect(torn.count == 1 && torn[0].byteOffset == (lineEnds.last(where: { $0 < length }) ?? -1) + 1, "length \(length)")
                #expect(c.completeBytes == torn[0].byteOffset)
            }
        }
    }

    @Test func everySingleByteChangeIsReportedOrHarmless() throws {
        let full = try smallSession()
        let original = try SessionReader.read(bytes: full, name: "s")
        var reported = 0
        for index in full.indices {
            for mask: UInt8 in [0x01, 0x20, 0x80] {
                var damaged = full
                damaged[index] ^= mask
                guard let c = try? SessionReader.read(bytes: damaged, name: "s") else { reported += 1; continue }  // header damage: refused
                // No wrong value ever: every epoch read is an original one.
                #expect(Set(epochKeys(c)).isSubset(of: Set(epochKeys(original))), "byte \(index) ^ \(mask)")
                #expect(c.events.allSatisfy { original.events.contains($0) })
                #expect(c.lastCheckpoint == nil || c.lastCheckpoint == original.lastCheckpoint)
                #expect(c.header.configuration == original.header.configuration)
                if c.problems.isEmpty {
                    #expect(epochKeys(c) == epochKeys(original) && c.events == original.events && c.closed, "byte \(index) ^ \(mask) went unnoticed")
                } else {
                    reported += 1
                }
            }
        }
        #expect(reported == full.count * 3, "every change of a checksummed byte is reported")
    }

    @Test func aCorruptRecordIsNamedAndTheRestIsStillRead() throws {
        var full = try smallSession()
        let lineStarts = [0] + full.indices.filter { full[$0] == 0x0A }.map { $0 + 1 }
        let target = lineStarts[2] + 20  // inside record 3 (the event, after epoch 1)
        full[target] = full[target] == UInt8(ascii: "7") ? UInt8(ascii: "8") : UInt8(ascii: "7")
        let c = try SessionReader.read(bytes: full, name: "run.jsonl")
        #expect(c.problems.count == 1)
        #expect(c.problems[0].kind == .corrupt && c.problems[0].record == 3 && c.problems[0].byteOffset == lineStarts[2])
        #expect(c.problems[0].description.hasPrefix("run.jsonl: record 3 (byte \(lineStarts[2])): "))
        #expect(c.events.isEmpty)
        #expect(c.epochs.map(\.metrics.epoch) == [1, 2, 3])
        #expect(c.closed)
    }

    func header(version: String, extra: [(String, JSONValue)] = []) throws -> [UInt8] {
        var fields = SessionRecord.header(SessionHeader(configuration: TrainingConfiguration(), programVersion: "nnscope 9", created: "x")).jsonFields
        fields[2] = ("version", .string(version))
        fields += extra
        return SessionLine.encode(fields)
    }

    @Test func aNewerMajorVersionIsRefusedClearly() throws {
        let error = #expect(throws: SessionError.self) { try SessionReader.read(bytes: try header(version: "2.0"), name: "new.jsonl") }
        #expect(error?.message == "new.jsonl: record 1 (byte 0): format version 2.0 is newer than this nnscope reads (1.x); use a newer nnscope")
    }

    @Test func unknownRecordsOfANewerMinorVersionAreSkippedWithAWarning() throws {
        var file = try header(version: "1.4")
        file += SessionLine.encode([("type", .string("annotation")), ("text", .string("hello"))])
        file += SessionRecord.epoch(SessionEpoch(generation: 1, metrics: EpochMetrics(epoch: 1, trainLoss: 1, valLoss: nil, trainAccuracy: nil,
                                                                                       valAccuracy: nil, learningRate: 0.1, layers: []))).line
        let c = try SessionReader.read(bytes: file, name: "s")
        #expect(c.epochs.count == 1)
        #expect(c.problems.map(\.kind) == [.unknownRecordType])
        #expect(c.problems[0].message.contains("\"annotation\" from format 1.4"))
        #expect(!c.problems[0].losesData)
    }

    @Test(arguments: [
        ("", "empty file"),
        ("{\"a\":1}\n", "not a session record"),
        ("hello\n", "not a session record"),
        ("[1,2]", "the header is incomplete"),
    ])
    func malformedFilesGiveClearErrors(text: String, message: String) {
        let error = #expect(throws: SessionError.self) { try SessionReader.read(bytes: Array(text.utf8), name: "bad.jsonl") }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
        #expect(error?.message.hasPrefix("bad.jsonl") == true)
    }

    @Test func anotherProgramsJSONIsNotASession() {
        let line = SessionLine.encode([("type", .string("header")), ("format", .string("other"))])
        let error = #expect(throws: SessionError.self) { try SessionReader.read(bytes: line, name: "x") }
        #expect(error?.message.contains("not an nnscope session") == true)
    }

    @Test func absurdSizesAreRefusedBeforeAllocating() throws {
        var fields = SessionRecord.header(SessionHeader(configuration: TrainingConfiguration(), programVersion: "t", created: "x")).jsonFields
        guard case var .object(config) = fields[6].1 else { Issue.record("no configuration"); return }
        config[1] = ("layers", .string("4611686018427387904"))
        fields[6] = ("configuration", .object(config))
        let error = #expect(throws: SessionError.self) { try SessionReader.read(bytes: SessionLine.encode(fields), name: "x") }
        #expect(error?.message.contains("layers") == true)

        func checkpoint(_ shape: [Int]) -> [UInt8] {
            SessionLine.encode([("type", .string("checkpoint")), ("generation", .int(1)), ("epoch", .int(1)), ("batch", .int(0)),
                                ("loss", .string("mse")),
                                ("layers", .array([.object([("unit", .string("relu")),
                                                            ("weights", .object([("shape", .array(shape.map { .int($0) })), ("dtype", .string("float32")), ("data", .string(""))])),
                                                            ("bias", .object([("shape", .array([.int(0)])), ("dtype", .string("float32")), ("data", .string(""))])),
                                                            ("unit_parameters", .object([("shape", .array([.int(0)])), ("dtype", .string("float32")), ("data", .string(""))]))])]))])
        }
        for shape in [[1 << 62, 1], [1 << 24, 1 << 24], [3_037_000_500, 3_037_000_500], [-1, 2]] {
            let c = try SessionReader.read(bytes: try header(version: "1.0") + checkpoint(shape), name: "x")
            #expect(c.lastCheckpoint == nil)
            #expect(c.problems.count == 1 && c.problems[0].kind == .corrupt, "\(shape)")
        }
    }

    @Test func overlongLinesAreSkippedWithoutBeingHeld() throws {
        let full = try smallSession()
        var file = Array(full[0..<(full.firstIndex(of: 0x0A)! + 1)])
        file += [UInt8](repeating: UInt8(ascii: "x"), count: 5000) + [0x0A]
        file += Array(full[(full.firstIndex(of: 0x0A)! + 1)...])
        let c = try SessionReader.read(bytes: file, name: "s", maximumLineLength: 4096)
        #expect(c.problems.count == 1 && c.problems[0].kind == .lineTooLong && c.problems[0].record == 2)
        #expect(c.epochs.count == 3)
    }

    @Test func streamingFromAFileMatchesReadingBytes() throws {
        let path = temporaryFolder() + "/s.jsonl"
        let full = try smallSession()
        write(full + Array("{\"torn".utf8), to: path)
        var items = 0
        let end = try SessionReader.stream(path: path) { _ in items += 1 }
        #expect(end.completeBytes == full.count)
        #expect(items == full.filter { $0 == 0x0A }.count + 1)
    }
}
