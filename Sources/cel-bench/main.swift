// Micro-benchmark for the CEL engine: mean evaluation time of compiled
// programs over host objects. Build in release mode:
//   swift build -c release --product cel-bench && .build/release/cel-bench
import CEL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

final class BenchConnection: CELObject {
    let status: String
    let app: String
    init(status: String, app: String) {
        self.status = status
        self.app = app
    }
    var celTypeName: String { "bench.Connection" }
    var fieldNames: [String] { ["status", "app"] }
    func field(_ name: String) -> CELValue? {
        switch name {
        case "status": return .string(status)
        case "app": return .string(app)
        default: return nil
        }
    }
}

final class BenchSteps: CELListProtocol {
    let items: [CELValue]
    init(_ items: [CELValue]) { self.items = items }
    var count: Int { items.count }
    subscript(index: Int) -> CELValue { items[index] }
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Mean nanoseconds per evaluation (best of 5 rounds).
func measure(_ name: String, _ program: CELProgram, _ bindings: [CELValue], iterations: Int) -> Double {
    var best = Double.infinity
    var sink = 0
    for _ in 0..<5 {
        let start = now()
        for _ in 0..<iterations {
            if case .bool(true) = (try? program.evaluate(positional: bindings)) ?? .null { sink &+= 1 }
        }
        best = min(best, (now() - start) / Double(iterations) * 1e9)
    }
    print("\(name): \(String(format: "%.0f", best)) ns/eval (\(sink > 0 ? "true" : "false"))")
    return best
}

var env = CELEnvironment()
env.declare("conn")
env.declare("steps")
let apps = ["slack", "gmail", "jira", "github", "notion"]
let steps: [CELValue] = (0..<50).map { .object(BenchConnection(status: "active", app: apps[$0 % apps.count])) }
let bindings: [CELValue] = [
    .object(BenchConnection(status: "active", app: "slack")),
    .list(CELList(host: BenchSteps(steps))),
]

do {
    let field = try CELProgram(compiling: #"conn.status == "active""#, environment: env)
    let filter = try CELProgram(compiling: #"steps.filter(s, s.app == "slack").size() > 2"#, environment: env)
    let byName = try CELProgram(compiling: #"conn.status == "active""#, environment: env)
    let a = measure("field comparison (positional)", field, bindings, iterations: 1_000_000)
    var best = Double.infinity
    let named: [String: CELValue] = ["conn": bindings[0], "steps": bindings[1]]
    for _ in 0..<5 {
        let start = now()
        for _ in 0..<1_000_000 { _ = try? byName.evaluate(named) }
        best = min(best, (now() - start) / 1_000_000 * 1e9)
    }
    print("field comparison (named bindings): \(String(format: "%.0f", best)) ns/eval")
    let b = measure("filter over 50 host objects", filter, bindings, iterations: 100_000)
    print(a < 1000 && b < 20000 ? "targets met (< 1 µs, < 20 µs)" : "TARGETS MISSED")
} catch {
    print("compile error: \(error)")
    exit(1)
}
