/// How to read a CSV file (see `CSVLoader`).
public struct CSVOptions: Sendable, Equatable {
    /// Whether the first row holds column names.
    public enum Header: String, Sendable, Equatable {
        /// A header when some feature field of the first row is not a number.
        case auto
        case present
        case absent
    }

    /// The label (or target) column, 1-based; nil = the last column.
    public var labelColumn: Int?
    /// Keep the label column as a numeric regression target instead of class names.
    public var regression: Bool
    public var header: Header

    public init(labelColumn: Int? = nil, regression: Bool = false, header: Header = .auto) {
        self.labelColumn = labelColumn
        self.regression = regression
        self.header = header
    }
}

/// Loads numeric CSV files: every column but one is a feature (a number), one column is the label.
///
/// Classification labels may be any text or numbers; the sorted unique labels become the classes
/// (numerically sorted when they are all numbers, so "10" follows "9"), and their text the class
/// names. With `regression` the label column must be numeric and becomes a one-output target.
/// Inputs are not standardised here (the trainer does it with the training split's statistics).
public enum CSVLoader {
    /// The most columns a row may have (rows are counted as they are read, so a huge line stops early).
    public static let maximumColumns = 100_000

    /// The most input values a loaded dataset may hold (2^28 doubles, 2 GiB).
    public static let maximumValues = 1 << 28

    /// Reads and parses the CSV file at `path` (files over 2 GiB are refused before reading).
    public static func load(path: String, options: CSVOptions = CSVOptions()) throws(DatasetError) -> Dataset {
        let file = try InputFile(path: path)
        let bytes = try file.readAll()
        return try parse(bytes: bytes, path: path, options: options)
    }

    /// Parses CSV `bytes`; `path` names the data in messages and in the dataset name.
    public static func parse(bytes: [UInt8], path: String, options: CSVOptions = CSVOptions()) throws(DatasetError) -> Dataset {
        var reader = CSVRecordReader(path: path, bytes: bytes, maximumFields: maximumColumns)
        var fields: [CSVRecordReader.Field] = []
        guard let firstLine = try reader.nextRecord(into: &fields) else {
            throw .file(path: path, message: bytes.isEmpty ? "file is empty" : "file has no data (only blank lines)")
        }
        let columns = fields.count
        guard columns >= 2 else {
            throw .csv(path: path, line: firstLine, column: nil,
                       message: "only one column: a CSV dataset needs feature columns and a label column")
        }
        let labelIndex: Int
        if let chosen = options.labelColumn {
            guard chosen >= 1 && chosen <= columns else {
                throw .csv(path: path, line: firstLine, column: nil,
                           message: "label column \(chosen) does not exist: line \(firstLine) has \(columns) fields")
            }
            labelIndex = chosen - 1
        } else {
            labelIndex = columns - 1
        }

        let firstRowIsHeader: Bool
        switch options.header {
        case .present: firstRowIsHeader = true
        case .absent: firstRowIsHeader = false
        case .auto:
            firstRowIsHeader = fields.indices.contains { index in
                (index != labelIndex || options.regression) && reader.number(in: fields[index]) == nil
            }
        }

        var table = Table(path: path, columns: columns, labelIndex: labelIndex, regression: options.regression)
        var line: Int? = firstLine
        if firstRowIsHeader { line = try reader.nextRecord(into: &fields) }
        while let recordLine = line {
            try table.append(fields, line: recordLine, reader: reader)
            line = try reader.nextRecord(into: &fields)
        }
        return try table.dataset(headerOnly: firstRowIsHeader)
    }

    /// Rows accumulated while reading.
    private struct Table {
        let path: String
        let columns: Int
        let labelIndex: Int
        let regression: Bool
        var count = 0
        var inputs: [Double] = []
        var targets: [Double] = []
        /// Provisional class ids, in order of first appearance.
        var labelIDs: [Int] = []
        var labelIDByText: [String: Int] = [:]
        var labelTexts: [String] = []

        init(path: String, columns: Int, labelIndex: Int, regression: Bool) {
            self.path = path
            self.columns = columns
            self.labelIndex = labelIndex
            self.regression = regression
        }

        mutating func append(_ fields: [CSVRecordReader.Field], line: Int, reader: CSVRecordReader) throws(DatasetError) {
            guard fields.count == columns else {
                throw .csv(path: path, line: line, column: nil,
                           message: "line \(line) has \(fields.count) field\(fields.count == 1 ? "" : "s"), expected \(columns)")
            }
            guard (count + 1) * (columns - 1) <= CSVLoader.maximumValues else {
                throw .csv(path: path, line: line, column: nil,
                           message: "too much data: more than \(CSVLoader.maximumValues) values")
            }
            for (index, field) in fields.enumerated() where index != labelIndex {
                inputs.append(try number(field, line: line, column: index + 1, reader: reader))
            }
            let label = fields[labelIndex]
            if regression {
                targets.append(try number(label, line: line, column: labelIndex + 1, reader: reader))
            } else {
                let text = reader.text(of: label).trimmingBlanks()
                guard !text.isEmpty else {
                    throw .csv(path: path, line: line, column: labelIndex + 1, message: "empty label")
                }
                if let id = labelIDByText[text] {
                    labelIDs.append(id)
                } else {
                    labelIDByText[text] = labelTexts.count
                    labelIDs.append(labelTexts.count)
                    labelTexts.append(text)
                }
            }
            count += 1
        }

        private func number(_ field: CSVRecordReader.Field, line: Int, column: Int,
                            reader: CSVRecordReader) throws(DatasetError) -> Double {
            if let value = reader.number(in: field) { return value }
            let text = reader.text(of: field).trimmingBlanks()
            let message: String
            if text.isEmpty {
                message = "empty field: a number is expected (missing values are not supported)"
            } else if let value = Double(text), !value.isFinite {
                message = "'\(text)' is not a finite number"
            } else {
                message = "'\(text.abbreviated)' is not a number"
            }
            throw .csv(path: path, line: line, column: column, message: message)
        }

        func dataset(headerOnly: Bool) throws(DatasetError) -> Dataset {
            guard count > 0 else {
                throw .file(path: path, message: headerOnly ? "has a header row but no data rows" : "no data rows")
            }
            let name = "csv:" + path
            if regression {
                return Dataset(name: name, count: count, features: columns - 1, inputs: inputs,
                               task: .regression(targets: targets, outputs: 1))
            }
            guard labelTexts.count >= 2 else {
                throw .file(path: path, message: "every row has the label '\(labelTexts[0].abbreviated)' (column \(labelIndex + 1)): "
                            + "classification needs at least two classes (use task=regression for a numeric target)")
            }
            let order = CSVLoader.sortedLabelOrder(labelTexts)
            var classOfID = [Int](repeating: 0, count: labelTexts.count)
            for (classIndex, id) in order.enumerated() { classOfID[id] = classIndex }
            return Dataset(name: name, count: count, features: columns - 1, inputs: inputs,
                           task: .classification(labels: labelIDs.map { classOfID[$0] },
                                                 classNames: order.map { labelTexts[$0] }))
        }
    }

    /// Indices of `labels` in class order: numeric order when every label is a number, else text order.
    static func sortedLabelOrder(_ labels: [String]) -> [Int] {
        let numbers = labels.map { Double($0) }
        if numbers.allSatisfy({ $0 != nil && $0!.isFinite }) {
            return labels.indices.sorted { a, b in
                numbers[a]! != numbers[b]! ? numbers[a]! < numbers[b]! : labels[a] < labels[b]
            }
        }
        return labels.indices.sorted { labels[$0] < labels[$1] }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingBlanks() -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }

    /// At most 40 characters, for messages.
    var abbreviated: String { count > 40 ? String(prefix(40)) + "…" : self }
}
