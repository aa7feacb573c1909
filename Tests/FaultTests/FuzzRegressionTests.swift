import Foundation
import Testing
import Autodiff
import Commands
import Datasets
import JSON
import Sessions
import WeightExchange
import WeightFiles

/// Every input committed under Regressions/ (reproducers of fuzzer findings and hostile seeds),
/// named TARGET-NAME, replayed through the code its fuzz target feeds (Fuzz/Sources/NNScopeFuzz/Targets.swift):
/// each must give a value or a clear error.
@Suite struct FuzzRegressionTests {
    static let folder = Faults.packageRoot + "/Tests/FaultTests/Regressions"
    static let inputs: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()

    @Test func thereAreRegressionInputs() { #expect(FuzzRegressionTests.inputs.count >= 6) }

    @Test(arguments: inputs)
    func aRegressionInputGivesAValueOrAClearError(name: String) throws {
        let input = bytes(of: FuzzRegressionTests.folder + "/" + name)
        let target = String(name.prefix { $0 != "-" })
        var message: String?
        switch target {
        case "session":
            do { _ = try SessionReader.read(bytes: input, name: name, maximumLineLength: 1 << 16) } catch { message = "\(error)" }
        case "command":
            do { _ = try CommandParser.parse(String(decoding: input, as: UTF8.self)) } catch { message = "\(error)" }
        case "expression":
            do { _ = try Expression(parsing: String(decoding: input, as: UTF8.self)) } catch { message = error.description }
        case "csv":
            do { _ = try CSVLoader.parse(bytes: input, path: name) } catch { message = "\(error)" }
        case "idx":
            let folder = temporaryFolder("idx-regression")
            let cut = min(input.count - 1, Int(input.first ?? 0) * 4)
            try write(Array(input.dropFirst().prefix(cut)), to: folder + "/images.idx")
            try write(Array(input.dropFirst().dropFirst(cut)), to: folder + "/labels.idx")
            do { _ = try IDXLoader.load(images: folder + "/images.idx", labels: folder + "/labels.idx") } catch { message = "\(error)" }
        case "json":
            do { _ = try JSONParser().parse(input) } catch { message = error.description }
        case "safetensors", "npz":
            do {
                let archive = try (target == "npz" ? WeightFileFormat.npz : .safetensors).decode(input, name: name)
                _ = try NetworkWeights(archive: archive, name: name)
            } catch { message = "\(error)" }
        default:
            Issue.record("\(name): unknown target \(target) (session, command, expression, csv, idx, json, safetensors, npz)")
        }
        if let message { #expect(!message.isEmpty, "\(name): an error without a message") }
    }
}
