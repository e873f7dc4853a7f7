// wmbench: the benchmark companion of wmdoctor.
//   wmbench generate --mb N [--seed S] [--shape wide|dense] OUT
//                                             writes a synthetic export of about N MB
//   wmbench scan FILE...                      bare libyaml event scan (the floor)
//   wmbench load FILE...                      wmdoctor's loader alone (events → model)
//   wmbench json IN.yaml OUT.json             the export as one line of JSON
// Timing and peak memory are measured from outside (Benchmarks/run.sh).
import CYAML
import Foundation
import WMDoctorKit

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("wmbench: \(message)\n".utf8))
    exit(2)
}

var args = Array(CommandLine.arguments.dropFirst())
guard let command = args.first else { fail("usage: wmbench generate|scan|load|json ...") }
args.removeFirst()

switch command {
case "generate":
    var mb = 1.0
    var seed: UInt64 = 42
    var shape = Generator.Shape.wide
    var out: String?
    var i = 0
    while i < args.count {
        switch args[i] {
        case "--mb":
            i += 1
            guard i < args.count, let v = Double(args[i]), v > 0 else { fail("--mb needs a positive number") }
            mb = v
        case "--seed":
            i += 1
            guard i < args.count, let v = UInt64(args[i]) else { fail("--seed needs a number") }
            seed = v
        case "--shape":
            i += 1
            guard i < args.count, let v = Generator.Shape(rawValue: args[i]) else {
                fail("--shape needs one of: \(Generator.Shape.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            shape = v
        case "-h", "--help":
            print("usage: wmbench generate --mb N [--seed S] [--shape wide|dense] OUT")
            exit(0)
        case let flag where flag.hasPrefix("-"):
            // Never taken for the output file's name.
            fail("unknown option \(flag); usage: wmbench generate --mb N [--seed S] [--shape wide|dense] OUT")
        default: out = args[i]
        }
        i += 1
    }
    guard let out else { fail("generate needs an output file") }
    do {
        var generator = Generator(seed: seed, shape: shape)
        let stats = try generator.write(megabytes: mb, to: out)
        print("wrote \(out): \(stats.bytes) bytes, \(stats.connections) connections, \(stats.workflows) workflows, \(stats.steps) steps")
    } catch {
        fail("cannot write \(out): \(error)")
    }
case "scan":
    for path in args {
        guard let file = fopen(path, "rb") else { fail("cannot read \(path)") }
        let events = bareScan(file)
        fclose(file)
        print("\(path): \(events) events")
    }
case "load":
    // As every wmdoctor command has it (AnalysisSession), so the load's memory compares.
    MemoryPolicy.apply()
    let loader = FileLoader()
    for path in args {
        let file = loader.load(path: path)
        if let e = file.error { fail("\(e.location): \(e.message)") }
        let connections = file.documents.reduce(0) { $0 + $1.connections.count }
        let workflows = file.documents.reduce(0) { $0 + $1.workflows.count }
        print("\(path): \(connections) connections, \(workflows) workflows, \(file.findings.count) findings")
    }
case "json":
    guard args.count == 2 else { fail("usage: wmbench json IN.yaml OUT.json") }
    do {
        try OneLineJSON.convert(args[0], to: args[1])
    } catch {
        fail("\(error)")
    }
default:
    fail("unknown command \(command); expected generate, scan, load or json")
}

/// Parses every event and throws it away (libyaml streams the file itself):
/// what any libyaml-based tool must at least do.
func bareScan(_ file: UnsafeMutablePointer<FILE>) -> Int {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { return -1 }
    defer { yaml_parser_delete(&parser) }
    yaml_parser_set_input_file(&parser, file)
    var event = yaml_event_t()
    var count = 0
    while true {
        guard yaml_parser_parse(&parser, &event) == 1 else { fail("YAML error at line \(parser.problem_mark.line + 1)") }
        count += 1
        let done = event.type == YAML_STREAM_END_EVENT
        yaml_event_delete(&event)
        if done { break }
    }
    return count
}
