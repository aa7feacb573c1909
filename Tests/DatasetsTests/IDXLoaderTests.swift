import Testing
import Foundation
@testable import Datasets

@Suite struct IDXLoaderTests {
    /// An unsigned-byte IDX file: magic 00 00 08 NDIMS, big-endian dimensions, then `data`.
    static func idx(dimensions: [UInt32], data: [UInt8], type: UInt8 = 0x08) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, type, UInt8(dimensions.count)]
        for dimension in dimensions {
            bytes += [UInt8(dimension >> 24), UInt8((dimension >> 16) & 0xFF), UInt8((dimension >> 8) & 0xFF), UInt8(dimension & 0xFF)]
        }
        return bytes + data
    }

    /// Three 2×2 images and their labels 7, 3, 7.
    static let images = idx(dimensions: [3, 2, 2], data: [0, 255, 51, 102, 255, 255, 0, 0, 1, 2, 3, 4])
    static let labels = idx(dimensions: [3], data: [7, 3, 7])

    @Test func loadsPlainFiles() throws {
        let dir = try TemporaryDirectory()
        let imagesPath = try dir.write("images.idx", bytes: Self.images)
        let labelsPath = try dir.write("labels.idx", bytes: Self.labels)
        let data = try IDXLoader.load(images: imagesPath, labels: labelsPath)
        #expect(data.count == 3 && data.features == 4)
        #expect(data.inputs[0...3] == [0, 1, 0.2, 0.4])
        #expect(data.inputs.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(data.task == .classification(labels: [1, 0, 1], classNames: ["3", "7"]))
        let spec = try DatasetSpec(parsing: "idx:\(imagesPath),\(labelsPath)")
        #expect(try spec.make(seed: 0).name == spec.description)
    }

    @Test func loadsGzipFilesLikePlainOnes() throws {
        let dir = try TemporaryDirectory()
        let plain = try IDXLoader.load(images: try dir.write("i", bytes: Self.images), labels: try dir.write("l", bytes: Self.labels))
        let imagesGz = try dir.gzip(dir.url.path + "/i")
        let labelsGz = try dir.gzip(dir.url.path + "/l")
        let compressed = try IDXLoader.load(images: imagesGz, labels: labelsGz)
        #expect(compressed.inputs == plain.inputs && compressed.task == plain.task)
        // Mixed: gzip images, plain labels.
        #expect(try IDXLoader.load(images: imagesGz, labels: dir.url.path + "/l").inputs == plain.inputs)
    }

    @Test func largerGzipFileSpanningManyChunks() throws {
        let dir = try TemporaryDirectory()
        let count: UInt32 = 3000
        let pixels = (0..<Int(count) * 28 * 28).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 7) }
        let labels = (0..<Int(count)).map { UInt8($0 % 10) }
        let imagesGz = try dir.gzip(try dir.write("big-i", bytes: Self.idx(dimensions: [count, 28, 28], data: pixels)))
        let labelsGz = try dir.gzip(try dir.write("big-l", bytes: Self.idx(dimensions: [count], data: labels)))
        let data = try IDXLoader.load(images: imagesGz, labels: labelsGz)
        #expect(data.count == 3000 && data.features == 784 && data.outputs == 10)
        #expect(data.inputs.last == Double(pixels.last!) / 255)
        #expect(data.inputs[123_456] == Double(pixels[123_456]) / 255)
    }

    @Test func truncatedFilesAreRefused() throws {
        let dir = try TemporaryDirectory()
        let labels = try dir.write("l", bytes: Self.labels)
        let short = try dir.write("short", bytes: Array(Self.images.dropLast(3)))
        #expect(errorText { try IDXLoader.load(images: short, labels: labels) }
            == "\(short): byte 25: file is truncated: the header declares 3 × 2 × 2 bytes of data after byte 16, but the file has only 9 bytes of data")
        let header = try dir.write("header", bytes: Array(Self.images.prefix(10)))
        #expect(errorText { try IDXLoader.load(images: header, labels: labels) }?.contains("file ends inside the header") == true)
        let shortGz = try dir.gzip(short)
        #expect(errorText { try IDXLoader.load(images: shortGz, labels: labels) }?.contains("decompressed data ends early") == true)
        // A .gz file cut in the middle of the compressed stream.
        let gz = try dir.gzip(try dir.write("full", bytes: Self.images))
        let gzBytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: gz)))
        let cut = try dir.write("cut.gz", bytes: Array(gzBytes.prefix(gzBytes.count / 2)))
        #expect(errorText { try IDXLoader.load(images: cut, labels: labels) }?.contains("gzip data ends early") == true)
        let long = try dir.write("long", bytes: Self.images + [9, 9])
        #expect(errorText { try IDXLoader.load(images: long, labels: labels) }?.contains("byte 28: 2 unexpected bytes after") == true)
    }

    @Test func hugeDeclaredSizesAreRefusedWithoutAllocating() throws {
        let dir = try TemporaryDirectory()
        let labels = try dir.write("l", bytes: Self.labels)
        // 2^20 × 2^10 × 2^10 = 2^40 bytes declared, 16 actual.
        let huge = try dir.write("huge", bytes: Self.idx(dimensions: [1 << 20, 1 << 10, 1 << 10], data: [1, 2, 3, 4]))
        let message = errorText { try IDXLoader.load(images: huge, labels: labels) }
        #expect(message?.contains("file is truncated: the header declares 1048576 × 1024 × 1024 bytes") == true)
        let hugeGz = try dir.gzip(huge)
        #expect(errorText { try IDXLoader.load(images: hugeGz, labels: labels) }?.contains("more than the 2 GiB limit") == true)
        // Dimensions whose product overflows 64 bits.
        let overflow = try dir.write("overflow", bytes: Self.idx(dimensions: [UInt32.max, UInt32.max, UInt32.max], data: []))
        #expect(errorText { try IDXLoader.load(images: overflow, labels: labels) }?.contains("overflow a 64-bit size") == true)
    }

    @Test func mismatchedCountsAndLabels() throws {
        let dir = try TemporaryDirectory()
        let images = try dir.write("i", bytes: Self.images)
        let twoLabels = try dir.write("l2", bytes: Self.idx(dimensions: [2], data: [1, 2]))
        #expect(errorText { try IDXLoader.load(images: images, labels: twoLabels) } == "\(images) has 3 images but \(twoLabels) has 2 labels")
        let sameLabel = try dir.write("l1", bytes: Self.idx(dimensions: [3], data: [4, 4, 4]))
        #expect(errorText { try IDXLoader.load(images: images, labels: sameLabel) }?.contains("every label is 4") == true)
        // Swapped arguments: a 3-D labels file.
        #expect(errorText { try IDXLoader.load(images: images, labels: images) }?.contains("labels file has 3 dimensions, expected 1") == true)
    }

    @Test func badMagicAndUnsupportedTypes() throws {
        let dir = try TemporaryDirectory()
        let labels = try dir.write("l", bytes: Self.labels)
        let text = try dir.write("text", text: "hello, world\n")
        #expect(errorText { try IDXLoader.load(images: text, labels: labels) }
            == "\(text): byte 0: bad magic number 68 65 6c 6c: not an IDX file (expected 00 00 08 0N, as in MNIST's 00 00 08 03)")
        let floats = try dir.write("floats", bytes: Self.idx(dimensions: [1, 1], data: [0, 0, 0, 0], type: 0x0D))
        #expect(errorText { try IDXLoader.load(images: floats, labels: labels) }
            == "\(floats): byte 2: unsupported element type 0x0d (32-bit float): only unsigned bytes (0x08) are supported")
        let unknown = try dir.write("unknown", bytes: Self.idx(dimensions: [1, 1], data: [0], type: 0x42))
        #expect(errorText { try IDXLoader.load(images: unknown, labels: labels) }?.contains("unknown element type 0x42") == true)
        let empty = try dir.write("empty", bytes: [])
        #expect(errorText { try IDXLoader.load(images: empty, labels: labels) }?.contains("byte 0: file ends inside the header") == true)
        let zero = try dir.write("zero", bytes: Self.idx(dimensions: [0, 2, 2], data: []))
        #expect(errorText { try IDXLoader.load(images: zero, labels: labels) }?.contains("a dimension is 0") == true)
        let corrupt = try dir.write("corrupt.gz", bytes: [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(errorText { try IDXLoader.load(images: corrupt, labels: labels) }?.contains("corrupt gzip data") == true)
    }
}
