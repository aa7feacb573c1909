import Testing
@testable import Datasets

@Suite struct CSVLoaderTests {
    @Test func headerAndStringLabels() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("iris.csv", text: """
            sepal,petal,species
            5.1,1.4,setosa
            7.0,4.7,versicolor
            6.3,6.0,virginica
            4.9,1.4,setosa

            """)
        let data = try CSVLoader.load(path: path)
        #expect(data.count == 4 && data.features == 2)
        #expect(data.inputs == [5.1, 1.4, 7.0, 4.7, 6.3, 6.0, 4.9, 1.4])
        #expect(data.task == .classification(labels: [0, 1, 2, 0], classNames: ["setosa", "versicolor", "virginica"]))
        #expect(data.name == "csv:" + path)
    }

    @Test func noHeaderIntegerLabelsSortNumerically() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("n.csv", text: "1,10\n2,9\n3,2\n4,10\n")
        let data = try CSVLoader.load(path: path)
        #expect(data.count == 4 && data.features == 1)
        #expect(data.task == .classification(labels: [2, 1, 0, 2], classNames: ["2", "9", "10"]))
    }

    @Test func chosenLabelColumnAndForcedHeader() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("c.csv", text: "1,a,2\n3,b,4\n5,a,6\n")
        let data = try CSVLoader.load(path: path, options: CSVOptions(labelColumn: 2))
        #expect(data.inputs == [1, 2, 3, 4, 5, 6])
        #expect(data.task == .classification(labels: [0, 1, 0], classNames: ["a", "b"]))
        let headed = try CSVLoader.load(path: path, options: CSVOptions(labelColumn: 2, header: .present))
        #expect(headed.count == 2)
        let message = errorText { try CSVLoader.load(path: path, options: CSVOptions(labelColumn: 4)) }
        #expect(message == "\(path):1: label column 4 does not exist: line 1 has 3 fields")
    }

    @Test func regressionKeepsNumericTarget() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("r.csv", text: "x,y\n0,0.5\n1,1.5\n2,2.5\n")
        let spec = try DatasetSpec(parsing: "csv:\(path):task=regression")
        let data = try spec.make(seed: 0)
        #expect(data.task == .regression(targets: [0.5, 1.5, 2.5], outputs: 1))
        #expect(data.inputs == [0, 1, 2])
        #expect(data.name == spec.description)
    }

    @Test func quotedFieldsAndCRLF() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("q.csv", text: "\u{FEFF}\"a\",\"b\",\"label\"\r\n\"1.5\", 2 ,\"big, \"\"red\"\"\"\r\n3,4,\"two\r\nlines\"\r\n5,6,small\r\n")
        let data = try CSVLoader.load(path: path)
        #expect(data.inputs == [1.5, 2, 3, 4, 5, 6])
        #expect(data.task == .classification(labels: [0, 2, 1], classNames: ["big, \"red\"", "small", "two\r\nlines"]))
        // The quoted line break counts as a line: the bad value after it is on line 4.
        let bad = try dir.write("q2.csv", text: "1,\"x\ny\"\r\n2,b\r\nzz,c\r\n")
        #expect(errorText { try CSVLoader.load(path: bad) } == "\(bad):4:1: 'zz' is not a number")
    }

    @Test func badNumberReportsLineAndColumn() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("bad.csv", text: "a,b,c,label\n1,2,3,x\n\n4,5,abc,y\n")
        #expect(errorText { try CSVLoader.load(path: path) } == "\(path):4:3: 'abc' is not a number")
        let missing = try dir.write("missing.csv", text: "1,2,x\n1,,y\n")
        #expect(errorText { try CSVLoader.load(path: missing) }?.hasPrefix("\(missing):2:2: empty field") == true)
        let infinite = try dir.write("inf.csv", text: "1,2,x\n1,nan,y\n")
        #expect(errorText { try CSVLoader.load(path: infinite) } == "\(infinite):2:2: 'nan' is not a finite number")
    }

    @Test func raggedRow() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("ragged.csv", text: "1,2,3,4,a\n1,2,3,4,b\n1,2,3,4,a\n1,2,3,4,b\n1,2,3,4,a\n1,2,3,4,b\n1,2,a\n")
        #expect(errorText { try CSVLoader.load(path: path) } == "\(path):7: line 7 has 3 fields, expected 5")
    }

    @Test func emptyHeaderOnlyAndSingleClassFiles() throws {
        let dir = try TemporaryDirectory()
        let empty = try dir.write("empty.csv", text: "")
        #expect(errorText { try CSVLoader.load(path: empty) } == "\(empty): file is empty")
        let blank = try dir.write("blank.csv", text: "\n  \r\n\n")
        #expect(errorText { try CSVLoader.load(path: blank) } == "\(blank): file has no data (only blank lines)")
        let headerOnly = try dir.write("header.csv", text: "a,b,label\n")
        #expect(errorText { try CSVLoader.load(path: headerOnly) } == "\(headerOnly): has a header row but no data rows")
        let single = try dir.write("single.csv", text: "1,2,cat\n3,4,cat\n")
        #expect(errorText { try CSVLoader.load(path: single) }?.contains("classification needs at least two classes") == true)
        let oneColumn = try dir.write("one.csv", text: "1\n2\n")
        #expect(errorText { try CSVLoader.load(path: oneColumn) }?.contains("only one column") == true)
        let unclosed = try dir.write("unclosed.csv", text: "1,2,a\n3,\"4,b\n")
        #expect(errorText { try CSVLoader.load(path: unclosed) } == "\(unclosed):2:2: quoted field is never closed (missing '\"')")
        #expect(errorText { try CSVLoader.load(path: dir.url.path + "/nope.csv") }?.contains("cannot open") == true)
        #expect(errorText { try CSVLoader.load(path: dir.url.path) }?.contains("not a regular file") == true)
    }

    @Test func hugeSingleLineStopsAtTheColumnLimit() throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2 * (CSVLoader.maximumColumns + 10))
        for _ in 0..<(CSVLoader.maximumColumns + 10) { bytes.append(UInt8(ascii: "1")); bytes.append(UInt8(ascii: ",")) }
        let message = errorText { try CSVLoader.parse(bytes: bytes, path: "wide.csv") }
        #expect(message == "wide.csv:1: more than \(CSVLoader.maximumColumns) fields on one line (is this really a CSV file?)")
    }
}
