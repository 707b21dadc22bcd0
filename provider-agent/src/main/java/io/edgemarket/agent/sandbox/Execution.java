package io.edgemarket.agent.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The result of running a function once.
 *
 * @param status whether the function completed or failed
 * @param output what the function wrote to stdout, at most the output cap; on failure, whatever it
 *     had written before it stopped
 * @param error why the function failed, e.g. {@code "trap: unreachable"}; null when OK
 * @param usage resources consumed, also reported on failure so that failed runs can be billed
 * @param logs what the function wrote to stderr, bounded (see {@link FunctionLog}); null when it
 *     wrote nothing. Not part of the result a verifier compares.
 */
public record Execution(
    Status status, byte[] output, String error, SandboxUsage usage, String logs) {

  /** Outcome of an execution. A module rejected at load never gets this far. */
  public enum Status {
    OK,
    FUNCTION_ERROR
  }

  public Execution {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(usage, "usage");
    if ((status == Status.OK) != (error == null)) {
      throw new IllegalArgumentException("error must be set exactly when the status is not OK");
    }
    output = output.clone();
  }

  /** An execution whose function wrote nothing to stderr. */
  public Execution(Status status, byte[] output, String error, SandboxUsage usage) {
    this(status, output, error, usage, null);
  }

  static Execution ok(byte[] output, SandboxUsage usage) {
    return new Execution(Status.OK, output, null, usage);
  }

  static Execution failed(String error, byte[] output, SandboxUsage usage) {
    return new Execution(Status.FUNCTION_ERROR, output, error, usage);
  }

  /** This execution with the function's stderr. */
  public Execution withLogs(String text) {
    return new Execution(status, output, error, usage, text);
  }

  /** A copy, so that a shared result cannot be altered by one of its readers. */
  @Override
  public byte[] output() {
    return output.clone();
  }

  public boolean isOk() {
    return status == Status.OK;
  }

  public String outputUtf8() {
    return new String(output, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Execution other
        && status == other.status
        && Arrays.equals(output, other.output)
        && Objects.equals(error, other.error)
        && usage.equals(other.usage)
        && Objects.equals(logs, other.logs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, Arrays.hashCode(output), error, usage, logs);
  }

  @Override
  public String toString() {
    return "Execution[status=%s, output=%d bytes, error=%s, usage=%s, logs=%s]"
        .formatted(status, output.length, error, usage, logs == null ? 0 : logs.length());
  }
}
