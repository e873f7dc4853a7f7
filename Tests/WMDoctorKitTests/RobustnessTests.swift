import Foundation
import XCTest

@testable import WMDoctorKit

/// Every kind of bad input: the exact message, position and exit status a
/// user sees (SECURITY.md, "Bad input"). Fixtures in Tests/testdata/hostile.
final class RobustnessTests: XCTestCase {
    private let dir = "Tests/testdata/hostile/"

    func testInvalidUTF8() throws {
        let r = try HostileCLI.check([dir + "bad-utf8.yaml"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.out.contains(dir + "bad-utf8.yaml:3:17: error: the file is not valid UTF-8: invalid trailing UTF-8 octet (byte 0xa)"), r.out)
    }

    func testBinaryFileIsRefusedWithoutRawBytes() throws {
        let r = try HostileCLI.check([dir + "binary.yaml"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.out.contains(dir + "binary.yaml:1:1: error: the file is not valid UTF-8: invalid leading UTF-8 octet (byte 0x89)"), r.out)
        XCTAssertFalse(r.out.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "control characters echoed")
    }

    func testNULByte() throws {
        let r = try HostileCLI.check([dir + "nul.yaml"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.out.contains(dir + "nul.yaml:2:11: error: the file contains a control character that YAML does not allow (a binary file?) (byte 0x0)"), r.out)
        XCTAssertTrue(r.out.contains("2 | kind: Work\u{FFFD}space\n"), r.out)
    }

    func testEscapeSequenceNeverReachesTheTerminal() throws {
        let r = try HostileCLI.check([dir + "escape.yaml"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.out.contains(dir + "escape.yaml:6:7: error: the file contains a control character that YAML does not allow (a binary file?) (byte 0x1b)"), r.out)
        XCTAssertFalse(r.out.contains("\u{1B}"), r.out)
    }

    /// UTF-8 and UTF-16 (both byte orders) with a byte-order mark: same positions, readable snippets.
    func testByteOrderMarks() throws {
        for name in ["bom-utf8.yaml", "bom-utf16le.yaml", "bom-utf16be.yaml"] {
            let r = try HostileCLI.check([dir + name])
            XCTAssertEqual(r.status, 1, name)
            XCTAssertTrue(r.out.contains(dir + name + ":6:1: error: unknown key \"bogus\" in the export header"), r.out)
            XCTAssertTrue(r.out.contains("6 | bogus: 1\n  | ^~~~~\n"), name + ":\n" + r.out)
        }
    }

    func testCRLFPositionsAndSnippets() throws {
        let r = try HostileCLI.check([dir + "crlf.yaml"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.out.contains(dir + "crlf.yaml:2:7: error: unsupported kind \"Workspaec\""), r.out)
        XCTAssertTrue(r.out.contains("2 | kind: Workspaec\n  |       ^~~~~~~~~\n"), r.out)
        XCTAssertTrue(r.out.contains(dir + "crlf.yaml:6:1: error: unknown key \"bogus\""), r.out)
        XCTAssertTrue(r.out.contains("6 | \"bogus\":   1\n  | ^~~~~~~\n"), r.out)
        XCTAssertFalse(r.out.contains("\r"))
    }

    /// A named file that is empty or only comments is an input error: an export
    /// job that wrote nothing must not pass CI as "no problems".
    func testEmptyAndCommentOnlyFiles() throws {
        for name in ["empty.yaml", "comments.yaml"] {
            let r = try HostileCLI.check([dir + name])
            XCTAssertEqual(r.status, 2, name)
            XCTAssertTrue(
                r.out.contains("\(dir)\(name):1:1: error: \(dir)\(name) holds no YAML document (it is empty or only comments): there is no Workflow Machine export to check"),
                r.out)
        }
    }

    /// A folder without any export is an input error, naming what was skipped.
    func testFolderWithoutExports() throws {
        let r = try HostileCLI.check([dir + "no-exports"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(
            r.out.contains("\(dir)no-exports:1:1: error: no Workflow Machine export found in \(dir)no-exports (1 YAML or JSON file that is not an export)"),
            r.out)
    }

    func testMissingPath() throws {
        let r = try HostileCLI.check(["Tests/testdata/hostile/nope.yaml"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.out.contains("Tests/testdata/hostile/nope.yaml:1:1: error: no such file or directory: Tests/testdata/hostile/nope.yaml"), r.out)
    }

    func testSymbolicLinkLoopAndDanglingLink() throws {
        let tmp = try hostileFolder(self)
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: tmp.appendingPathComponent("a.yaml").path, withDestinationPath: "b.yaml")
        try fm.createSymbolicLink(atPath: tmp.appendingPathComponent("b.yaml").path, withDestinationPath: "a.yaml")
        try fm.createSymbolicLink(atPath: tmp.appendingPathComponent("gone.yaml").path, withDestinationPath: "missing.yaml")
        try fm.createSymbolicLink(atPath: tmp.appendingPathComponent("up").path, withDestinationPath: ".")
        let loop = try HostileCLI.check(["a.yaml"], cwd: tmp)
        XCTAssertEqual(loop.status, 2)
        XCTAssertTrue(loop.out.contains("a.yaml:1:1: error: cannot follow the symbolic link a.yaml: it is part of a loop of symbolic links (\"b.yaml\")"), loop.out)
        let gone = try HostileCLI.check(["gone.yaml"], cwd: tmp)
        XCTAssertEqual(gone.status, 2)
        XCTAssertTrue(gone.out.contains("gone.yaml:1:1: error: cannot follow the symbolic link gone.yaml: its target (\"missing.yaml\") does not exist"), gone.out)
        // Walking the folder: links that lead nowhere and the link to its own folder are
        // passed over and named, so the walk ends and finds no export at all.
        let walk = try HostileCLI.check(["."], cwd: tmp)
        XCTAssertEqual(walk.status, 2, walk.out)
        XCTAssertTrue(walk.out.contains(".:1:1: error: no Workflow Machine export found in . (4 files or links skipped, listed on standard error)"), walk.out)
        XCTAssertEqual(walk.err, """
            wmdoctor: skipped a.yaml: it is part of a loop of symbolic links
            wmdoctor: skipped b.yaml: it is part of a loop of symbolic links
            wmdoctor: skipped gone.yaml: it is a symbolic link whose target does not exist
            wmdoctor: skipped up: it is a symbolic link to a folder (links to folders are not followed)

            """)
    }

    /// Beside an export, a folder walk names what it passed over: on standard
    /// error, in the text summary and in the JSON report's `skipped` list.
    func testWalkSaysWhatItSkipped() throws {
        let tmp = try hostileFolder(self)
        let fm = FileManager.default
        try fm.copyItem(at: Repo.root.appendingPathComponent("Samples/healthy"), to: tmp.appendingPathComponent("ex"))
        try fm.createSymbolicLink(atPath: tmp.appendingPathComponent("ex/loop.yaml").path, withDestinationPath: "loop.yaml")
        try fm.createSymbolicLink(atPath: tmp.appendingPathComponent("ex/gone.json").path, withDestinationPath: "nowhere.json")
        let text = try HostileCLI.check(["ex"], cwd: tmp)
        XCTAssertEqual(text.status, 0, text.out + text.err)
        XCTAssertTrue(text.err.contains("wmdoctor: skipped ex/loop.yaml: it is part of a loop of symbolic links\n"), text.err)
        XCTAssertTrue(text.err.contains("wmdoctor: skipped ex/gone.json: it is a symbolic link whose target does not exist\n"), text.err)
        XCTAssertTrue(text.out.contains("Skipped 2 files or links that could not be followed or read (ex/gone.json, ex/loop.yaml)."), text.out)
        let json = try HostileCLI.check(["ex"], ["-f", "json"], cwd: tmp)
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        let skipped = object?["skipped"] as? [[String: String]]
        XCTAssertEqual(skipped?.map { $0["file"] ?? "" }, ["ex/gone.json", "ex/loop.yaml"])
        XCTAssertEqual(skipped?.map { $0["reason"] ?? "" }, ["dangling_link", "link_loop"])
        XCTAssertEqual((object?["summary"] as? [String: Any])?["skipped_files"] as? Int, 2)
    }

    /// An export the walk cannot open is skipped and named. Root reads mode-000
    /// files, so as root the walk runs as `nobody` (setpriv), for whom it is unreadable.
    func testWalkSkipsAnUnreadableFile() throws {
        let tmp = try hostileFolder(self)
        let fm = FileManager.default
        try fm.copyItem(at: Repo.root.appendingPathComponent("Samples/healthy"), to: tmp.appendingPathComponent("ex"))
        XCTAssertTrue(fm.createFile(atPath: tmp.appendingPathComponent("ex/secret.yaml").path, contents: Data("a: 1\n".utf8), attributes: [.posixPermissions: 0]))
        let binary = try CLIRunner.binary().path
        let command = "'\(binary)' check ex --now 2026-11-24"
        let r: (status: Int32, out: String, err: String)
        if getuid() == 0 {
            guard fm.isExecutableFile(atPath: "/usr/bin/setpriv") else { throw XCTSkip("running as root without setpriv: root reads mode-000 files") }
            XCTAssertEqual(chmod(tmp.path, 0o755), 0)
            r = try CLIRunner.shell("exec setpriv --reuid=65534 --regid=65534 --clear-groups \(command)", cwd: tmp)
        } else {
            r = try CLIRunner.shell("exec \(command)", cwd: tmp)
        }
        XCTAssertEqual(r.status, 0, r.out + r.err)
        XCTAssertEqual(r.err, "wmdoctor: skipped ex/secret.yaml: cannot read it: Permission denied\n")
        XCTAssertTrue(r.out.contains("Skipped 1 file or link that could not be followed or read (ex/secret.yaml)."), r.out)
    }

    func testFIFOIsNeverRead() throws {
        let tmp = try hostileFolder(self)
        let fifo = tmp.appendingPathComponent("pipe.yaml").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let named = try HostileCLI.check(["pipe.yaml"], cwd: tmp)
        XCTAssertEqual(named.status, 2)
        XCTAssertTrue(named.out.contains("pipe.yaml:1:1: error: pipe.yaml is not a regular file (a directory, FIFO or device); skipped"), named.out)
        // Walking the folder, the FIFO is passed over (never opened): no export is found.
        let walked = try HostileCLI.check(["."], cwd: tmp)
        XCTAssertEqual(walked.status, 2, walked.out)
        XCTAssertTrue(walked.out.contains(".:1:1: error: no Workflow Machine export found in . (no .yaml, .yml or .json file)"), walked.out)
    }

    func testDeviceIsRefused() throws {
        // /dev/zero never ends: reading it would never stop.
        let r = try HostileCLI.check(["/dev/zero"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.out.contains("/dev/zero:1:1: error: /dev/zero is not a regular file (a directory, FIFO or device); skipped"), r.out)
    }

    /// Permissions do not apply to root (the tests' user in CI): tested only where they do.
    func testUnreadableFile() throws {
        guard getuid() != 0 else { throw XCTSkip("running as root: chmod 000 does not stop root from reading") }
        let tmp = try hostileFolder(self)
        let path = tmp.appendingPathComponent("secret.yaml").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("a: 1\n".utf8), attributes: [.posixPermissions: 0]))
        let r = try HostileCLI.check(["secret.yaml"], cwd: tmp)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.out.contains("secret.yaml:1:1: error: cannot read secret.yaml: Permission denied"), r.out)
    }

    func testVeryLongLineIsCutAroundTheCaret() throws {
        let tmp = try hostileFolder(self)
        let long = String(repeating: "x", count: 200_000)
        let text = header + "connections: []\nworkflows: []\nbogus: [\(long), 1]\n"
        try Data(text.utf8).write(to: tmp.appendingPathComponent("long.yaml"))
        let r = try HostileCLI.check(["long.yaml"], cwd: tmp)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.out.contains("long.yaml:6:1: error: unknown key \"bogus\""), r.out)
        let snippet = r.out.split(separator: "\n").first { $0.hasPrefix("6 | ") } ?? ""
        XCTAssertLessThanOrEqual(snippet.count, 170, "long lines are cut in snippets")
    }

    /// Files are streamed to libyaml in small reads: a file of many reads loads
    /// exactly as the same bytes in memory, and an invalid byte far into it is
    /// placed at its line and column.
    func testStreamedFileLoadsAsTheSameBytesInMemory() throws {
        let tmp = try hostileFolder(self)
        var text = header + "connections:\n"
        for i in 0..<3000 {
            text += "  - {id: conn_\(i), name: \"Conn \(i) é\", app: slack, account: {id: U\(i)}, auth: {type: oauth2, scopes: [chat:write]}}\n"
        }
        text += "workflows: []\n"
        let path = tmp.appendingPathComponent("big.yaml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertGreaterThan(text.utf8.count, 200_000)
        let streamed = FileLoader().load(path: path), inMemory = FileLoader().load(bytes: Array(text.utf8), path: path)
        XCTAssertNil(streamed.error)
        XCTAssertEqual(streamed.documents.first?.connections.count, 3000)
        XCTAssertEqual(streamed.documents.first?.connections.last?.name.location, inMemory.documents.first?.connections.last?.name.location)
        XCTAssertEqual(streamed.documents.first?.connections.map(\.name.value), inMemory.documents.first?.connections.map(\.name.value))

        var bytes = Array(text.utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = 2900, column = 12
        let offset = lines.prefix(line - 1).reduce(0) { $0 + $1.utf8.count + 1 } + column - 1
        bytes[offset] = 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let broken = FileLoader().load(path: path)
        XCTAssertEqual(broken.error?.location.line, line)
        XCTAssertEqual(broken.error?.location.column, column)
        XCTAssertEqual(broken.error?.message, FileLoader().load(bytes: bytes, path: path).error?.message)
    }

    /// One unreadable or broken file does not stop the others; the status still says so.
    func testBadFileDoesNotStopTheOthers() throws {
        let r = try HostileCLI.check([dir + "binary.yaml", "Samples/healthy"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.out.contains("could not be analysed"), r.out)
        XCTAssertTrue(r.out.contains("3 workspaces") || r.out.contains("in 4 files"), r.out)
    }

    /// Reports are written to a temporary file, then renamed: a reader sees the
    /// old report or the new one, and a failed write leaves nothing behind.
    func testReportsAreWrittenAtomically() throws {
        let tmp = try hostileFolder(self)
        let target = tmp.appendingPathComponent("out/report.json")
        try ReportFile.write("old", to: target.path)
        try ReportFile.write("new", to: target.path)
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "new")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path), ["report.json"])
        // A folder where the report should go: the rename fails, the folder stays, no temporary file is left.
        let folder = tmp.appendingPathComponent("out/taken")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("x"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try ReportFile.write("new", to: folder.path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path).sorted(), ["report.json", "taken"])
    }
}
