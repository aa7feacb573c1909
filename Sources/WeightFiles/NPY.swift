/// The `.npy` format (numpy's NEP 1): magic `\x93NUMPY`, version, a little-endian header length,
/// a Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }` padded with
/// spaces and a newline so that the data starts at a multiple of 64 bytes, then the raw data.
public enum NPY {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// What an `.npy` file holds: a float array, or a 0-d unicode string (nnscope's metadata).
    public enum Content: Sendable, Equatable {
        case tensor(Tensor)
        case string(String)
    }

    /// A version 1.0 `.npy` file of `tensor` (C order).
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        encode(descriptor: tensor.dtype.npyDescriptor, shape: tensor.shape, data: tensor.bytes)
    }

    /// A 0-d array of dtype `<U{n}` holding `text` (UTF-32LE, as numpy stores unicode strings);
    /// `numpy.load(..., allow_pickle=False)` reads it, `str(array)` gives the text back.
    public static func encode(string text: String) -> [UInt8] {
        let scalars = text.unicodeScalars.map(\.value)
        var data: [UInt8] = []
        for s in scalars { LittleEndian.append(s, to: &data) }
        if scalars.isEmpty { data = [0, 0, 0, 0] }
        return encode(descriptor: "<U\(max(scalars.count, 1))", shape: [], data: data)
    }

    static func encode(descriptor: String, shape: [Int], data: [UInt8]) -> [UInt8] {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        var header = "{'descr': '\(descriptor)', 'fortran_order': False, 'shape': \(shapeText), }"
        let unpadded = magic.count + 2 + 2 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes = magic + [1, 0]
        LittleEndian.append(UInt16(header.utf8.count), to: &bytes)
        bytes += header.utf8
        bytes += data
        return bytes
    }

    /// Reads an `.npy` file of float32/float64 values (little-endian, C order) or a 0-d unicode
    /// string. Sizes are checked before anything is allocated; `name` is used in messages.
    public static func decode(_ bytes: [UInt8], name: String) throws(WeightFileError) -> Content {
        guard bytes.count >= 10, bytes.starts(with: magic) else { throw WeightFileError("\(name): not a .npy file (no \\x93NUMPY magic)") }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(LittleEndian.uint16(bytes, at: 8)); headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw WeightFileError("\(name): .npy file ends inside its header length") }
            headerLength = Int(LittleEndian.uint32(bytes, at: 8)); headerStart = 12
        default:
            throw WeightFileError("\(name): .npy format version \(major).\(bytes[7]) is not supported (1.0 to 3.0)")
        }
        guard headerLength <= WeightFileLimits.maximumNpyHeader else {
            throw WeightFileError("\(name): .npy header of \(headerLength) bytes (at most \(WeightFileLimits.maximumNpyHeader))")
        }
        guard headerLength <= bytes.count - headerStart else {
            throw WeightFileError("\(name): .npy header of \(headerLength) bytes is longer than the file (\(bytes.count) bytes)")
        }
        let headerText = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        var parser = HeaderParser(text: headerText, name: name)
        let header = try parser.parse()
        guard !header.fortranOrder else { throw WeightFileError("\(name): Fortran-order arrays are not supported (save with C order)") }
        let count = try WeightFileLimits.elementCount(header.shape, name: name)
        let dataStart = headerStart + headerLength
        let available = bytes.count - dataStart
        if header.descriptor.hasPrefix("<U") {
            guard header.shape.isEmpty, let n = Int(header.descriptor.dropFirst(2)), n >= 1, n <= WeightFileLimits.maximumNpyHeader * 16 else {
                throw WeightFileError("\(name): only 0-d unicode strings are supported, got '\(header.descriptor)' of shape \(header.shape)")
            }
            guard available == 4 * n else { throw WeightFileError("\(name): data holds \(available) bytes, dtype \(header.descriptor) needs \(4 * n)") }
            var text = ""
            for i in 0..<n {
                let v = LittleEndian.uint32(bytes, at: dataStart + 4 * i)
                if v == 0 { break }
                guard let scalar = Unicode.Scalar(v) else { throw WeightFileError("\(name): not valid text (code point \(v))") }
                text.unicodeScalars.append(scalar)
            }
            return .string(text)
        }
        guard let dtype = TensorDType.allCases.first(where: { $0.npyDescriptor == header.descriptor }) else {
            throw WeightFileError("\(name): dtype '\(header.descriptor)' is not supported (float32 '<f4' or float64 '<f8')")
        }
        let (needed, overflow) = count.multipliedReportingOverflow(by: dtype.size)
        guard !overflow, available == needed else {
            throw WeightFileError("\(name): data holds \(available) bytes, shape \(header.shape) of \(dtype.rawValue) needs \(count * dtype.size)")
        }
        return .tensor(Tensor(name: name, dtype: dtype, shape: header.shape, bytes: Array(bytes[dataStart...])))
    }

    struct Header {
        var descriptor = ""
        var fortranOrder = false
        var shape: [Int] = []
    }

    /// The header's Python dict literal: string keys; string, True/False and tuple-of-ints values.
    struct HeaderParser {
        let chars: [Character]
        let name: String
        var i = 0

        init(text: String, name: String) {
            chars = Array(text)
            self.name = name
        }

        func fail(_ what: String) -> WeightFileError { WeightFileError("\(name): .npy header: \(what) at character \(i + 1)") }

        mutating func skipSpaces() { while i < chars.count, chars[i].isWhitespace { i += 1 } }

        mutating func expect(_ c: Character) throws(WeightFileError) {
            skipSpaces()
            guard i < chars.count, chars[i] == c else { throw fail("expected '\(c)'") }
            i += 1
        }

        mutating func string() throws(WeightFileError) -> String {
            skipSpaces()
            guard i < chars.count, chars[i] == "'" || chars[i] == "\"" else { throw fail("expected a quoted string") }
            let quote = chars[i]
            i += 1
            var s = ""
            while i < chars.count, chars[i] != quote { s.append(chars[i]); i += 1 }
            guard i < chars.count else { throw fail("unterminated string") }
            i += 1
            return s
        }

        mutating func word() -> String {
            skipSpaces()
            var s = ""
            while i < chars.count, chars[i].isLetter || chars[i].isNumber { s.append(chars[i]); i += 1 }
            return s
        }

        mutating func shape() throws(WeightFileError) -> [Int] {
            try expect("(")
            var dims: [Int] = []
            while true {
                skipSpaces()
                if i < chars.count, chars[i] == ")" { i += 1; return dims }
                var digits = word()
                if digits.hasSuffix("L") { digits.removeLast() }
                guard let d = Int(digits), digits.count <= 18 else { throw fail("expected a whole number in the shape") }
                dims.append(d)
                guard dims.count <= WeightFileLimits.maximumRank else { throw fail("more than \(WeightFileLimits.maximumRank) dimensions") }
                skipSpaces()
                if i < chars.count, chars[i] == "," { i += 1 }
            }
        }

        mutating func parse() throws(WeightFileError) -> Header {
            var header = Header()
            var seen = Set<String>()
            try expect("{")
            while true {
                skipSpaces()
                if i < chars.count, chars[i] == "}" { break }
                let key = try string()
                try expect(":")
                switch key {
                case "descr": header.descriptor = try string()
                case "fortran_order":
                    let w = word()
                    guard w == "True" || w == "False" else { throw fail("fortran_order must be True or False") }
                    header.fortranOrder = w == "True"
                case "shape": header.shape = try shape()
                default: throw fail("unexpected key '\(key)'")
                }
                seen.insert(key)
                skipSpaces()
                if i < chars.count, chars[i] == "," { i += 1 }
            }
            guard seen == ["descr", "fortran_order", "shape"] else { throw WeightFileError("\(name): .npy header lacks descr, fortran_order or shape") }
            return header
        }
    }
}
