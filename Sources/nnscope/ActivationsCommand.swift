import Activations
import ArgumentParser
import Foundation

struct ActivationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activations",
        abstract: "Print activation functions and their derivatives, as a CSV table or a summary."
    )

    @Flag(help: "Print a CSV table: activation,x,value,derivative.")
    var csv = false

    @Option(parsing: .number, help: "First x of the grid.")
    var from: Double = -6

    @Option(parsing: .number, help: "Last x of the grid (inclusive).")
    var to: Double = 6

    @Option(parsing: .number, help: "Number of grid points (at least 2).")
    var points: Int = 241

    @Option(help: "Comma-separated activation names (default: all). Parameters as name:value, e.g. elu:0.5.")
    var only: String?

    func validate() throws {
        guard from.isFinite, to.isFinite else { throw ValidationError("--from and --to must be finite numbers") }
        guard from < to else { throw ValidationError("--from (\(from)) must be less than --to (\(to))") }
        guard (2...10_000_000).contains(points) else { throw ValidationError("--points must be between 2 and 10000000, got \(points)") }
        _ = try selected()
    }

    func selected() throws -> [Activation] {
        guard let only else { return ActivationKind.allCases.map { Activation($0) } }
        return try only.split(separator: ",").map { name in
            do { return try Activation(parsing: String(name).trimmingCharacters(in: .whitespaces)) } catch {
                throw ValidationError("--only: \(error)")
            }
        }
    }

    func run() throws {
        let functions = try selected()
        if csv {
            var out = "activation,x,value,derivative\n"
            for f in functions {
                for i in 0..<points {
                    let x = i == points - 1 ? to : from + (to - from) * Double(i) / Double(points - 1)
                    out += "\(f.kind.rawValue),\(x),\(f.value(x)),\(f.derivative(x))\n"
                    if out.utf8.count > 1 << 16 { print(out, terminator: ""); out = "" }
                }
            }
            print(out, terminator: "")
        } else {
            for f in functions {
                let p = f.kind.properties
                print("\(f)")
                print("  f(x)  = \(f.formula)")
                print("  f'(x) = \(p.derivativeFormula)")
                print("  range: \(p.range)   zero-centred: \(yesNo(p.zeroCentred))   saturating: \(yesNo(p.saturating))   can die: \(yesNo(p.canDie))")
                print("")
            }
            print("maxout (k linear pieces, default k = 2) is a layer kind: see `nnscope train --help`.")
        }
    }

    private func yesNo(_ b: Bool) -> String { b ? "yes" : "no" }
}
