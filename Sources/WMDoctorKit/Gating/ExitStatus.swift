/// The process exit statuses of every command, documented in the README and
/// `wmdoctor --help`. A crash or an unexpected error is never "findings".
public enum ExitStatus {
    /// Nothing at or above the `--fail-on` threshold.
    public static let clean: Int32 = 0
    /// Some finding that counts is at or above the threshold.
    public static let findings: Int32 = 1
    /// An input (export, rule file, report destination) could not be read, parsed or written.
    public static let inputError: Int32 = 2
    /// Bad flags or arguments, or a broken configuration or baseline file (EX_USAGE).
    public static let usage: Int32 = 64
    /// An unexpected internal failure (EX_SOFTWARE).
    public static let internalFailure: Int32 = 70

    /// The table for `--help`.
    public static let help = """
        Exit status: 0 nothing at or above --fail-on; 1 findings at or above it; \
        2 an input could not be read or parsed; 64 a usage or configuration error (bad flags, \
        a broken .wmdoctor.yaml or baseline file); 70 an internal failure.
        """
}
