import Foundation
import JSON
import Testing
import Sessions

/// Hostile files: malformed JSON, wrong types, duplicate keys, deep nesting, huge numbers, absurd
/// sizes, a line past the reader's limit, IDX headers that declare terabytes. Each gives a clear
/// error or a reported problem, and the binary's peak memory stays under 2 × the file + 64 MiB.
@Suite struct HostileInputTests {
    /// `json` (an object) with the record checksum appended, as the recorder writes it.
    static func sealed(_ json: String) -> [UInt8] {
        let crc = CRC32.hex(CRC32.checksum(Array(json.utf8)))
        return Array((json.dropLast() + ",\"crc\":\"\(crc)\"}\n").utf8)
    }

    /// The header line of a real session.
    static func header() throws -> [UInt8] {
        let file = bytes(of: Faults.packageRoot + "/sessions/xor-minimal.jsonl")
        let end = try #require(file.firstIndex(of: 0x0A))
        return Array(file[...end])
    }

    static let deep = 100_000
    /// (record, words its problem message must contain).
    static let hostileRecords: [(String, String)] = [
        ("{\"type\":\"epoch\",\"generation\":1,\"epoch\":}", "invalid JSON"),
        ("{\"type\":\"epoch\",\"generation\":\"one\",\"epoch\":[1]}", "generation"),
        ("{\"type\":\"epoch\",\"generation\":1,\"epoch\":1,\"epoch\":2}", "duplicate key"),
        ("{\"type\":\"epoch\",\"generation\":1,\"epoch\":1,\"train_loss\":1e400}", "1e400"),
        ("{\"type\":\"epoch\",\"x\":" + String(repeating: "[", count: deep) + String(repeating: "]", count: deep) + "}", "nesting deeper"),
        ("{\"type\":\"checkpoint\",\"generation\":1,\"epoch\":1,\"batch\":0,\"loss\":\"mse\",\"layers\":[{\"unit\":\"relu\",\"weights\":{\"shape\":[4294967296,4294967296],\"dtype\":\"float32\",\"data\":\"\"},\"bias\":{\"shape\":[0],\"dtype\":\"float32\",\"data\":\"\"},\"unit_parameters\":{\"shape\":[0],\"dtype\":\"float32\",\"data\":\"\"}}]}", "dimension"),
        ("{\"type\":\"checkpoint\",\"generation\":1,\"epoch\":1,\"batch\":0,\"loss\":\"mse\",\"layers\":[{\"unit\":\"relu\",\"weights\":{\"shape\":[4611686018427387904,1],\"dtype\":\"float32\",\"data\":\"\"},\"bias\":{\"shape\":[0],\"dtype\":\"float32\",\"data\":\"\"},\"unit_parameters\":{\"shape\":[0],\"dtype\":\"float32\",\"data\":\"\"}}]}", "dimension"),
        ("{\"type\":\"event\",\"generation\":1,\"epoch\":1,\"batch\":0,\"time\":1,\"command\":12}", "command"),
        ("{\"type\":7}", "type"),
    ]

    @Test func hostileRecordsAreReportedOneByOneAndTheRestIsRead() throws {
        let real = bytes(of: Faults.packageRoot + "/sessions/xor-minimal.jsonl")
        let original = try SessionReader.read(bytes: real, name: "x")
        let headerLength = try HostileInputTests.header().count
        var file = try HostileInputTests.header()
        for (record, _) in HostileInputTests.hostileRecords { file += HostileInputTests.sealed(record) }
        file += real[headerLength...]
        let contents = try SessionReader.read(bytes: file, name: "hostile.jsonl")
        #expect(contents.epochs.count == original.epochs.count)
        #expect(contents.lastCheckpoint == original.lastCheckpoint)
        #expect(contents.problems.count == HostileInputTests.hostileRecords.count)
        for (index, (record, words)) in HostileInputTests.hostileRecords.enumerated() where index < contents.problems.count {
            let problem = contents.problems[index]
            #expect(problem.kind == .corrupt && problem.record == index + 2)
            #expect(problem.message.lowercased().contains(words.lowercased()), "\(record.prefix(80)): \(problem.message.prefix(300))")
        }
    }

    @Test(arguments: [
        ("layers", "4611686018427387904"), ("layers", "9223372036854775807,2"), ("batch", "1e400"), ("lr", "1e400"),
    ])
    func absurdHeaderSettingsAreRefusedClearly(key: String, value: String) throws {
        var text = String(decoding: try HostileInputTests.header(), as: UTF8.self)
        text = String(text.prefix(upTo: text.range(of: ",\"crc\"")!.lowerBound)) + "}"
        let pattern = "\"\(key)\":\""
        let start = try #require(text.range(of: pattern))
        let end = try #require(text[start.upperBound...].firstIndex(of: "\""))
        text.replaceSubrange(start.upperBound..<end, with: value)
        let error = #expect(throws: SessionError.self) { try SessionReader.read(bytes: HostileInputTests.sealed(text), name: "absurd.jsonl") }
        #expect(error?.message.hasPrefix("absurd.jsonl: record 1 (byte 0): ") == true)
        #expect(error?.message.contains(key) == true, "\(error?.message ?? "")")
    }

    @Test func theJSONParserRefusesHostileTextWithAnOffset() {
        let cases: [String] = [
            "{", "[1,]", "{\"a\":1,\"a\":2}", "1e400", "-1e400", "1e-400", "\"\u{1}\"", "\"\\ud800\"", "[1] 2",
            String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
            String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000),
        ]
        for text in cases {
            let error = #expect(throws: JSONError.self) { try JSONParser().parse(text) }
            #expect(error.map { $0.offset >= 0 && $0.offset <= text.utf8.count } == true, "\(text.prefix(20))")
        }
    }

    /// Peak memory must stay under 2 × the input + 64 MiB.
    static func expectSmallPeak(_ kibibytes: Int, inputBytes: Int, _ what: String) {
        let limit = 2 * inputBytes + 64 << 20
        #expect(kibibytes * 1024 < limit, "\(what): peak \(kibibytes) KiB, limit \(limit / 1024) KiB")
        print("\(what): input \(inputBytes / 1024) KiB, peak resident \(kibibytes) KiB (limit \(limit / 1024) KiB)")
    }

    @Test func aLineLongerThanTheReadersLimitIsSkippedWithSmallMemory() throws {
        let folder = temporaryFolder("long-line")
        let path = folder + "/long-line.jsonl"
        let real = bytes(of: Faults.packageRoot + "/sessions/xor-minimal.jsonl")
        let headerLength = try HostileInputTests.header().count
        // 64 MiB + 1 byte by default, 1 GiB with NNSCOPE_LONG_FAULTS=1.
        let lineLength = Faults.long ? 1 << 30 : (64 << 20) + 1
        do {
            let handle = try #require(FileHandle(forWritingAtPath: { _ = FileManager.default.createFile(atPath: path, contents: nil); return path }()))
            try handle.write(contentsOf: Data(real[..<headerLength]))
            let block = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
            var left = lineLength
            while left > 0 {
                let n = min(left, block.count)
                try handle.write(contentsOf: n == block.count ? block : block.prefix(n))
                left -= n
            }
            try handle.write(contentsOf: Data([0x0A]) + Data(real[headerLength...]))
            try handle.close()
        }
        let size = headerLength + lineLength + 1 + real.count - headerLength
        guard let (outcome, peak) = try runMeasuringPeakMemory(["replay", path, "--summary"]) else { return }
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("exceeds the limit"), "\(outcome.output.suffix(500))")
        let epochs = try SessionReader.read(bytes: real, name: "x").epochs.count
        #expect(outcome.output.contains("epochs: \(epochs) in"), "\(outcome.output.prefix(800))")
        HostileInputTests.expectSmallPeak(peak, inputBytes: size, "replay --summary, line of \(lineLength) bytes")
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Big-endian IDX header bytes: unsigned bytes, the given dimensions.
    static func idxHeader(_ dimensions: [UInt32]) -> [UInt8] {
        [0, 0, 8, UInt8(dimensions.count)] + dimensions.flatMap { d in (0..<4).reversed().map { UInt8(truncatingIfNeeded: d >> (8 * UInt32($0))) } }
    }

    static let idxCases: [([UInt32], String)] = [
        ([1 << 20, 1 << 10, 1 << 10], "truncated"),      // 2^40 pixels
        ([1 << 31, 1 << 16, 1 << 15], "truncated"),      // 2^62 pixels
        ([UInt32.max, 1 << 16, 1 << 16], "overflow"),    // about 2^64 pixels
        ([UInt32.max, UInt32.max, UInt32.max, UInt32.max], "overflow"),
        ([4, 0, 2], "dimension is 0"),
    ]

    @Test(arguments: idxCases)
    func idxHeadersDeclaringHugeDataAreRefusedBeforeAllocating(dimensions: [UInt32], words: String) throws {
        let folder = temporaryFolder("idx")
        let images = folder + "/images.idx", labels = folder + "/labels.idx"
        try write(HostileInputTests.idxHeader(dimensions) + [UInt8](repeating: 7, count: 4096), to: images)
        try write(HostileInputTests.idxHeader([dimensions[0]]) + [0, 1, 0, 1], to: labels)
        guard let (outcome, peak) = try runMeasuringPeakMemory(["train", "--dataset", "idx:\(images),\(labels)", "--epochs", "1"]) else { return }
        #expect(outcome.status != 0 && outcome.reason == .exit)
        #expect(outcome.errors.contains(words) && outcome.errors.contains(images), "\(outcome.errors)")
        HostileInputTests.expectSmallPeak(peak, inputBytes: 4096, "train --dataset idx: \(dimensions.map(String.init).joined(separator: "x"))")
        try? FileManager.default.removeItem(atPath: folder)
    }

    @Test func aCSVWithAHugeLineIsRefusedWithSmallMemory() throws {
        let folder = temporaryFolder("csv")
        let path = folder + "/huge.csv"
        var text = Array("x,y,label\n1,2,a\n3,4,b\n".utf8)
        text += [UInt8](repeating: UInt8(ascii: "1"), count: 64 << 20) + [0x0A]
        try write(text, to: path)
        guard let (outcome, peak) = try runMeasuringPeakMemory(["train", "--dataset", "csv:\(path)", "--epochs", "1"]) else { return }
        #expect(outcome.status != 0 && outcome.reason == .exit)
        #expect(outcome.errors.contains(path) && outcome.errors.contains("line 4"), "\(outcome.errors)")
        HostileInputTests.expectSmallPeak(peak, inputBytes: text.count, "train --dataset csv: 64 MiB line")
        try? FileManager.default.removeItem(atPath: folder)
    }

    @Test func aCSVWithTooManyColumnsIsRefusedWithSmallMemory() throws {
        let folder = temporaryFolder("csv")
        let path = folder + "/wide.csv"
        let text = Array(("1,2,a\n" + String(repeating: "1,", count: 32 << 20) + "a\n").utf8)
        try write(text, to: path)
        guard let (outcome, peak) = try runMeasuringPeakMemory(["train", "--dataset", "csv:\(path)", "--epochs", "1"]) else { return }
        #expect(outcome.status != 0 && outcome.reason == .exit)
        #expect(outcome.errors.contains(path), "\(outcome.errors)")
        HostileInputTests.expectSmallPeak(peak, inputBytes: text.count, "train --dataset csv: 32 M columns")
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Found by this suite: `train --layers 65536,65536` tried to allocate 16 GiB of weights and died.
    @Test(arguments: [["--layers", "65536,65536"], ["--layers", "65536,4096", "--activation", "maxout:16"]])
    func networksTooLargeToAllocateAreRefusedWithSmallMemory(arguments: [String]) throws {
        guard let (outcome, peak) = try runMeasuringPeakMemory(["train", "--epochs", "1"] + arguments) else { return }
        #expect(outcome.status == 4 && outcome.reason == .exit, "a runtime error: exit status 4")
        #expect(outcome.errors.contains("parameters; at most 20000000 are allowed") && outcome.errors.contains("narrower"), "\(outcome.errors)")
        HostileInputTests.expectSmallPeak(peak, inputBytes: 0, "train \(arguments.joined(separator: " "))")
    }
}
