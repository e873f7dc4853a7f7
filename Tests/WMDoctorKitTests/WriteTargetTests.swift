import Foundation
import XCTest

@testable import WMDoctorKit

/// The write policy (SECURITY.md, "Writing reports"), through the binary as a
/// user meets it: one test per kind of target and per failure, each checking
/// what is left on disk.
final class WriteTargetTests: XCTestCase {
    /// A folder holding a copy of Samples/healthy as `ex/`, and the report that `check ex -f json` writes.
    private func workspace() throws -> (dir: URL, report: String) {
        let dir = try hostileFolder(self)
        try FileManager.default.copyItem(at: Repo.root.appendingPathComponent("Samples/healthy"), to: dir.appendingPathComponent("ex"))
        let r = try check(["-f", "json"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.err)
        return (dir, r.out)
    }

    private func check(_ args: [String], cwd: URL, env: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        try CLIRunner.run(["check", "ex", "--now", "2026-11-24"] + args, cwd: cwd, env: env)
    }

    /// Names in `dir` that look like temporary files of the writer.
    private func temporaryFiles(in dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") && $0.hasSuffix(".tmp") }
    }

    private func fileType(_ path: String) -> mode_t {
        var st = stat()
        XCTAssertEqual(lstat(path, &st), 0, path)
        return st.st_mode & S_IFMT
    }

    func testRegularFileIsReplacedKeepingModeAndOwner() throws {
        let (dir, report) = try workspace()
        let target = dir.appendingPathComponent("report.json").path
        XCTAssertTrue(FileManager.default.createFile(atPath: target, contents: Data("old".utf8), attributes: [.posixPermissions: 0o600]))
        let owner: uid_t = getuid() == 0 ? 4242 : getuid()
        if getuid() == 0 { XCTAssertEqual(chown(target, 4242, 4343), 0) }
        let r = try check(["-f", "json", "-o", "report.json"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), report)
        var st = stat()
        XCTAssertEqual(stat(target, &st), 0)
        XCTAssertEqual(st.st_mode & 0o7777, 0o600, "the old file's mode is kept")
        XCTAssertEqual(st.st_uid, owner, "the old file's owner is kept")
        XCTAssertEqual(try temporaryFiles(in: dir), [])
    }

    func testNewFileGetsTheUsualModeAndMissingFoldersAreCreated() throws {
        let (dir, report) = try workspace()
        let r = try check(["-f", "json", "-o", "out/deep/report.json"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.err)
        let target = dir.appendingPathComponent("out/deep/report.json").path
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), report)
        var st = stat()
        XCTAssertEqual(stat(target, &st), 0)
        let mask = umask(0)
        umask(mask)
        XCTAssertEqual(st.st_mode & 0o777, 0o666 & ~mask, "a new report is created as a shell redirection would")
    }

    func testSymbolicLinkIsKeptAndItsTargetWritten() throws {
        let (dir, report) = try workspace()
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("real"), withIntermediateDirectories: true)
        let real = dir.appendingPathComponent("real/report.json").path
        XCTAssertTrue(fm.createFile(atPath: real, contents: Data("old".utf8), attributes: [.posixPermissions: 0o640]))
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("report.json").path, withDestinationPath: "real/report.json")
        // A link to a link, and a dangling link (its target is created).
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("again.json").path, withDestinationPath: "report.json")
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("later.json").path, withDestinationPath: "real/later.json")
        let r = try check(["-f", "json", "-o", "again.json", "--report", "json=later.json"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(fileType(dir.appendingPathComponent("report.json").path), S_IFLNK, "the link stays a link")
        XCTAssertEqual(fileType(dir.appendingPathComponent("again.json").path), S_IFLNK)
        XCTAssertEqual(try fm.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("report.json").path), "real/report.json")
        XCTAssertEqual(try String(contentsOfFile: real, encoding: .utf8), report)
        XCTAssertEqual(try fm.attributesOfItem(atPath: real)[.posixPermissions] as? Int, 0o640)
        XCTAssertEqual(fileType(dir.appendingPathComponent("later.json").path), S_IFLNK)
        XCTAssertEqual(try String(contentsOfFile: dir.appendingPathComponent("real/later.json").path, encoding: .utf8), report)
        XCTAssertEqual(try temporaryFiles(in: dir), [])
        XCTAssertEqual(try temporaryFiles(in: dir.appendingPathComponent("real")), [])
    }

    /// A one-character name once stopped the program: Foundation's
    /// `deletingLastPathComponent` traps on it. As a report and as a link's target.
    func testOneCharacterNamesAreWritten() throws {
        let (dir, report) = try workspace()
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("l").path, withDestinationPath: "r")
        let r = try check(["-f", "json", "-o", "x", "--report", "json=l", "--report", "json=d/y"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.err)
        for name in ["x", "r", "d/y"] {
            XCTAssertEqual(try String(contentsOfFile: dir.appendingPathComponent(name).path, encoding: .utf8), report, name)
        }
        XCTAssertEqual(fileType(dir.appendingPathComponent("l").path), S_IFLNK, "the link stays a link")
        XCTAssertEqual(try temporaryFiles(in: dir), [])
    }

    /// `--output /dev/null` once replaced /dev/null with a regular file: a device is written in place.
    func testCharacterDeviceIsWrittenInPlaceNeverReplaced() throws {
        let (dir, _) = try workspace()
        let device = dir.appendingPathComponent("null").path
        let made = try CLIRunner.shell("mknod null c 1 3", cwd: dir)
        guard made.status == 0 else { throw XCTSkip("mknod is not permitted here (\(made.err)); /dev/null is written in place instead") }
        let r = try check(["-f", "json", "-o", "null", "--report", "sarif=null"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(fileType(device), S_IFCHR, "the device is still a character device")
        XCTAssertEqual(try temporaryFiles(in: dir), [])
    }

    /// A disk is never a report: refused before it is opened.
    func testBlockDeviceIsRefused() throws {
        let (dir, _) = try workspace()
        let made = try CLIRunner.shell("mknod disk b 7 200", cwd: dir)
        guard made.status == 0 else { throw XCTSkip("mknod is not permitted here (\(made.err))") }
        let r = try check(["--report", "json=first.json", "-o", "disk"], cwd: dir)
        XCTAssertEqual(r.status, 64, r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("first.json").path), "nothing is written")
        XCTAssertEqual(r.err, "wmdoctor: cannot write disk: it is a block device; reports are not written to disks; nothing was written\n")
        XCTAssertEqual(fileType(dir.appendingPathComponent("disk").path), S_IFBLK)
        XCTAssertEqual(try temporaryFiles(in: dir), [])
    }

    func testFIFOIsWrittenInPlaceForItsReader() throws {
        let (dir, report) = try workspace()
        let fifo = dir.appendingPathComponent("pipe.json").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let received = LockedText()
        let reader = Thread {
            // Blocks until the writer opens the FIFO; reads to its end.
            let fd = open(fifo, O_RDONLY)
            guard fd >= 0 else { return received.set("open failed") }
            received.set(readToEnd(fd))
            close(fd)
        }
        reader.start()
        let r = try check(["-f", "json", "-o", "pipe.json"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.err)
        let deadline = Date().addingTimeInterval(10)
        while received.get() == nil && Date() < deadline { usleep(10_000) }
        XCTAssertEqual(received.get(), report, "the reader got the whole report")
        XCTAssertEqual(fileType(fifo), S_IFIFO, "the FIFO is still a FIFO")
        XCTAssertEqual(try temporaryFiles(in: dir), [])
    }

    func testUnixSocketIsConnectedTo() throws {
        let (dir, report) = try workspace()
        let path = dir.appendingPathComponent("r.sock").path
        let listener = try UnixListener(path: path)
        let received = LockedText()
        let server = Thread { received.set(listener.acceptAndReadAll()) }
        server.start()
        let r = try check(["-f", "json", "-o", "r.sock"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.err)
        let deadline = Date().addingTimeInterval(10)
        while received.get() == nil && Date() < deadline { usleep(10_000) }
        XCTAssertEqual(received.get(), report)
        XCTAssertEqual(fileType(path), S_IFSOCK)
    }

    func testDashIsStandardOutput() throws {
        let (dir, report) = try workspace()
        let r = try check(["-f", "json", "-o", "-"], cwd: dir)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, report)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("-").path))
        let inventory = try CLIRunner.run(["inventory", "ex", "--now", "2026-11-24", "-o", "-"], cwd: dir)
        XCTAssertEqual(inventory.status, 0, inventory.err)
        XCTAssertTrue(inventory.out.contains("Workspace acme"), inventory.out)
    }

    /// A report never replaces a file the run reads: named, through a link,
    /// found in a folder, the configuration; every command that writes.
    func testInputAsOutputIsAUsageErrorAndNothingIsWritten() throws {
        let (dir, _) = try workspace()
        let fm = FileManager.default
        let export = dir.appendingPathComponent("ex/acme-connections.yaml").path
        let original = try Data(contentsOf: URL(fileURLWithPath: export))
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("link.yaml").path, withDestinationPath: "ex/acme-connections.yaml")
        let cases: [[String]] = [
            ["check", "ex/acme-connections.yaml", "-o", "ex/acme-connections.yaml"],
            ["check", "ex/acme-connections.yaml", "--report", "sarif=link.yaml"],
            ["check", "ex", "--report", "json=fresh.json", "--report", "sarif=ex/acme-connections.yaml"],
            ["check", "ex", "-o", "ex/../ex/acme-connections.yaml"],
            ["baseline", "write", "link.yaml", "ex"],
            ["inventory", "ex", "-o", "link.yaml"],
            ["why", "wf_lead_alerts", "ex", "-o", "link.yaml"],
        ]
        for args in cases {
            let r = try CLIRunner.run(args + ["--now", "2026-11-24"], cwd: dir)
            XCTAssertEqual(r.status, 64, "\(args): \(r.err)")
            XCTAssertTrue(r.err.contains("it is a file this run reads"), "\(args): \(r.err)")
            XCTAssertTrue(r.err.contains("nothing was written"), r.err)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: export)), original, "\(args) changed the input")
            XCTAssertEqual(fileType(dir.appendingPathComponent("link.yaml").path), S_IFLNK)
        }
        XCTAssertFalse(fm.fileExists(atPath: dir.appendingPathComponent("fresh.json").path), "no report of a refused run is written")
        // The configuration file is read too.
        let config = dir.appendingPathComponent(".wmdoctor.yaml").path
        XCTAssertTrue(fm.createFile(atPath: config, contents: Data("fail_on: error\n".utf8)))
        let r = try CLIRunner.run(["check", "ex", "--config", ".wmdoctor.yaml", "-o", ".wmdoctor.yaml"], cwd: dir)
        XCTAssertEqual(r.status, 64, r.err)
        XCTAssertTrue(r.err.contains("cannot write .wmdoctor.yaml: it is a file this run reads"), r.err)
        XCTAssertEqual(try String(contentsOfFile: config, encoding: .utf8), "fail_on: error\n")
        XCTAssertEqual(try temporaryFiles(in: dir), [])
    }

    /// A full disk or a file size limit: status 2, the system's error, the old report intact, no temporary file.
    func testFileTooLargeLeavesTheOldFileAndNoTemporaryFile() throws {
        let (dir, _) = try workspace()
        let target = dir.appendingPathComponent("report.json").path
        XCTAssertTrue(FileManager.default.createFile(atPath: target, contents: Data("old".utf8)))
        let binary = try CLIRunner.binary().path
        // 1 block (512 or 1024 bytes): the JSON report is larger. Without SIGXFSZ ignored, the process would be killed.
        let r = try CLIRunner.shell("ulimit -f 1; exec '\(binary)' check ex --now 2026-11-24 -f json -o report.json", cwd: dir)
        XCTAssertEqual(r.status, 2, r.err)
        XCTAssertTrue(r.err.contains("wmdoctor: cannot write report.json: File too large"), r.err)
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "old")
        XCTAssertEqual(try temporaryFiles(in: dir), [])
    }

    func testPermissionDeniedLeavesTheOldFile() throws {
        let (dir, _) = try workspace()
        let target = dir.appendingPathComponent("report.json").path
        XCTAssertTrue(FileManager.default.createFile(atPath: target, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644]))
        let binary = try CLIRunner.binary().path
        let r: (status: Int32, out: String, err: String)
        if getuid() == 0 {
            // Root may write anywhere: run as nobody, who may read the folder but not write in it.
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { throw XCTSkip("running as root without setpriv") }
            XCTAssertEqual(chmod(dir.path, 0o755), 0)
            r = try CLIRunner.shell("exec setpriv --reuid=65534 --regid=65534 --clear-groups '\(binary)' check ex --now 2026-11-24 -o report.json", cwd: dir)
        } else {
            XCTAssertEqual(chmod(dir.path, 0o555), 0)
            defer { chmod(dir.path, 0o755) }
            r = try CLIRunner.shell("exec '\(binary)' check ex --now 2026-11-24 -o report.json", cwd: dir)
        }
        XCTAssertEqual(r.status, 2, r.err)
        XCTAssertTrue(r.err.contains("wmdoctor: cannot write report.json: Permission denied"), r.err)
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "old")
        XCTAssertEqual(try temporaryFiles(in: dir), [])
    }

    func testFolderAsTargetIsAnErrorAndStays() throws {
        let (dir, _) = try workspace()
        let r = try check(["-o", "ex"], cwd: dir)
        XCTAssertEqual(r.status, 2, r.err)
        XCTAssertTrue(r.err.contains("wmdoctor: cannot write ex: Is a directory"), r.err)
        XCTAssertEqual(fileType(dir.appendingPathComponent("ex").path), S_IFDIR)
        XCTAssertEqual(try temporaryFiles(in: dir), [])
    }

    /// SIGINT or SIGTERM while the temporary file exists: it is removed, the
    /// old report stays, and the process ends by the signal.
    func testSignalRemovesTheTemporaryFile() throws {
        for signal in ["TERM", "INT"] {
            let (dir, _) = try workspace()
            let target = dir.appendingPathComponent("report.json").path
            XCTAssertTrue(FileManager.default.createFile(atPath: target, contents: Data("old".utf8)))
            let r = try CLIRunner.runWithReason(["check", "ex", "--now", "2026-11-24", "-o", "report.json"], cwd: dir, env: ["WMDOCTOR_TEST_SIGNAL_BEFORE_RENAME": signal])
            XCTAssertEqual(r.reason, .uncaughtSignal, signal)
            XCTAssertEqual(r.status, signal == "TERM" ? SIGTERM : SIGINT)
            XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "old")
            XCTAssertEqual(try temporaryFiles(in: dir), [], signal)
        }
    }

    /// Two runs writing the same report at once: one whole report, never a mix, no temporary file.
    func testConcurrentRunsLeaveOneWholeReport() throws {
        let (dir, first) = try workspace()
        try FileManager.default.copyItem(at: Repo.root.appendingPathComponent("Samples/broken"), to: dir.appendingPathComponent("other"))
        let second = try CLIRunner.run(["check", "other", "--now", "2026-11-24", "-f", "json"], cwd: dir).out
        XCTAssertNotEqual(first, second)
        let binary = try CLIRunner.binary().path
        for _ in 0..<5 {
            let r = try CLIRunner.shell(
                "'\(binary)' check ex --now 2026-11-24 -f json -o same.json & '\(binary)' check other --now 2026-11-24 -f json -o same.json & wait",
                cwd: dir)
            XCTAssertEqual(r.status, 0, r.err)
            let written = try String(contentsOfFile: dir.appendingPathComponent("same.json").path, encoding: .utf8)
            XCTAssertTrue(written == first || written == second, "a mix of two reports")
            XCTAssertEqual(try temporaryFiles(in: dir), [])
        }
    }
}

/// Text handed over from another thread.
final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?
    func set(_ t: String) { lock.lock(); text = t; lock.unlock() }
    func get() -> String? { lock.lock(); defer { lock.unlock() }; return text }
}

/// A listening Unix stream socket that accepts one connection.
final class UnixListener: @unchecked Sendable {
    let fd: Int32

    init(path: String) throws {
        struct Failed: Error {}
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard fd >= 0, bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw Failed() }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 1) == 0 else { throw Failed() }
    }

    deinit { close(fd) }

    func acceptAndReadAll() -> String {
        let client = accept(fd, nil, nil)
        guard client >= 0 else { return "" }
        defer { close(client) }
        return readToEnd(client)
    }
}

/// Everything readable from `fd` until its end.
func readToEnd(_ fd: Int32) -> String {
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        out += buffer[0..<n]
    }
    return String(decoding: out, as: UTF8.self)
}
