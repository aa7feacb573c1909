import Testing
@testable import Render

@Suite struct NumberFormatTests {
    @Test func compactUsesSISuffixes() {
        #expect(NumberFormat.compact(0) == "0")
        #expect(NumberFormat.compact(1) == "1")
        #expect(NumberFormat.compact(1500) == "1.5k")
        #expect(NumberFormat.compact(-0.02) == "-0.02")
        #expect(NumberFormat.compact(-0.002) == "-2m")
        #expect(NumberFormat.compact(123_456) == "123k")
        #expect(NumberFormat.compact(2.5e9) == "2.5G")
        #expect(NumberFormat.compact(0.000_001_5) == "1.5u")
        #expect(NumberFormat.compact(999.96) == "1k")
        #expect(NumberFormat.compact(0.1234) == "0.123")
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
        #expect(NumberFormat.ticks(small, step: smallStep) == ["0", "1m", "2m", "3m", "4m"])
        let (big, bigStep) = Ticks.linear(-1000...3000, maxCount: 4)
        #expect(NumberFormat.ticks(big, step: bigStep) == ["-1k", "0", "1k", "2k", "3k"])
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
