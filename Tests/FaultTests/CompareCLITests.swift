import Foundation
import Testing

/// `nnscope train --compare KEY=VALUE`: both runs' lines, run A bit-identical to a plain run,
/// each run's session file verifying on its own.
@Suite("train --compare")
struct CompareCLITests {
    static let deep = ["train", "--layers", "8,8,8,8", "--activation", "logistic", "--epochs", "4"]

    @Test("--jsonl: each object names its run; run A's objects are bit-identical to train without --compare")
    func jsonlBitIdentity() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let plain = try run(binary, Self.deep + ["--jsonl"])
        let compared = try run(binary, Self.deep + ["--jsonl", "--compare", "activation=relu"])
        #expect(plain.status == 0 && compared.status == 0, "\(compared.errors)")
        let lines = compared.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 8)
        let a = lines.filter { $0.hasPrefix(#"{"run":"A","#) }, b = lines.filter { $0.hasPrefix(#"{"run":"B","#) }
        #expect(a.count == 4 && b.count == 4)
        // Lock-step: A and B alternate, epoch for epoch.
        #expect(lines.enumerated().allSatisfy { $0.element.hasPrefix($0.offset % 2 == 0 ? #"{"run":"A""# : #"{"run":"B""#) })
        let stripped = a.map { "{" + $0.dropFirst(#"{"run":"A","#.count) }
        #expect(stripped == plain.output.split(separator: "\n").map(String.init))
        #expect(b.map { "{" + $0.dropFirst(#"{"run":"B","#.count) } != stripped)
    }

    @Test("text output: both headers say what differs and where B's weights came from; lines carry A and B")
    func textOutput() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let out = try run(binary, Self.deep + ["--compare", "activation=relu"])
        #expect(out.status == 0, "\(out.errors)")
        #expect(out.output.contains("nnscope train: run A: spiral, network 2-8-8-8-8-3, logistic"))
        #expect(out.output.contains("nnscope train: run B: activation relu (A: logistic); initial weights copied from run A"))
        #expect(out.output.contains("\nA epoch 4  loss ") && out.output.contains("\nB epoch 4  loss "))
        let wide = try run(binary, Self.deep + ["--compare", "layers=8,16,8,8"])
        #expect(wide.output.contains("own initial weights (layer 2 is 8x8 in A, 8x16 in B)"), "\(wide.output)")
    }

    @Test("bad --compare input says why, with usage status 64, and trains nothing")
    func badInput() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let unknown = try run(binary, Self.deep + ["--compare", "colour=red"])
        #expect(unknown.status == 64 && unknown.errors.contains("--compare colour=red: unknown setting 'colour'"))
        let value = try run(binary, Self.deep + ["--compare", "activation=sigmoidish"])
        #expect(value.status == 64 && value.errors.contains("--compare activation=sigmoidish: compare activation:"), "\(value.errors)")
        let same = try run(binary, Self.deep + ["--compare", "activation=logistic"])
        #expect(same.status == 64 && same.errors.contains("nothing would differ"))
        let shape = try run(binary, Self.deep + ["--compare", "lr"])
        #expect(shape.status == 64 && shape.errors.contains("--compare expects KEY=VALUE"))
        #expect(unknown.output.isEmpty && value.output.isEmpty && same.output.isEmpty && shape.output.isEmpty)
    }

    @Test("--record writes FILE and FILE-B.jsonl linked by one id; each verifies alone, B from A's copied weights")
    func recordingVerifiesAlone() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let folder = temporaryFolder("compare")
        let recorded = try run(binary, Self.deep + ["--compare", "activation=relu", "--record", "deep.jsonl", "--checkpoint-every", "2"], in: folder)
        #expect(recorded.status == 0, "\(recorded.errors)")
        let headerA = try String(contentsOfFile: folder + "/deep.jsonl", encoding: .utf8).prefix { $0 != "\n" }
        let headerB = try String(contentsOfFile: folder + "/deep-B.jsonl", encoding: .utf8).prefix { $0 != "\n" }
        func id(_ header: Substring) -> String? {
            header.range(of: #""compare":{"id":""#).map { String(header[$0.upperBound...].prefix(32)) }
        }
        #expect(id(headerA) != nil && id(headerA) == id(headerB))
        #expect(headerA.contains(#""run":"A","partner":"deep-B.jsonl","differs":"activation relu","weights":"own"}"#))
        #expect(headerB.contains(#""run":"B","partner":"deep.jsonl","differs":"activation relu","weights":"copied"}"#))
        let verifyA = try run(binary, ["replay", "--verify", folder + "/deep.jsonl"])
        #expect(verifyA.status == 0 && verifyA.output.contains("ok: 4 epochs reproduced bit for bit"), "\(verifyA.output)")
        let verifyB = try run(binary, ["replay", "--verify", folder + "/deep-B.jsonl"])
        #expect(verifyB.status == 0 && verifyB.output.contains("ok: 4 epochs reproduced bit for bit"), "\(verifyB.output)")
        #expect(verifyB.output.contains("started from the initial weights copied from run A"))
        // A plain run's file is unchanged in substance: A's epochs equal a plain recording's.
        let plain = try run(binary, Self.deep + ["--record", "plain.jsonl"], in: folder)
        #expect(plain.status == 0)
        func epochs(_ path: String) throws -> [Substring] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix(#"{"type":"epoch""#) }
        }
        #expect(try epochs(folder + "/deep.jsonl") == epochs(folder + "/plain.jsonl"))
    }

    @Test("a B file whose copied initial weights were tampered with fails verification")
    func tamperedInitialWeights() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let folder = temporaryFolder("compare")
        let recorded = try run(binary, Self.deep + ["--compare", "activation=relu", "--record", "run.jsonl"], in: folder)
        #expect(recorded.status == 0)
        // Drop B's initial checkpoint: the replay then starts from B's own (He) weights and differs.
        let lines = try String(contentsOfFile: folder + "/run-B.jsonl", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.enumerated().filter { $0.offset != 1 }.map(\.element).joined(separator: "\n")
        try kept.write(toFile: folder + "/cut.jsonl", atomically: true, encoding: .utf8)
        let verify = try run(binary, ["replay", "--verify", folder + "/cut.jsonl"])
        #expect(verify.status == 1 && verify.output.contains("MISMATCH"), "\(verify.output)")
    }

    @Test("replay A B --summary: settings that differ, final and best values and gradient norms taken from the files' own epochs")
    func comparisonTable() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let folder = temporaryFolder("compare")
        let recorded = try run(binary, Self.deep + ["--compare", "activation=relu", "--record", "t.jsonl", "--jsonl"], in: folder)
        #expect(recorded.status == 0, "\(recorded.errors)")
        let table = try run(binary, ["replay", "t.jsonl", "t-B.jsonl", "--summary", "--at", "1,4"], in: folder)
        #expect(table.status == 0, "\(table.errors)")
        #expect(table.output.contains("  activation: A logistic, B relu\n"))
        #expect(table.output.contains("B's initial weights were copied from A"))
        // The printed numbers are the --jsonl stream's own (shortest round-trip) digits.
        func field(_ name: String, run: String, epoch: Int) -> String? {
            let line = recorded.output.split(separator: "\n").first { $0.hasPrefix("{\"run\":\"\(run)\",\"epoch\":\(epoch),") }
            guard let line, let r = line.range(of: "\"\(name)\":") else { return nil }
            return String(line[r.upperBound...].prefix { $0 != "," && $0 != "}" })
        }
        let rows = table.output.split(separator: "\n").map(String.init)
        func row(_ label: String) -> [String] {
            (rows.first { $0.hasPrefix(label + "  ") } ?? "").dropFirst(label.count).split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        }
        #expect(row("final val loss") == [field("val_loss", run: "A", epoch: 4), field("val_loss", run: "B", epoch: 4)].compactMap { $0 })
        #expect(row("epochs") == ["4", "4"])
        let gradA = try #require(field("grad_norm", run: "A", epoch: 1))
        #expect(row("grad norm layer 1, epoch 1").first == gradA)
        #expect(rows.contains { $0.hasPrefix("grad norm layer 5, epoch 4") })
        #expect(!rows.contains { $0.hasPrefix("grad norm layer 1, epoch 2") })
        let verify = try run(binary, ["replay", "--verify", "t.jsonl", "t-B.jsonl"], in: folder)
        #expect(verify.status == 0 && verify.output.components(separatedBy: "ok: 4 epochs").count == 3, "\(verify.output)")
        let different = try run(binary, ["replay", folder + "/t.jsonl", Faults.packageRoot + "/sessions/xor-minimal.jsonl", "--summary"])
        #expect(different.status == 0 && different.output.contains("note: the sessions train on different datasets (spiral and xor)"), "\(different.errors)")
        let three = try run(binary, ["replay", "t.jsonl", "t.jsonl", "t.jsonl"], in: folder)
        #expect(three.status == 64 && three.errors.contains("give one session file, or two to compare (got 3)"))
        // Without a terminal the side-by-side screen cannot open: it says so (exit 2); --at asks for the table.
        let screen = try run(binary, ["replay", "t.jsonl", "t-B.jsonl"], in: folder)
        #expect(screen.status == 2 && screen.errors.contains("cannot open the side-by-side replay") && screen.errors.contains("--summary"),
                "\(screen.status) \(screen.errors)")
        let at = try run(binary, ["replay", "t.jsonl", "t-B.jsonl", "--at", "2"], in: folder)
        #expect(at.status == 0 && at.output.contains("grad norm layer 1, epoch 2"), "\(at.errors)")
    }
}
