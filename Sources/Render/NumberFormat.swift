/// Every number a learner reads, without Foundation: plain decimals (`0.25`, `512`, `12345`) for
/// magnitudes from 0.01 to under 100,000, scientific notation (`7.2e-3`, `1.5e5`, `3e-300`)
/// beyond. Never SI suffixes: `7.2m` reads as millions to a student, `7.2e-3` cannot be misread.
public enum NumberFormat {
    /// The smallest magnitude written as a plain decimal...
    public static let plainMinimum = 0.01
    /// ...and the first one written in scientific notation again.
    public static let plainLimit = 100_000.0

    /// `value` in about `significantDigits` significant digits: a plain decimal in the plain
    /// range (whole numbers keep every integer digit: `12345`), scientific notation outside it.
    public static func compact(_ value: Double, significantDigits: Int = 3) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value == 0 { return "0" }
        let digits = max(1, min(significantDigits, 15))
        guard plainRange(abs(value)) else { return scientific(value, significantDigits: digits) }
        let exponent = decimalExponent(abs(value))
        let decimals = max(0, digits - 1 - exponent)
        let text = trimZeros(fixed(value, decimals: decimals))
        // Rounding may carry out of the plain range (99999.7 -> "100000").
        if abs(value.rounded(toDecimals: decimals)) >= plainLimit { return scientific(value, significantDigits: digits) }
        return text
    }

    /// Labels for a set of tick values spaced `step` apart, sharing one notation and precision so
    /// they line up and stay distinct (`0`, `0.5`, `1`, `1.5`; `0`, `2e-3`, `4e-3`).
    public static func ticks(_ values: [Double], step: Double) -> [String] {
        let largest = values.map { abs($0) }.filter { $0.isFinite }.max() ?? 0
        guard largest > 0, step.isFinite, step > 0 else { return values.map { compact($0) } }
        if !plainRange(largest) || decimalExponent(largest) - decimalExponent(step) > 12 {
            let digits = max(1, min(15, decimalExponent(largest) - decimalExponent(step) + 1))
            return values.map { abs($0) < step / 2 ? "0" : scientific($0, significantDigits: digits) }
        }
        let decimals = max(0, -decimalExponent(step))
        return values.map { value in
            let text = trimZeros(fixed(value, decimals: min(decimals, 15)))
            return text == "-0" ? "0" : text
        }
    }

    /// A fraction as a percentage with `decimals` digits after the point: `83.3%`.
    public static func percent(_ fraction: Double, decimals: Int = 1) -> String {
        fraction.isFinite ? fixed(fraction * 100, decimals: decimals) + "%" : "?"
    }

    /// Magnitudes shown as plain decimals rather than in scientific notation.
    static func plainRange(_ magnitude: Double) -> Bool {
        magnitude >= plainMinimum && magnitude < plainLimit
    }

    /// `value` as `m.mmme±x`, e.g. `1.5e-300`.
    public static func scientific(_ value: Double, significantDigits: Int = 3) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value == 0 { return "0" }
        var exponent = decimalExponent(abs(value))
        // Scale tiny values up first so 10^exponent does not underflow to zero.
        var mantissa = exponent < -290 ? (abs(value) * 1e300) / power10(exponent + 300) : abs(value) / power10(exponent)
        let decimals = max(0, min(significantDigits, 15) - 1)
        if mantissa.rounded(toDecimals: decimals) >= 10 {
            exponent += 1
            mantissa /= 10
        }
        let sign = value < 0 ? "-" : ""
        return sign + trimZeros(fixed(mantissa, decimals: decimals)) + "e" + String(exponent)
    }

    /// `value` with exactly `decimals` digits after the point (scientific if it is too large).
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let decimals = max(0, min(decimals, 15))
        let scaled = (abs(value) * power10(decimals)).rounded()
        guard scaled < 9e15 else { return scientific(value, significantDigits: 6) }
        var digits = String(UInt64(scaled))
        if decimals > 0 {
            if digits.count <= decimals {
                digits = String(repeating: "0", count: decimals - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return (value < 0 && scaled != 0 ? "-" : "") + digits
    }

    static func nonFinite(_ value: Double) -> String {
        value.isNaN ? "NaN" : value > 0 ? "inf" : "-inf"
    }

    /// floor(log10(value)) for a positive finite value, exact at powers of ten.
    static func decimalExponent(_ value: Double) -> Int {
        guard value > 0, value.isFinite else { return 0 }
        var exponent = Int(Scale.log10(value).rounded(.down))
        // Correct floating error around exact powers of ten.
        if power10(exponent) > value { exponent -= 1 }
        if power10(exponent + 1) <= value { exponent += 1 }
        return exponent
    }

    /// 10^n for any integer exponent, saturating at 0 and infinity.
    static func power10(_ n: Int) -> Double {
        if n > 308 { return .infinity }
        if n < -323 { return 0 }
        if n < -300 { return power10(n + 300) * 1e-300 }
        if n < 0 { return 1 / power10(-n) }
        var result = 1.0, base = 10.0, remaining = n
        while remaining > 0 {
            if remaining & 1 == 1 { result *= base }
            base *= base
            remaining >>= 1
        }
        return result
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    static func trimZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = text
        while result.last == "0" { result.removeLast() }
        if result.last == "." { result.removeLast() }
        return result
    }
}

extension Double {
    func rounded(toDecimals decimals: Int) -> Double {
        let factor = NumberFormat.power10(decimals)
        return (self * factor).rounded() / factor
    }
}
