/// A value from a closed set in the export format; `allowed` lists the set for messages.
public protocol ExportEnum: RawRepresentable<String>, CaseIterable, Sendable, Hashable {}

extension ExportEnum {
    public static var allowed: [String] { allCases.map(\.rawValue) }
}

public enum ExportKind: String, ExportEnum {
    case workspace = "Workspace"
    case connectionList = "ConnectionList"
    case workflowList = "WorkflowList"
}

public enum ConnectionStatus: String, ExportEnum {
    case active, expired, revoked, error, disabled
}

public enum Environment: String, ExportEnum {
    case production, staging, development
}

public enum AccountMode: String, ExportEnum {
    case live, test
}

public enum AuthType: String, ExportEnum {
    case oauth2, apiKey = "api_key", token, basic, custom
}

public enum TokenKind: String, ExportEnum {
    case bot, user
}
