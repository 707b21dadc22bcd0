package io.edgemarket.cli;

/**
 * A failure to report in one line on stderr and to exit with {@link #exitCode}; no stack trace, as
 * every such failure is something the user can act on from the message alone.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  /** A usage or setup problem the user fixes on the command line or by running {@code up}. */
  static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message);
  }
}
