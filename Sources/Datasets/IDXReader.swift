/// Reads one IDX file (the MNIST format), plain or gzip-compressed: a big-endian magic number
/// `00 00 TYPE NDIMS`, NDIMS big-endian UInt32 dimensions, then the elements.
///
/// `init` reads and checks only the header: the declared sizes are multiplied with overflow checks
/// and compared with the file size (plain) or the 2 GiB limit (gzip) before any data is allocated.
final class IDXReader {
    /// The element types the IDX format defines (only unsigned bytes are supported).
    static let typeNames: [UInt8: String] = [
        0x08: "unsigned byte", 0x09: "signed byte", 0x0B: "16-bit integer",
        0x0C: "32-bit integer", 0x0D: "32-bit float", 0x0E: "64-bit float",
    ]

    let path: String
    let dimensions: [Int]
    /// Number of elements the header declares (product of the dimensions).
    let elementCount: Int
    private let source: Source

    private enum Source {
        case plain(InputFile)
        case gzip(GzipReader)
    }

    init(path: String, expectedDimensions: ClosedRange<Int>, role: String) throws(DatasetError) {
        self.path = path
        let file = try InputFile(path: path)
        let prefix = try file.read(at: 0, count: min(file.size, 2))
        let source: Source
        if GzipReader.isGzip(prefix) {
            source = .gzip(try GzipReader(path: path, compressed: try file.readAll()))
        } else {
            source = .plain(file)
        }
        self.source = source
        var position = 0
        func readHeader(_ count: Int, what: String) throws(DatasetError) -> [UInt8] {
            let bytes: [UInt8]
            switch source {
            case let .plain(file):
                bytes = try file.read(at: position, count: max(0, min(count, file.size - position)))
            case let .gzip(reader):
                bytes = try reader.read(count)
            }
            guard bytes.count == count else {
                throw .idx(path: path, offset: position + bytes.count,
                           message: "file ends inside the header (reading \(what)): truncated or not an IDX file")
            }
            position += count
            return bytes
        }

        let magic = try readHeader(4, what: "the magic number")
        guard magic[0] == 0, magic[1] == 0, magic[3] >= 1 else {
            let hex = magic.map { String($0, radix: 16).leftPadded(to: 2) }.joined(separator: " ")
            throw .idx(path: path, offset: 0,
                       message: "bad magic number \(hex): not an IDX file (expected 00 00 08 0N, as in MNIST's 00 00 08 03)")
        }
        guard magic[2] == 0x08 else {
            let hexType = "0x" + String(magic[2], radix: 16).leftPadded(to: 2)
            if let name = IDXReader.typeNames[magic[2]] {
                throw .idx(path: path, offset: 2,
                           message: "unsupported element type \(hexType) (\(name)): only unsigned bytes (0x08) are supported")
            }
            throw .idx(path: path, offset: 2, message: "unknown element type \(hexType): not an IDX file")
        }
        let dimensionCount = Int(magic[3])
        guard expectedDimensions.contains(dimensionCount) else {
            let expected = expectedDimensions.count == 1
                ? "\(expectedDimensions.lowerBound)"
                : "\(expectedDimensions.lowerBound) to \(expectedDimensions.upperBound)"
            throw .idx(path: path, offset: 3,
                       message: "\(role) file has \(dimensionCount) dimension\(dimensionCount == 1 ? "" : "s"), expected \(expected)")
        }
        let dimensionBytes = try readHeader(4 * dimensionCount, what: "the dimensions")
        var dimensions: [Int] = []
        var product = 1
        for index in 0..<dimensionCount {
            let offset = 4 * index
            let value = dimensionBytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            dimensions.append(value)
            let (next, overflow) = product.multipliedReportingOverflow(by: value)
            guard !overflow else {
                throw .idx(path: path, offset: 4 + offset,
                           message: "declared dimensions \(dimensions.map(String.init).joined(separator: " × ")) × … overflow a 64-bit size")
            }
            product = next
        }
        guard dimensions.allSatisfy({ $0 > 0 }) else {
            throw .idx(path: path, offset: 4, message: "a dimension is 0: \(dimensions.map(String.init).joined(separator: " × "))")
        }
        self.dimensions = dimensions
        self.elementCount = product

        let headerSize = 4 + 4 * dimensionCount
        let shape = dimensions.map(String.init).joined(separator: " × ")
        switch source {
        case let .plain(file):
            let (expectedSize, overflow) = headerSize.addingReportingOverflow(product)
            if overflow || expectedSize > file.size {
                throw .idx(path: path, offset: file.size,
                           message: "file is truncated: the header declares \(shape) bytes of data after byte \(headerSize), "
                           + "but the file has only \(file.size - headerSize) bytes of data")
            }
            if expectedSize < file.size {
                throw .idx(path: path, offset: expectedSize,
                           message: "\(file.size - expectedSize) unexpected bytes after the \(shape) data declared by the header")
            }
        case .gzip:
            guard product <= InputFile.maximumSize - headerSize else {
                throw .idx(path: path, offset: 4,
                           message: "the header declares \(shape) bytes of data, more than the \(InputFile.describe(bytes: InputFile.maximumSize)) limit")
            }
        }
    }

    /// Reads the `elementCount` data bytes that follow the header (and checks nothing follows them).
    func readData() throws(DatasetError) -> [UInt8] {
        let headerSize = 4 + 4 * dimensions.count
        switch source {
        case let .plain(file):
            return try file.read(at: headerSize, count: elementCount)
        case let .gzip(reader):
            let data = try reader.read(elementCount)
            guard data.count == elementCount else {
                throw .idx(path: path, offset: headerSize + data.count,
                           message: "decompressed data ends early: the header declares \(elementCount) bytes of data, found \(data.count)")
            }
            let extra = try reader.read(1)
            guard extra.isEmpty else {
                throw .idx(path: path, offset: headerSize + elementCount,
                           message: "unexpected bytes after the \(elementCount) bytes of data declared by the header")
            }
            return data
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
