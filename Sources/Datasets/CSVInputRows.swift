extension CSVLoader {
    /// The first `columns` numbers of every row of a CSV file of raw inputs (`nnscope predict
    /// --input`): rows hold `columns` numbers, or one more field (a label, ignored) after them; a
    /// first row whose first `columns` fields are not all numbers is a header. Row-major.
    public static func inputRows(bytes: [UInt8], path: String, columns: Int) throws(DatasetError) -> (values: [Double], rows: Int) {
        var reader = CSVRecordReader(path: path, bytes: bytes, maximumFields: maximumColumns)
        var fields: [CSVRecordReader.Field] = []
        var values: [Double] = []
        var rows = 0
        var first = true
        while let line = try reader.nextRecord(into: &fields) {
            let numbers = fields.prefix(columns).map { reader.number(in: $0) }
            if first && fields.count >= columns && numbers.contains(where: { $0 == nil }) {
                first = false
                continue
            }
            first = false
            guard fields.count == columns || fields.count == columns + 1 else {
                throw .csv(path: path, line: line, column: nil,
                           message: "line \(line) has \(fields.count) field\(fields.count == 1 ? "" : "s"), expected \(columns) input\(columns == 1 ? "" : "s") (and optionally a label after them)")
            }
            for (i, n) in numbers.enumerated() {
                guard let n else {
                    throw .csv(path: path, line: line, column: i + 1, message: "'\(reader.text(of: fields[i]))' is not a number")
                }
                values.append(n)
            }
            guard values.count <= maximumValues else { throw .csv(path: path, line: line, column: nil, message: "too much data: more than \(maximumValues) values") }
            rows += 1
        }
        return (values, rows)
    }
}
