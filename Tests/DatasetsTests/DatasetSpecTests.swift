import Testing
@testable import Datasets
import Spelling

@Suite struct DatasetSpecTests {
    @Test(arguments: [
        "spiral", "spiral:classes=5,points=300,noise=0.2", "sine:points=100", "xor:noise=0.5,no-standardize",
        "moons:standardize", "circle:points=7", "gaussian:noise=1e-05",
        "csv:data/iris.csv", "csv:data.csv:label-column=2,no-standardize", "csv:data.csv:task=regression,header",
        "csv:data.csv:no-header", "csv:odd:name.csv:", "csv:odd:name.csv:label-column=1",
        "idx:train-images.gz,train-labels.gz", "idx:a,b:standardize",
    ])
    func descriptionRoundTrips(text: String) throws {
        let spec = try DatasetSpec(parsing: text)
        #expect(spec.description == text)
        #expect(try DatasetSpec(parsing: spec.description) == spec)
    }

    @Test func parsesOptionsIntoTheirMeaning() throws {
        let spiral = try DatasetSpec(parsing: " Spiral:classes=5, points=300 ,noise=0.2 ")
        #expect(spiral.source == .synthetic(.spiral, points: 300, noise: 0.2, classes: 5))
        #expect(spiral.description == "spiral:classes=5,points=300,noise=0.2")
        #expect(!spiral.standardize)

        let csv = try DatasetSpec(parsing: "csv:dir/data.csv:label-column=2,no-standardize,task=regression")
        #expect(csv.source == .csv(path: "dir/data.csv", options: CSVOptions(labelColumn: 2, regression: true)))
        #expect(!csv.standardize)
        #expect(try DatasetSpec(parsing: "csv:data.csv").standardize)
        // The tail after the last ':' holds a '/': it belongs to the path.
        #expect(try DatasetSpec(parsing: "csv:odd:dir/x.csv").source == .csv(path: "odd:dir/x.csv", options: CSVOptions()))

        let idx = try DatasetSpec(parsing: "idx:images.idx,labels.idx")
        #expect(idx.source == .idx(images: "images.idx", labels: "labels.idx"))
        #expect(DatasetSpec.builtInNames == ["spiral", "xor", "circle", "gaussian", "moons", "sine", "plane", "gaussians"])
    }

    @Test func makeGeneratesWithTheSeedAndRecordsTheSpec() throws {
        let spec = try DatasetSpec(parsing: "spiral:classes=4,points=40")
        let a = try spec.make(seed: 1)
        #expect(a.count == 40 && a.outputs == 4 && a.name == "spiral:classes=4,points=40")
        #expect(try spec.make(seed: 1) == a)
        #expect(try spec.make(seed: 2).inputs != a.inputs)
        let sine = try DatasetSpec(parsing: "sine:points=100").make(seed: 3)
        #expect(sine.count == 100 && !sine.isClassification)
        #expect(try DatasetSpec(parsing: "spiral").make(seed: 9).count == 300)
    }

    @Test func unknownNamesSuggestTheClosest() {
        #expect(errorText { try DatasetSpec(parsing: "sprial") }?.contains("did you mean 'spiral'?") == true)
        #expect(errorText { try DatasetSpec(parsing: "moon:points=3") }?.contains("did you mean 'moons'?") == true)
        #expect(errorText { try DatasetSpec(parsing: "cvs:data.csv") }?.contains("did you mean 'csv'?") == true)
        #expect(errorText { try DatasetSpec(parsing: "data.csv") }?.contains("did you mean 'csv:data.csv'?") == true)
        let far = errorText { try DatasetSpec(parsing: "imagenet") }
        #expect(far?.contains("unknown dataset 'imagenet'") == true)
        #expect(far?.contains("did you mean") == false)
        #expect(throws: DatasetError.unknownDataset(name: "sprial", suggestion: "spiral")) {
            try DatasetSpec(parsing: "sprial")
        }
    }

    @Test func badOptionsAreExplained() {
        let cases: [(String, String)] = [
            ("spiral:pionts=3", "spiral has no option 'pionts' (did you mean 'points'?)"),
            ("xor:classes=3", "xor has no option 'classes'"),
            ("spiral:points=0", "points must be between 1 and 1000000, not 0"),
            ("spiral:points=abc", "points must be a whole number, not 'abc'"),
            ("spiral:noise=-1", "noise must be between 0.0 and 10.0"),
            ("spiral:noise=nan", "noise must be a number, not 'nan'"),
            ("spiral:classes=1", "classes must be between 2 and 100"),
            ("spiral:points=3,points=4", "option 'points' given twice"),
            ("spiral:points", "option 'points' needs a value"),
            ("spiral:points=3,,noise=1", "empty option"),
            ("csv:", "missing file: expected csv:PATH"),
            ("csv:data.csv:label-colum=2", "did you mean 'label-column'?"),
            ("csv:data.csv:task=regresion", "did you mean 'regression'?"),
            ("csv:data.csv:header=yes", "option 'header' takes no value"),
            ("csv:data.csv:header,no-header", "both 'header' and 'no-header' given"),
            ("csv:data.csv:standardize,no-standardize", "both 'standardize' and 'no-standardize' given"),
            ("idx:only-images", "idx needs two files"),
            ("idx:a,b:points=3", "idx has no option 'points'"),
            ("", "empty"),
        ]
        for (text, expected) in cases {
            let message = errorText { try DatasetSpec(parsing: text) }
            #expect(message?.contains(expected) == true, "\(text): \(message ?? "no error")")
        }
    }

    @Test func levenshteinDistance() {
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("", "abc") == 3)
        #expect(editDistance("spiral", "spiral") == 0)
        #expect(editDistance("cvs", "csv") == 1)
        #expect(editDistance("ab", "ba") == 1)
        #expect(closestWord(to: "gausian", in: DatasetSpec.builtInNames) == "gaussian")
        #expect(closestWord(to: "zzzzzz", in: DatasetSpec.builtInNames) == nil)
        #expect(closestWord(to: "gau", in: DatasetSpec.builtInNames) == "gaussian")
    }
}
