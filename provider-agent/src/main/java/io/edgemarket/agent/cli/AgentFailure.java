package io.edgemarket.agent.cli;

/** A failure the user can act on: one line on stderr and the exit code, never a stack trace. */
final class AgentFailure extends RuntimeException {
  static final int FAILED = 2;
  static final int USAGE = 3;

  private final int exitCode;

  AgentFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  static AgentFailure usage(String message) {
    return new AgentFailure(USAGE, message, null);
  }

  static AgentFailure failed(String message, Throwable cause) {
    return new AgentFailure(FAILED, message, cause);
  }

  int exitCode() {
    return exitCode;
  }
}
