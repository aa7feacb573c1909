import Testing
@testable import Render

@Suite struct NumberFormatTests {
    @Test func compactIsPlainDecimalOrScientificNeverSI() {
        #expect(NumberFormat.compact(0) == "0")
        #expect(NumberFormat.compact(1) == "1")
        #expect(NumberFormat.compact(1500) == "1500")
        #expect(NumberFormat.compact(12345) == "12345")
        #expect(NumberFormat.compact(-0.02) == "-0.02")
        #expect(NumberFormat.compact(-0.002) == "-2e-3")
        #expect(NumberFormat.compact(0.0072) == "7.2e-3")
        #expect(NumberFormat.compact(123_456) == "1.23e5")
        #expect(NumberFormat.compact(-2.21e6) == "-2.21e6")
        #expect(NumberFormat.compact(2.5e9) == "2.5e9")
        #expect(NumberFormat.compact(0.000_001_5) == "1.5e-6")
        #expect(NumberFormat.compact(2.95e-6) == "2.95e-6")
        #expect(NumberFormat.compact(1.38e-7) == "1.38e-7")
        #expect(NumberFormat.compact(999.96) == "1000")
        #expect(NumberFormat.compact(99_999.7) == "1e5")
        #expect(NumberFormat.compact(0.1234) == "0.123")
        #expect(NumberFormat.percent(0.26666666666666666) == "26.7%")
    }

    /// Every label reads back (Swift's own `Double(String)`) as the value to within its digits,
    /// and none carries a suffix letter.
    @Test func compactReadsBackAsTheValue() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let exponent = Double.random(in: -12...12, using: &generator)
            let value = (Bool.random(using: &generator) ? -1 : 1) * Scale.exp10(exponent)
            let text = NumberFormat.compact(value)
            #expect(text.allSatisfy { "0123456789.-e".contains($0) }, "\(value) -> \(text)")
            let parsed = Double(text)
            #expect(parsed != nil, "\(value) -> \(text)")
            if let parsed { #expect(abs(parsed - value) <= abs(value) * 5e-3, "\(value) -> \(text)") }
        }
    }

    @Test func compactFallsBackToScientific() {
        #expect(NumberFormat.compact(1e-300) == "1e-300")
        #expect(NumberFormat.compact(3.14e300) == "3.14e300")
        #expect(NumberFormat.compact(-2e25) == "-2e25")
        #expect(NumberFormat.compact(.nan) == "NaN")
        #expect(NumberFormat.compact(-.infinity) == "-inf")
        #expect(NumberFormat.compact(.greatestFiniteMagnitude) == "1.8e308")
        #expect(NumberFormat.compact(.leastNonzeroMagnitude).hasSuffix("e-324"))
    }

    @Test func fixedDecimals() {
        #expect(NumberFormat.fixed(3.14159, decimals: 2) == "3.14")
        #expect(NumberFormat.fixed(-0.05, decimals: 1) == "-0.1")
        #expect(NumberFormat.fixed(-0.0004, decimals: 2) == "0.00")
        #expect(NumberFormat.fixed(7, decimals: 0) == "7")
        #expect(NumberFormat.fixed(0.5, decimals: 3) == "0.500")
    }

    @Test func niceStepsAreOneTwoFive() {
        #expect(Ticks.niceStep(0.7) == 1)
        #expect(Ticks.niceStep(1.3) == 2)
        #expect(Ticks.niceStep(3) == 5)
        #expect(Ticks.niceStep(7) == 10)
        #expect(Ticks.niceStep(0.03) == 0.05)
        #expect(Ticks.niceStep(0) == 0)
    }

    @Test func linearTicksAndLabels() {
        let (values, step) = Ticks.linear(0...1, maxCount: 5)
        #expect(step == 0.2)
        #expect(values.count == 6)
        #expect(NumberFormat.ticks(values, step: step) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        let (small, smallStep) = Ticks.linear(0...0.004, maxCount: 4)
        #expect(NumberFormat.ticks(small, step: smallStep) == ["0", "1e-3", "2e-3", "3e-3", "4e-3"])
        let (big, bigStep) = Ticks.linear(-1000...3000, maxCount: 4)
        #expect(NumberFormat.ticks(big, step: bigStep) == ["-1000", "0", "1000", "2000", "3000"])
        let (epochs, epochStep) = Ticks.linear(0...400_000, maxCount: 4)
        #expect(NumberFormat.ticks(epochs, step: epochStep) == ["0", "1e5", "2e5", "3e5", "4e5"])
        let (huge, hugeStep) = Ticks.linear(-1e300...1e300, maxCount: 4)
        #expect(!huge.isEmpty && huge.count <= 6)
        #expect(NumberFormat.ticks(huge, step: hugeStep).contains("0"))
        #expect(Ticks.linear(-Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude, maxCount: 4).values.count >= 2)
        #expect(Ticks.linear(3...3, maxCount: 4).values == [3])
        #expect(Ticks.linear(0...Double.infinity, maxCount: 4).values.isEmpty)
    }

    @Test func logarithmsWithoutFoundation() {
        for exponent in [-300, -5, 0, 1, 3, 300] {
            #expect(NumberFormat.decimalExponent(NumberFormat.power10(exponent)) == exponent)
        }
        #expect(abs(Scale.log10(2) - 0.301_029_995_663_981_2) < 1e-12)
        #expect(abs(Scale.log10.inverse(Scale.log10(37)) - 37) < 1e-9)
        #expect(Scale.log10.transform(0) == nil)
        #expect(Scale.log10.transform(-1) == nil)
        #expect(Scale.linear.transform(.infinity) == nil)
        #expect(Ticks.decades(-300...300, maxCount: 4) == [-200, 0, 200])
    }
}
