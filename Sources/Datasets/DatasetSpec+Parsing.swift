import Spelling

extension DatasetSpec {
    /// Parses spec text (see `DatasetSpec` for the syntax). Errors name the offending part and, for
    /// misspelt names and options, suggest the closest valid one.
    public init(parsing text: String) throws(DatasetError) {
        let spec = text.trimmingBlanks()
        guard !spec.isEmpty else {
            throw .invalidSpec(spec: text, message: "empty; expected one of \(DatasetSpec.builtInNames.joined(separator: ", ")), csv:PATH or idx:IMAGES,LABELS")
        }
        let kindText: String
        let rest: String?
        if let colon = spec.firstIndex(of: ":") {
            kindText = String(spec[..<colon])
            rest = String(spec[spec.index(after: colon)...])
        } else {
            kindText = spec
            rest = nil
        }
        let kind = kindText.lowercased()
        let parser = OptionParser(spec: spec)

        if let synthetic = SyntheticKind(rawValue: kind) {
            var options = try parser.split(rest ?? "")
            let allowed = (synthetic.hasClassCount ? ["classes"] : []) + ["points", "noise", "standardize", "no-standardize"]
            try parser.rejectUnknown(options, allowed: allowed, context: synthetic.rawValue)
            let classes = try parser.integer(&options, "classes", in: DatasetSpec.classesRange)
            let points = try parser.integer(&options, "points", in: DatasetSpec.pointsRange)
            let noise = try parser.real(&options, "noise", in: DatasetSpec.noiseRange)
            let standardize = try parser.standardize(&options)
            self.init(source: .synthetic(synthetic, points: points, noise: noise, classes: classes), standardize: standardize)
            return
        }

        switch kind {
        case "csv":
            let (path, optionText) = try parser.pathAndOptions(rest, usage: "csv:PATH")
            var options = try parser.split(optionText)
            let allowed = ["label-column", "task", "header", "no-header", "standardize", "no-standardize"]
            try parser.rejectUnknown(options, allowed: allowed, context: "csv")
            var csv = CSVOptions()
            csv.labelColumn = try parser.integer(&options, "label-column", in: 1...CSVLoader.maximumColumns)
            if let task = try parser.value(&options, "task") {
                switch task.lowercased() {
                case "regression": csv.regression = true
                case "classification": csv.regression = false
                default:
                    let hint = closestWord(to: task, in: ["classification", "regression"]).map { " (did you mean '\($0)'?)" } ?? ""
                    throw .invalidSpec(spec: spec, message: "task must be classification or regression, not '\(task)'\(hint)")
                }
            }
            let header = try parser.flag(&options, "header")
            let noHeader = try parser.flag(&options, "no-header")
            if header && noHeader { throw .invalidSpec(spec: spec, message: "both 'header' and 'no-header' given") }
            csv.header = header ? .present : noHeader ? .absent : .auto
            let standardize = try parser.standardize(&options)
            self.init(source: .csv(path: path, options: csv), standardize: standardize)
        case "idx":
            let (paths, optionText) = try parser.pathAndOptions(rest, usage: "idx:IMAGES,LABELS")
            guard let comma = paths.firstIndex(of: ",") else {
                throw .invalidSpec(spec: spec, message: "idx needs two files separated by a comma: idx:IMAGES,LABELS")
            }
            let images = String(paths[..<comma]).trimmingBlanks()
            let labels = String(paths[paths.index(after: comma)...]).trimmingBlanks()
            guard !images.isEmpty, !labels.isEmpty else {
                throw .invalidSpec(spec: spec, message: "idx needs two files separated by a comma: idx:IMAGES,LABELS")
            }
            var options = try parser.split(optionText)
            try parser.rejectUnknown(options, allowed: ["standardize", "no-standardize"], context: "idx")
            let standardize = try parser.standardize(&options)
            self.init(source: .idx(images: images, labels: labels), standardize: standardize)
        default:
            if rest == nil && spec.lowercased().hasSuffix(".csv") {
                throw .unknownDataset(name: spec, suggestion: "csv:" + spec)
            }
            throw .unknownDataset(name: kindText,
                                  suggestion: closestWord(to: kindText, in: DatasetSpec.builtInNames + ["csv", "idx"]))
        }
    }
}

/// The option-list half of spec parsing: splitting, typed look-ups, and errors that quote the spec.
private struct OptionParser {
    let spec: String

    /// Option name → value (nil for a bare flag), in the order given.
    typealias Options = [(key: String, value: String?)]

    /// Splits "a=1,b,c=x" into options, refusing empty items and repeated keys.
    func split(_ text: String) throws(DatasetError) -> Options {
        guard !text.trimmingBlanks().isEmpty else { return [] }
        var options: Options = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = String(item).trimmingBlanks()
            guard !item.isEmpty else { throw .invalidSpec(spec: spec, message: "empty option (stray ',')") }
            let key: String, value: String?
            if let equals = item.firstIndex(of: "=") {
                key = String(item[..<equals]).trimmingBlanks().lowercased()
                value = String(item[item.index(after: equals)...]).trimmingBlanks()
            } else {
                key = item.lowercased()
                value = nil
            }
            guard !options.contains(where: { $0.key == key }) else {
                throw .invalidSpec(spec: spec, message: "option '\(key)' given twice")
            }
            options.append((key, value))
        }
        return options
    }

    func rejectUnknown(_ options: Options, allowed: [String], context: String) throws(DatasetError) {
        for (key, _) in options where !allowed.contains(key) {
            let hint = closestWord(to: key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
            let pathHint = context == "csv" || context == "idx"
                ? "; a path containing ':' must be followed by a final ':'" : ""
            throw .invalidSpec(spec: spec, message: "\(context) has no option '\(key)'\(hint); options: \(allowed.joined(separator: ", "))\(pathHint)")
        }
    }

    /// Removes and returns the value of `key`, which must have one.
    func value(_ options: inout Options, _ key: String) throws(DatasetError) -> String? {
        guard let index = options.firstIndex(where: { $0.key == key }) else { return nil }
        let option = options.remove(at: index)
        guard let value = option.value, !value.isEmpty else {
            throw .invalidSpec(spec: spec, message: "option '\(key)' needs a value (\(key)=...)")
        }
        return value
    }

    /// Removes `key` and says whether it was present; it must be a bare flag.
    func flag(_ options: inout Options, _ key: String) throws(DatasetError) -> Bool {
        guard let index = options.firstIndex(where: { $0.key == key }) else { return false }
        guard options.remove(at: index).value == nil else {
            throw .invalidSpec(spec: spec, message: "option '\(key)' takes no value")
        }
        return true
    }

    func integer(_ options: inout Options, _ key: String, in range: ClosedRange<Int>) throws(DatasetError) -> Int? {
        guard let text = try value(&options, key) else { return nil }
        guard let number = Int(text) else {
            throw .invalidSpec(spec: spec, message: "\(key) must be a whole number, not '\(text)'")
        }
        guard range.contains(number) else {
            throw .invalidSpec(spec: spec, message: "\(key) must be between \(range.lowerBound) and \(range.upperBound), not \(number)")
        }
        return number
    }

    func real(_ options: inout Options, _ key: String, in range: ClosedRange<Double>) throws(DatasetError) -> Double? {
        guard let text = try value(&options, key) else { return nil }
        guard let number = Double(text), number.isFinite else {
            throw .invalidSpec(spec: spec, message: "\(key) must be a number, not '\(text)'")
        }
        guard range.contains(number) else {
            throw .invalidSpec(spec: spec, message: "\(key) must be between \(range.lowerBound) and \(range.upperBound), not \(number)")
        }
        return number
    }

    func standardize(_ options: inout Options) throws(DatasetError) -> Bool? {
        let on = try flag(&options, "standardize")
        let off = try flag(&options, "no-standardize")
        if on && off { throw .invalidSpec(spec: spec, message: "both 'standardize' and 'no-standardize' given") }
        return on ? true : off ? false : nil
    }

    /// Splits "PATH[:OPTIONS]": the text after the last ':' is the option list unless it contains '/'.
    func pathAndOptions(_ rest: String?, usage: String) throws(DatasetError) -> (path: String, options: String) {
        guard let rest, !rest.trimmingBlanks().isEmpty else {
            throw .invalidSpec(spec: spec, message: "missing file: expected \(usage)")
        }
        var path = rest, options = ""
        if let colon = rest.lastIndex(of: ":") {
            let tail = rest[rest.index(after: colon)...]
            if !tail.contains("/") {
                path = String(rest[..<colon])
                options = String(tail)
            }
        }
        path = path.trimmingBlanks()
        guard !path.isEmpty else {
            throw .invalidSpec(spec: spec, message: "missing file: expected \(usage)")
        }
        return (path, options)
    }
}
