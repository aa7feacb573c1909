/// The element types weight files hold: IEEE 754 little-endian floats.
public enum TensorDType: String, Sendable, Equatable, CaseIterable {
    case float32
    case float64

    /// Bytes per element.
    public var size: Int { self == .float32 ? 4 : 8 }
    /// The name in a safetensors header: "F32", "F64".
    public var safetensorsName: String { self == .float32 ? "F32" : "F64" }
    /// The `descr` in a `.npy` header: "<f4", "<f8".
    public var npyDescriptor: String { self == .float32 ? "<f4" : "<f8" }
}

/// One named array: its element type, shape (row-major, C order) and little-endian bytes.
public struct Tensor: Sendable, Equatable {
    public var name: String
    public var dtype: TensorDType
    public var shape: [Int]
    /// `count × dtype.size` bytes, little-endian, row-major.
    public var bytes: [UInt8]

    public init(name: String, dtype: TensorDType, shape: [Int], bytes: [UInt8]) {
        precondition(bytes.count == shape.reduce(1, *) * dtype.size, "tensor \(name): bytes do not match the shape")
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    public init(name: String, shape: [Int], float32 values: [Float]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 4)
        for v in values { LittleEndian.append(v.bitPattern, to: &bytes) }
        self.init(name: name, dtype: .float32, shape: shape, bytes: bytes)
    }

    public init(name: String, shape: [Int], float64 values: [Double]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 8)
        for v in values { LittleEndian.append(v.bitPattern, to: &bytes) }
        self.init(name: name, dtype: .float64, shape: shape, bytes: bytes)
    }

    /// Number of elements (1 for a scalar of shape []).
    public var count: Int { bytes.count / dtype.size }

    /// The values as Float (float64 values rounded to nearest).
    public var floatValues: [Float] {
        switch dtype {
        case .float32: return (0..<count).map { Float(bitPattern: LittleEndian.uint32(bytes, at: 4 * $0)) }
        case .float64: return (0..<count).map { Float(Double(bitPattern: LittleEndian.uint64(bytes, at: 8 * $0))) }
        }
    }

    /// The values as Double (float32 values widened exactly).
    public var doubleValues: [Double] {
        switch dtype {
        case .float32: return (0..<count).map { Double(Float(bitPattern: LittleEndian.uint32(bytes, at: 4 * $0))) }
        case .float64: return (0..<count).map { Double(bitPattern: LittleEndian.uint64(bytes, at: 8 * $0)) }
        }
    }
}

/// The contents of a weight file: tensors in order and string metadata (safetensors' `__metadata__`;
/// in an `.npz`, a JSON object in the string array `__metadata__`).
public struct TensorArchive: Sendable, Equatable {
    public var tensors: [Tensor]
    public var metadata: [(key: String, value: String)]

    public init(tensors: [Tensor] = [], metadata: [(key: String, value: String)] = []) {
        self.tensors = tensors
        self.metadata = metadata
    }

    public static func == (a: TensorArchive, b: TensorArchive) -> Bool {
        a.tensors == b.tensors && a.metadata.count == b.metadata.count
            && zip(a.metadata, b.metadata).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public subscript(name: String) -> Tensor? { tensors.first { $0.name == name } }

    public func metadata(_ key: String) -> String? { metadata.first { $0.key == key }?.value }
}

/// Bad or unreadable weight file content: what was wrong and where.
public struct WeightFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Every limit a reader enforces before it allocates (declared once, documented in the README).
public enum WeightFileLimits {
    /// Tensors in one file.
    public static let maximumTensors = 4096
    /// Dimensions of one tensor.
    public static let maximumRank = 8
    /// Elements of one tensor (as session checkpoints: 2^28).
    public static let maximumElements = 1 << 28
    /// Bytes of all tensors together, after decompression (1 GiB).
    public static let maximumTotalBytes = 1 << 30
    /// A safetensors JSON header (the format's own limit, 100 MB).
    public static let maximumSafetensorsHeader = 100_000_000
    /// A `.npy` header.
    public static let maximumNpyHeader = 1 << 16
    /// Deflate cannot expand data by more than about 1032:1; an entry declaring more is refused.
    public static let maximumDeflateRatio = 1100
    /// Weights barely compress (random floats: about 1.1:1); an archive whose entries inflate to more
    /// than 16 MiB and more than 200 times the file's size is refused as a zip bomb before inflating.
    public static let maximumExpansion = 200
    public static let expansionAllowance = 16 << 20

    /// The element count of `shape`, checked against the limits (nil in the message: fine).
    static func elementCount(_ shape: [Int], name: String) throws(WeightFileError) -> Int {
        guard shape.count <= maximumRank else { throw WeightFileError("\(name): \(shape.count) dimensions (at most \(maximumRank))") }
        var count = 1
        for d in shape {
            guard d >= 0 else { throw WeightFileError("\(name): negative dimension \(d)") }
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= maximumElements else {
                throw WeightFileError("\(name): shape \(shape) has more than \(maximumElements) elements")
            }
            count = product
        }
        return count
    }
}

/// Little-endian integer coding.
enum LittleEndian {
    static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { bytes.append(contentsOf: $0) }
    }

    static func uint16(_ b: [UInt8], at i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }

    static func uint32(_ b: [UInt8], at i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    static func uint64(_ b: [UInt8], at i: Int) -> UInt64 {
        UInt64(uint32(b, at: i)) | UInt64(uint32(b, at: i + 4)) << 32
    }
}
