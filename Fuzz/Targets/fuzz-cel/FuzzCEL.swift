import CEL

/// An environment with a few variables, so checks and lookups on them run too.
let environment: CELEnvironment = {
    var env = CELEnvironment()
    for name in ["x", "s", "l", "m"] { env.declare(name) }
    env.costLimit = 100_000
    return env
}()

let bindings: [String: CELValue] = [
    "x": .int(42), "s": .string("héllo"), "l": .list(CELList([.int(1), .string("a"), .null])),
]

/// libFuzzer entry for the expression language: lexer, parser, checker,
/// evaluator (with a small cost budget) and literal output.
func fuzzCEL(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let source = String(decoding: bytes, as: UTF8.self)
    guard let program = try? CELProgram(compiling: source, environment: environment) else { return 0 }
    if let value = try? program.evaluate(bindings) { _ = value.literal }
    return 0
}
