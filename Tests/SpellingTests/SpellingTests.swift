import Spelling
import Testing

struct SpellingTests {
    @Test("edit distance counts insertions, deletions, substitutions and neighbour swaps")
    func distance() {
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("", "abc") == 3)
        #expect(editDistance("spiral", "spiral") == 0)
        #expect(editDistance("cvs", "csv") == 1)
        #expect(editDistance("ab", "ba") == 1)
    }

    @Test("the closest word: a likely typo or a prefix, never a long or far word")
    func closest() {
        #expect(closestWord(to: "apple", in: []) == nil)
        #expect(closestWord(to: "aple", in: ["apple", "maple syrup"]) == "apple")
        #expect(closestWord(to: "tahn", in: ["tanh", "relu"]) == "tanh")
        #expect(closestWord(to: "zzzzzz", in: ["spiral", "xor"]) == nil)
        #expect(closestWord(to: "gau", in: ["spiral", "gaussian"]) == "gaussian")
        #expect(closestWord(to: String(repeating: "a", count: 41), in: ["a"]) == nil)
        #expect(didYouMean("stepp", ["step", "reset"]) == ": did you mean 'step'?")
        #expect(didYouMean("qqqqqq", ["step"]) == "")
    }
}
