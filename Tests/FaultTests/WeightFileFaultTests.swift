import CZlib
import Foundation
import Testing
import WeightFiles

/// Hostile weight files given to `nnscope predict` and `nnscope train --init-from`: truncated
/// files, headers longer than the file or of 2^40 bytes, offsets out of range, wrong dtypes, shape
/// mismatches, zip bombs. Each gives a clear error (exit status 1, the file named), never a crash,
/// and the peak memory stays under 2 × the file + 64 MiB.
@Suite(.serialized) struct WeightFileFaultTests {
    /// A folder with a small recorded session, its weights in both formats and an input CSV.
    static let folder: String = {
        let folder = temporaryFolder("weights")
        _ = try? run(Faults.binary, ["train", "--dataset", "xor", "--layers", "3", "--epochs", "2", "--record", "s.jsonl"], in: folder)
        _ = try? run(Faults.binary, ["export", "s.jsonl", "--weights", "good.safetensors"], in: folder)
        _ = try? run(Faults.binary, ["export", "s.jsonl", "--weights", "good.npz"], in: folder)
        try? "0.5,0.5\n-1,1\n".write(toFile: folder + "/in.csv", atomically: true, encoding: .utf8)
        return folder
    }()

    static func little64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    static func little32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    static func little16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }

    static func safetensors(header: String, data: Int) -> [UInt8] {
        little64(UInt64(header.utf8.count)) + Array(header.utf8) + [UInt8](repeating: 0, count: data)
    }

    /// Raw deflate of `count` zero bytes (zlib's compress2 without its 2-byte header and Adler-32).
    static func deflatedZeros(_ count: Int) -> [UInt8] {
        let input = [UInt8](repeating: 0, count: count)
        var length = compressBound(uLong(count))
        var output = [UInt8](repeating: 0, count: Int(length))
        _ = compress2(&output, &length, input, uLong(count), 9)
        return Array(output[2..<(Int(length) - 4)])
    }

    /// A zip archive of one or more entries with the given method, sizes and CRC, as declared.
    struct Entry { var name: String; var method: UInt16; var data: [UInt8]; var size: UInt32; var crc: UInt32; var offset: UInt32? = nil }

    static func zip(_ entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        for e in entries {
            let offset = e.offset ?? UInt32(out.count)
            let common = little16(20) + little16(0) + little16(e.method) + little16(0) + little16(33) + little32(e.crc)
                + little32(UInt32(e.data.count)) + little32(e.size) + little16(UInt16(e.name.utf8.count)) + little16(0)
            if e.offset == nil { out += little32(0x0403_4B50) + common + Array(e.name.utf8) + e.data }
            central += little32(0x0201_4B50) + little16(20) + common + little16(0) + little16(0) + little16(0) + little32(0) + little32(offset) + Array(e.name.utf8)
        }
        let start = UInt32(out.count)
        return out + central + little32(0x0605_4B50) + little16(0) + little16(0) + little16(UInt16(entries.count))
            + little16(UInt16(entries.count)) + little32(UInt32(central.count)) + little32(start) + little16(0)
    }

    static func crc(_ bytes: [UInt8]) -> UInt32 { UInt32(truncatingIfNeeded: crc32(0, bytes, UInt32(bytes.count))) }

    /// (file name, contents, words the error must contain).
    static func hostileFiles() -> [(String, [UInt8], String)] {
        let good = bytes(of: folder + "/good.safetensors"), goodNPZ = bytes(of: folder + "/good.npz")
        let headerLength = Int(good.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        let header = String(decoding: good[8..<(8 + headerLength)], as: UTF8.self)
        let zeros = deflatedZeros(64 << 20)
        let npy = NPY.encode(Tensor(name: "x", shape: [4], float32: [1, 2, 3, 4]))
        var files: [(String, [UInt8], String)] = [
            ("truncated.safetensors", Array(good.prefix(good.count - 10)), "outside"),
            ("header-cut.safetensors", Array(good.prefix(8 + headerLength / 2)), "longer than the rest of the file"),
            ("huge-header.safetensors", little64(1 << 40) + Array(header.utf8), "exceeds the format's limit"),
            ("long-header.safetensors", little64(UInt64(good.count)) + Array(good.dropFirst(8)), "longer than the rest of the file"),
            ("offsets.safetensors", safetensors(header: "{\"layer1.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,4000000000]}}", data: 24), "outside"),
            ("dtype.safetensors", safetensors(header: "{\"layer1.weight\":{\"dtype\":\"I64\",\"shape\":[3,2],\"data_offsets\":[0,48]}}", data: 48), "I64 is not supported"),
            ("shape.safetensors", Array(Safetensors.encode(TensorArchive(tensors: [
                Tensor(name: "layer1.weight", shape: [3, 2], float32: Array(repeating: 0.5, count: 6)),
                Tensor(name: "layer1.bias", shape: [4], float32: Array(repeating: 0, count: 4))]))), "layer1.bias has 4 values"),
            ("elements.safetensors", safetensors(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[1099511627776,1099511627776],\"data_offsets\":[0,8]}}", data: 8), "elements"),
            ("garbage.safetensors", Array("hello, this is not a weight file at all".utf8), "exceeds the format's limit"),
            ("empty.npz", [], "too short"),
            ("truncated.npz", Array(goodNPZ.prefix(goodNPZ.count - 30)), "no end-of-central-directory"),
            ("bomb.npz", zip([Entry(name: "layer1.weight.npy", method: 8, data: zeros, size: 64 << 20, crc: 0)]), "zip bomb"),
            ("lying-size.npz", zip([Entry(name: "layer1.weight.npy", method: 8, data: deflatedZeros(1 << 20), size: 1000, crc: 0)]), "more than its declared 1000 bytes"),
            ("declared-huge.npz", zip([Entry(name: "layer1.weight.npy", method: 8, data: [3, 0], size: 0xFFFF_FFF0, crc: 0)]), "zip bomb"),
            ("overlap.npz", zip([Entry(name: "a.npy", method: 0, data: npy, size: UInt32(npy.count), crc: crc(npy)),
                                 Entry(name: "b.npy", method: 0, data: npy, size: UInt32(npy.count), crc: crc(npy), offset: 0)]), "overlaps"),
            ("offset.npz", zip([Entry(name: "a.npy", method: 0, data: [], size: 0, crc: 0, offset: 0x7FFF_0000)]), "out of range"),
            ("crc.npz", zip([Entry(name: "layer1.weight.npy", method: 0, data: npy, size: UInt32(npy.count), crc: 12345)]), "CRC-32 mismatch"),
            ("dtype.npz", zip([Entry(name: "layer1.weight.npy", method: 0, data: Array(npy.prefix(128)).map { $0 } + [], size: 128, crc: crc(Array(npy.prefix(128))))]), "needs 16"),
        ]
        var intNPY = npy
        if let i = (0..<(intNPY.count - 3)).first(where: { Array(intNPY[$0..<($0 + 3)]) == Array("<f4".utf8) }) { intNPY[i + 1] = UInt8(ascii: "i") }
        files.append(("int.npz", zip([Entry(name: "layer1.weight.npy", method: 0, data: intNPY, size: UInt32(intNPY.count), crc: crc(intNPY))]), "dtype '<i4' is not supported"))
        var hugeNPY = npy
        hugeNPY[6] = 2  // version 2.0: a 4-byte header length
        hugeNPY.replaceSubrange(8..<10, with: little32(0xFFFF_FFF0))
        files.append(("npy-header.npz", zip([Entry(name: "layer1.weight.npy", method: 0, data: hugeNPY, size: UInt32(hugeNPY.count), crc: crc(hugeNPY))]), ".npy header of"))
        return files
    }

    @Test func hostileFilesAreRefusedClearlyWithBoundedMemory() throws {
        let folder = WeightFileFaultTests.folder
        try #require(FileManager.default.fileExists(atPath: folder + "/good.npz"), "the fixture session could not be exported")
        for (name, contents, words) in WeightFileFaultTests.hostileFiles() {
            let path = folder + "/" + name
            try write(contents, to: path)
            for arguments in [["predict", path, "--input", "in.csv"], ["train", "--init-from", path, "--epochs", "0"]] {
                guard let (outcome, peak) = try runMeasuringPeakMemory(arguments, in: folder) else { return }
                #expect(outcome.reason == .exit && outcome.status == 4, "\(arguments.joined(separator: " ")): status \(outcome.status) \(outcome.errors)")
                #expect(outcome.errors.contains(words) && outcome.errors.contains(name), "\(name): \(outcome.errors.prefix(400))")
                HostileInputTests.expectSmallPeak(peak, inputBytes: contents.count, "\(arguments[0]) \(name)")
            }
        }
    }

    @Test func shapesAreCheckedAgainstTheConfiguration() throws {
        let folder = WeightFileFaultTests.folder
        let outcome = try run(Faults.binary, ["train", "--init-from", "good.npz", "--layers", "5", "--epochs", "1"], in: folder)
        #expect(outcome.status == 4 && outcome.errors.contains("good.npz: layer 1 weights are 3x2 (units x inputs) but the configuration needs 5x2"), "\(outcome.errors)")
        let other = try run(Faults.binary, ["train", "--init-from", "good.safetensors", "--dataset", "sine", "--epochs", "1"], in: folder)
        #expect(other.status == 4 && other.errors.contains("needs 3x1"), "\(other.errors)")
    }

    @Test func anEpochBeforeEveryCheckpointNamesTheFirst() throws {
        let folder = WeightFileFaultTests.folder
        let outcome = try run(Faults.binary, ["export", "s.jsonl", "--weights", "early.npz", "--epoch", "1"], in: folder)
        #expect(outcome.status == 4 && outcome.errors.contains("no checkpoint at or before epoch 1: the first one is at epoch 2"), "\(outcome.errors)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/early.npz"))
    }
}
