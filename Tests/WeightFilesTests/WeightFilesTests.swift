import Testing
@testable import WeightFiles

/// Decodes standard base64 (fixtures written by numpy).
func base64(_ text: String) -> [UInt8] {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var table = [Int](repeating: -1, count: 256)
    for (i, c) in alphabet.enumerated() { table[Int(c)] = i }
    var out: [UInt8] = [], buffer = 0, bits = 0
    for c in text.utf8 where c != UInt8(ascii: "=") {
        buffer = buffer << 6 | table[Int(c)]
        bits += 6
        if bits >= 8 { bits -= 8; out.append(UInt8(buffer >> bits & 0xFF)) }
    }
    return out
}

@Suite struct NPYTests {
    @Test func headerIsByteForByteWhatNumpySaveWrites() {
        let t = Tensor(name: "w", shape: [3, 2], float32: [1, 2, 3, 4, 5, 6])
        let bytes = NPY.encode(t)
        // numpy.save(np.array([[1,2],[3,4],[5,6]], dtype=np.float32)): 152 bytes, header length 0x76.
        #expect(bytes.count == 152)
        #expect(Array(bytes[0..<10]) == [0x93] + Array("NUMPY".utf8) + [1, 0, 0x76, 0])
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }"
        #expect(Array(bytes[10..<(10 + header.utf8.count)]) == Array(header.utf8))
        #expect(bytes[127] == UInt8(ascii: "\n") && bytes[126] == UInt8(ascii: " "))
        #expect(Array(bytes[128..<132]) == [0, 0, 0x80, 0x3F])  // 1.0f little-endian
    }

    @Test(arguments: [[Int](), [0], [5], [2, 3], [1, 2, 3]])
    func roundTripsEveryShape(shape: [Int]) throws {
        let n = shape.reduce(1, *)
        let t = Tensor(name: "x", shape: shape, float64: (0..<n).map { Double($0) * 0.1 - 1 })
        let bytes = NPY.encode(t)
        #expect(bytes.count % 64 == n * 8 % 64)
        #expect(try NPY.decode(bytes, name: "x") == .tensor(t))
    }

    @Test func stringsRoundTripAsZeroDimensionalUnicodeArrays() throws {
        for text in ["", "{\"a\":\"b\"}", "δ梯 and ascii"] {
            #expect(try NPY.decode(NPY.encode(string: text), name: "m") == .string(text))
        }
    }

    @Test(arguments: [
        ("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", "dtype '<i8'"),
        ("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", "dtype '>f4'"),
        ("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", "Fortran"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", "needs 12"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999), }", "elements"),
        ("{'descr': '<f4', 'shape': (2,), }", "lacks"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", "unexpected key"),
        ("{'descr': '<f4, 'fortran_order'", "expected"),
    ])
    func badHeadersAreExplained(header: String, words: String) {
        var bytes = NPY.magic + [1, 0]
        LittleEndian.append(UInt16(header.utf8.count), to: &bytes)
        bytes += header.utf8
        bytes += [UInt8](repeating: 0, count: 8)
        #expect { try NPY.decode(bytes, name: "f.npy") } throws: { "\($0)".contains(words) }
    }

    @Test func headerLongerThanTheFileIsRefused() {
        var bytes = NPY.encode(Tensor(name: "x", shape: [2], float32: [1, 2]))
        bytes[8] = 0xFF; bytes[9] = 0x7F
        #expect { try NPY.decode(bytes, name: "f.npy") } throws: { "\($0)".contains("longer than the file") }
        #expect { try NPY.decode(Array(bytes.prefix(7)), name: "f.npy") } throws: { "\($0)".contains("not a .npy") }
    }
}

@Suite struct ZipTests {
    static let compressed = "UEsDBC0AAAAIAAAAIQBO+yB1//////////8FABQAYS5ucHkBABAAkAAAAAAAAABTAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG6TZqKuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GkY6CkaaOgq1CmQDLgaGBnsGBgYHIALiBgcAUEsDBC0AAAAIAAAAIQAkIeEr//////////8FABQAYi5ucHkBABAAmAAAAAAAAABMAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG6TZqGuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GsY6mjoKtQoUAC4GFPDBHspwAABQSwECLQMtAAAACAAAACEATvsgdVMAAACQAAAABQAAAAAAAAAAAAAAgAEAAAAAYS5ucHlQSwECLQMtAAAACAAAACEAJCHhK0wAAACYAAAABQAAAAAAAAAAAAAAgAGKAAAAYi5ucHlQSwUGAAAAAAIAAgBmAAAADQEAAAAA"
    static let stored = "UEsDBC0AAAAAAAAAIQD9z6UI//////////8FABQAdy5ucHkBABAAiAAAAAAAAACIAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxmNCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgxLCAyKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAADAPwAAAMBQSwECLQMtAAAAAAAAACEA/c+lCIgAAACIAAAABQAAAAAAAAAAAAAAgAEAAAAAdy5ucHlQSwUGAAAAAAEAAQAzAAAAvwAAAAAA"

    @Test func readsNumpySavezCompressed() throws {
        // np.savez_compressed(a=[[1,2],[3,4]] float32, b=arange(3) float64): deflated, zip64 local headers.
        let archive = try NPZ.decode(base64(ZipTests.compressed), name: "c.npz")
        #expect(archive.tensors.map(\.name) == ["a", "b"])
        #expect(archive["a"]?.shape == [2, 2] && archive["a"]?.floatValues == [1, 2, 3, 4])
        #expect(archive["b"]?.dtype == .float64 && archive["b"]?.doubleValues == [0, 1, 2])
    }

    @Test func readsNumpySavez() throws {
        let archive = try NPZ.decode(base64(ZipTests.stored), name: "s.npz")
        #expect(archive.tensors == [Tensor(name: "w", shape: [1, 2], float32: [1.5, -2])])
    }

    @Test func roundTripsEntriesAndIsDeterministic() throws {
        let entries = [Zip.Entry(name: "a.npy", data: [1, 2, 3]), Zip.Entry(name: "empty", data: []), Zip.Entry(name: "δ", data: Array(repeating: 7, count: 1000))]
        let bytes = Zip.encode(entries)
        #expect(try Zip.decode(bytes, name: "z") == entries)
        #expect(Zip.encode(entries) == bytes)
    }

    @Test func truncatedArchivesAreRefusedAtEveryLength() {
        let bytes = base64(ZipTests.compressed)
        for n in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: WeightFileError.self) { try NPZ.decode(Array(bytes.prefix(n)), name: "t.npz") }
        }
    }

    @Test func everyFlippedByteIsCaughtOrHarmless() {
        let bytes = base64(ZipTests.compressed)
        let good = try? NPZ.decode(bytes, name: "c")
        for i in bytes.indices {
            var copy = bytes
            copy[i] ^= 0x5A
            // Either a clear error or (a byte no checksum covers: a time stamp, a name) the same values.
            if let archive = try? NPZ.decode(copy, name: "c") {
                #expect(archive.tensors.map(\.bytes) == good?.tensors.map(\.bytes), "byte \(i)")
                #expect(archive.tensors.map(\.shape) == good?.tensors.map(\.shape), "byte \(i)")
            }
        }
    }
}

@Suite struct SafetensorsTests {
    static let archive = TensorArchive(
        tensors: [Tensor(name: "layer1.weight", shape: [3, 2], float32: [1, 2, 3, 4, 5, 6]),
                  Tensor(name: "layer1.bias", shape: [3], float32: [0.5, -0.5, 0]),
                  Tensor(name: "input.mean", shape: [2], float64: [0.1, -3])],
        metadata: [("format", "nnscope-weights"), ("loss", "mse")])

    @Test func layoutFollowsTheSpecification() {
        let bytes = Safetensors.encode(SafetensorsTests.archive)
        let n = Int(LittleEndian.uint64(bytes, at: 0))
        #expect(n % 8 == 0)
        let header = String(decoding: bytes[8..<(8 + n)], as: UTF8.self)
        #expect(header.hasPrefix("{\"__metadata__\":{\"format\":\"nnscope-weights\",\"loss\":\"mse\"},\"layer1.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]}"))
        #expect(header.contains("\"input.mean\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[36,52]}"))
        #expect(bytes.count == 8 + n + 52)
    }

    @Test(arguments: WeightFileFormat.allCases)
    func roundTripsBitForBit(format: WeightFileFormat) throws {
        #expect(try format.decode(format.encode(SafetensorsTests.archive), name: "f") == SafetensorsTests.archive)
    }

    static func file(header: String, data: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        LittleEndian.append(UInt64(header.utf8.count), to: &bytes)
        return bytes + Array(header.utf8) + [UInt8](repeating: 0, count: data)
    }

    @Test(arguments: [
        ("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,12]}}", 12, "needs 8"),
        ("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, "outside"),
        ("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,-4]}}", 8, "outside"),
        ("{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8, "I64 is not supported"),
        ("{\"a\":{\"dtype\":\"F32\",\"shape\":[1099511627776,1099511627776],\"data_offsets\":[0,8]}}", 8, "elements"),
        ("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "overlaps"),
        ("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "belong to no tensor"),
        ("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8, "belong to no tensor"),
        ("{\"a\":{\"dtype\":\"F32\"}}", 0, "expected"),
        ("[1,2]", 0, "not a JSON object"),
        ("{\"a\":", 0, "not valid JSON"),
        ("{\"__metadata__\":{\"k\":1}}", 0, "must be a string"),
        ("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{}}", 4, "duplicate"),
    ])
    func hostileHeadersAreExplained(header: String, data: Int, words: String) {
        #expect { try Safetensors.decode(SafetensorsTests.file(header: header, data: data), name: "h.safetensors") } throws: {
            "\($0)".contains(words)
        }
    }

    @Test func headerLengthsBeyondTheFileOrTheLimitAreRefusedBeforeReading() {
        var huge: [UInt8] = []
        LittleEndian.append(UInt64(1) << 40, to: &huge)
        #expect { try Safetensors.decode(huge + [UInt8](repeating: 0x20, count: 64), name: "h") } throws: { "\($0)".contains("exceeds the format's limit") }
        var long: [UInt8] = []
        LittleEndian.append(UInt64(1000), to: &long)
        #expect { try Safetensors.decode(long + Array("{}".utf8), name: "h") } throws: { "\($0)".contains("longer than the rest of the file") }
        #expect { try Safetensors.decode([1, 2, 3], name: "h") } throws: { "\($0)".contains("shorter") }
    }
}
