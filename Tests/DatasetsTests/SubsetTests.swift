import Testing
@testable import Datasets

@Suite struct SubsetTests {
    @Test func splitIsSeededDisjointAndComplete() {
        let data = Dataset.xor(points: 100, seed: 1)
        let (train, validation) = data.split(validationFraction: 0.2, seed: 5)
        #expect(validation.count == 20 && train.count == 80)
        #expect(Set(train).isDisjoint(with: validation))
        #expect((train + validation).sorted() == Array(0..<100))
        #expect(train == train.sorted())
        let again = data.split(validationFraction: 0.2, seed: 5)
        #expect(again.train == train && again.validation == validation)
        #expect(data.split(validationFraction: 0.2, seed: 6).validation != validation)
    }

    @Test func splitClampsTheFraction() {
        let data = Dataset.xor(points: 10, seed: 1)
        #expect(data.split(validationFraction: 0, seed: 1).validation.isEmpty)
        #expect(data.split(validationFraction: 2, seed: 1).validation.count == 9)
        #expect(data.split(validationFraction: -1, seed: 1).validation.isEmpty)
        #expect(data.split(validationFraction: .nan, seed: 1).validation.isEmpty)
        let one = Dataset.xor(points: 1, seed: 1)
        #expect(one.split(validationFraction: 0.9, seed: 1).train == [0])
    }

    @Test func subsetKeepsRowsLabelsAndTargets() {
        let data = Dataset.spiral(classes: 3, points: 9, seed: 2)
        let picked = data.subset(rows: [8, 0, 4])
        #expect(picked.count == 3 && picked.features == 2)
        #expect(Array(picked.input(0)) == Array(data.input(8)))
        #expect(Array(picked.input(2)) == Array(data.input(4)))
        #expect(picked.task == .classification(labels: [2, 0, 1], classNames: ["0", "1", "2"]))

        let sine = Dataset.sine(points: 5, seed: 3)
        guard case let .regression(targets, _) = sine.task,
              case let .regression(subsetTargets, outputs) = sine.subset(rows: [3, 1]).task else {
            Issue.record("regression expected"); return
        }
        #expect(outputs == 1 && subsetTargets == [targets[3], targets[1]])
    }

    @Test func statisticsFromChosenRowsStandardize() {
        let data = Dataset(name: "t", count: 4, features: 2, inputs: [1, 5, 3, 5, 5, 5, 100, 7],
                           task: .classification(labels: [0, 1, 0, 1], classNames: ["0", "1"]))
        let stats = FeatureStatistics(of: data, rows: [0, 1, 2])
        #expect(stats.means == [3, 5])
        #expect(abs(stats.standardDeviations[0] - (8.0 / 3).squareRoot()) < 1e-12)
        #expect(stats.standardDeviations[1] == 1) // constant feature
        let standardized = data.standardized(using: stats)
        #expect(abs(standardized.inputs[0] + (1.5).squareRoot()) < 1e-12)
        #expect(standardized.inputs[1] == 0 && standardized.inputs[7] == 2)
        #expect(standardized.task == data.task)
        #expect(stats.original(stats.standardize([100, 7])) == [100, 7])
        let identity = FeatureStatistics(of: data, rows: [])
        #expect(identity.means == [0, 0] && identity.standardDeviations == [1, 1])
    }
}
