extension NumberFormat {
    /// `value` for a learner to read: a plain decimal with about `significantDigits` significant
    /// digits (`0.3142`, `-12.5`, `1024`) from 0.001 to under a million, scientific notation
    /// (`2.5e-7`, `3.1e8`) beyond; never an SI suffix.
    public static func readable(_ value: Double, significantDigits: Int = 4) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value == 0 { return "0" }
        let magnitude = Swift.abs(value)
        guard magnitude >= 0.001 && magnitude < 1e6 else { return scientific(value, significantDigits: significantDigits) }
        let decimals = max(0, significantDigits - 1 - decimalExponent(magnitude))
        let text = trimZeros(fixed(value, decimals: decimals))
        return text == "-0" ? "0" : text
    }
}
