@testable import NeuralNetwork
import Testing

@Suite("nnscope data: the dataset as the network is fed it")
struct DataTableTests {
    private func rows(_ csv: String) -> [[Substring]] {
        csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    }

    @Test("the input columns and the split column are exactly the trainer's training and validation matrices",
          arguments: ["x1,x2", "x1^2,x2^2,x1*x2,sin(x1),cos(x2)"])
    func matchesTrainer(features: String) throws {
        var c = TrainingConfiguration()
        try c.set("dataset", "moons")
        try c.set("noise", "0.2")
        try c.set("data-seed", "9")
        try c.set("features", features)
        try c.set("val", "0.3")
        try c.set("seed", "4")
        let trainer = try Trainer<Float>(configuration: c)
        let csv = trainer.dataTable(raw: false)
        #expect(csv.hasPrefix(features + ",target,split\n"))
        let table = rows(csv)
        #expect(table.count == trainer.dataset.count)
        let train = table.filter { $0.last == "train" }, validation = table.filter { $0.last == "val" }
        #expect(train.count == trainer.trainCount && validation.count == trainer.validationCount)
        let width = trainer.trainX.columns
        for (i, row) in train.enumerated() {
            for j in 0..<width { #expect(Float(String(row[j])) == trainer.trainX[i, j]) }
            #expect(Int32(String(row[width])) == trainer.trainLabels[i])
        }
        for (i, row) in validation.enumerated() {
            for j in 0..<width { #expect(Float(String(row[j])) == trainer.data.validationX[i, j]) }
        }
    }

    @Test("--raw prints the generated points and class names, untransformed")
    func raw() throws {
        var c = TrainingConfiguration()
        try c.set("dataset", "xor")
        try c.set("features", "x1^2")
        let trainer = try Trainer<Float>(configuration: c)
        let table = rows(trainer.dataTable(raw: true))
        for (i, row) in table.enumerated() {
            #expect(Double(String(row[0])) == trainer.dataset.inputs[2 * i])
            #expect(Double(String(row[1])) == trainer.dataset.inputs[2 * i + 1])
        }
    }

    @Test("regression: the target column is the (noisy) target")
    func regression() throws {
        var c = TrainingConfiguration()
        try c.set("dataset", "sine")
        let trainer = try Trainer<Float>(configuration: c)
        let csv = trainer.dataTable(raw: false)
        #expect(csv.hasPrefix("x,target,split\n"))
        let table = rows(csv)
        let train = table.filter { $0.last == "train" }
        for (i, row) in train.enumerated() { #expect(Float(String(row[1])) == trainer.trainTargets?[i, 0]) }
    }
}
