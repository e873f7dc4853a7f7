import ArgumentParser
import Foundation
import WMDoctorKit

/// `wmdoctor chek Samples`: `check` is the default command, so a mistyped
/// command would be taken for a path to check. A first argument that is no
/// existing path and is close to a command's name is a usage error instead.
enum SubcommandTypo {
    /// "did you mean" for the first argument, or nil when it is a command,
    /// a flag, an existing path or close to no command.
    static func message(_ arguments: [String], commands: [any ParsableCommand.Type]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        let names = commands.map { $0._commandName } + ["help"]
        guard !names.contains(first), !FileManager.default.fileExists(atPath: first),
            let close = DidYouMean.suggest(first, from: names)
        else { return nil }
        return "wmdoctor: \(quoted(first)) is neither a command nor an existing file or folder; did you mean `\(close)`?"
    }
}
