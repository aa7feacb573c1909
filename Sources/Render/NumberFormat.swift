/// Short, readable number labels without Foundation: SI suffixes (`1.5k`, `20m`) in the SI range,
/// scientific notation (`3e-300`) beyond it.
public enum NumberFormat {
    static let suffixes: [Character?] = ["a", "f", "p", "n", "u", "m", nil, "k", "M", "G", "T", "P", "E"]

    /// `value` in at most about `significantDigits` significant digits, with an SI suffix or
    /// scientific notation when it is very large or very small.
    public static func compact(_ value: Double, significantDigits: Int = 3) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value == 0 { return "0" }
        let exponent = decimalExponent(abs(value))
        let digits = max(1, min(significantDigits, 15))
        let group = plainRange(abs(value)) ? 0 : floorDiv(exponent, 3)
        if group < -6 || group > 6 {
            return scientific(value, significantDigits: digits)
        }
        let scaled = value / power10(group * 3)
        let decimals = max(0, digits - 1 - (exponent - group * 3))
        var text = trimZeros(fixed(scaled, decimals: decimals))
        // Rounding may carry into the next group (999.96 -> "1000").
        if abs(scaled.rounded(toDecimals: decimals)) >= 1000, group < 6 {
            return compact(value.sign == .minus ? -power10(group * 3 + 3) : power10(group * 3 + 3), significantDigits: digits)
        }
        if let suffix = suffixes[group + 6] { text.append(suffix) }
        return text
    }

    /// Labels for a set of tick values spaced `step` apart, sharing one suffix and precision so
    /// they line up and stay distinct (`0`, `0.5`, `1`, `1.5`; `0`, `2k`, `4k`).
    public static func ticks(_ values: [Double], step: Double) -> [String] {
        let largest = values.map { abs($0) }.filter { $0.isFinite }.max() ?? 0
        guard largest > 0, step.isFinite, step > 0 else { return values.map { compact($0) } }
        let group = plainRange(largest) ? 0 : floorDiv(decimalExponent(largest), 3)
        if group < -6 || group > 6 || decimalExponent(largest) - decimalExponent(step) > 12 {
            let digits = max(1, min(15, decimalExponent(largest) - decimalExponent(step) + 1))
            return values.map { abs($0) < step / 2 ? "0" : scientific($0, significantDigits: digits) }
        }
        let scale = power10(group * 3)
        let decimals = max(0, -(decimalExponent(step) - group * 3))
        return values.map { value in
            var text = trimZeros(fixed(value / scale, decimals: min(decimals, 15)))
            if text == "-0" { text = "0" }
            if text != "0", let suffix = suffixes[group + 6] { text.append(suffix) }
            return text
        }
    }

    /// Magnitudes shown as plain decimals (`0.25`, `512`) rather than with a suffix.
    static func plainRange(_ magnitude: Double) -> Bool {
        magnitude >= 0.01 && magnitude < 1000
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
