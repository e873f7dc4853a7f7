import Foundation
import PackagePlugin

/// Embeds every file of the package's `Rules/` folder into WMDoctorKit at
/// build time, so the built binary carries its rules and catalog and works
/// anywhere on its own. The files are data: the generated source only holds
/// their paths and texts.
@main
struct EmbedRules: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let rules = context.package.directoryURL.appendingPathComponent("Rules")
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("BuiltinRuleFiles.swift")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: rules, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where ["yaml", "yml"].contains(url.pathExtension) {
                inputs.append(url)
            }
        }
        inputs.sort { $0.path < $1.path }
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) files of Rules/",
                executable: try context.tool(named: "embed-rules").url,
                arguments: [rules.path, output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
