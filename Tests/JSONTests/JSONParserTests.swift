import Testing
@testable import JSON

@Suite struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser().parse(text) }

    func error(_ text: String) -> JSONError? {
        do { _ = try JSONParser().parse(text); return nil } catch { return error }
    }

    @Test func parsesEveryKindOfValue() throws {
        let v = try parse(#" {"a": [1, -2, 3.5, -0.0, 1e3, true, false, null], "b": {"c": "x\n\u00e9\ud83d\ude00"}, "big": 12345678901234567890} "#)
        #expect(v["a"] == .array([.int(1), .int(-2), .number(3.5), .number(-0.0), .number(1000), .bool(true), .bool(false), .null]))
        #expect(v["b"]?["c"] == .string("x\né😀"))
        #expect(v["big"] == .number(1.2345678901234567e19))
        #expect(try parse("\(Int.min)") == .int(Int.min))
        #expect(try parse("\(Int.max)") == .int(Int.max))
    }

    @Test func keepsKeyOrderAndRoundTripsSerializedText() throws {
        let text = #"{"z":1,"a":[0.1,2.5e-300,1.7976931348623157e+308],"m":{"k":"\"\\\t"}}"#
        let v = try parse(text)
        guard case let .object(pairs) = v else { Issue.record("not an object"); return }
        #expect(pairs.map(\.0) == ["z", "a", "m"])
        #expect(try parse(v.serialized) == v)
        #expect(v["a"]?.arrayValue?[0] == .number(0.1))
    }

    @Test func rejectsNumbersOutOfRangeInsteadOfInfinity() {
        #expect(error("1e400")?.message.contains("out of range") == true)
        #expect(error("-1e400")?.message.contains("out of range") == true)
        #expect(error("[1, 1e-400]")?.message.contains("underflows") == true)
        #expect(error("[1, 1e-400]")?.offset == 4)
        #expect(error("0e-400") == nil)
    }

    @Test func rejectsDuplicateKeysWithTheirOffset() {
        #expect(error(#"{"a":1,"a":2}"#) == JSONError(offset: 7, message: #"duplicate key "a""#))
        // Past the linear-scan threshold, the set catches duplicates too.
        let many = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        #expect(error("{\(many),\"k3\":0}")?.message == #"duplicate key "k3""#)
    }

    @Test func limitsNestingWithoutOverflowingTheStack() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(error(deep)?.message.contains("nesting deeper than 512") == true)
        let objects = String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        #expect(error(objects)?.offset == 512 * 5)
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(error(ok) == nil)
        #expect(error("[" + ok + "]") != nil)
    }

    @Test(arguments: [
        ("", 0), ("[1,]", 3), ("{\"a\":1,}", 7), ("01", 0), ("1.", 2), ("-", 1), (".5", 0), ("+1", 0), ("1e", 2),
        ("[1 2]", 3), ("tru", 0), ("nul", 0), ("\"abc", 0), ("\"a\u{01}\"", 2), ("\"\\x\"", 1), ("\"\\ud800\"", 1),
        ("\"\\udc00x\"", 1), ("{1:2}", 1), ("{\"a\" 1}", 5), ("1 2", 2), ("NaN", 0), ("Infinity", 0), ("[\"\\u12G4\"]", 6),
    ])
    func rejectsMalformedTextWithTheOffset(text: String, offset: Int) {
        #expect(error(text)?.offset == offset, "\(text)")
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        #expect(throws: JSONError.self) { try JSONParser().parse(bytes) }
        #expect((try? JSONParser().parse(Array("\"é\"".utf8))) == .string("é"))
    }

    @Test func errorDescriptionNamesTheByte() {
        #expect(error("[1,]")?.description == "byte 3: unexpected ']': expected a value")
    }
}
