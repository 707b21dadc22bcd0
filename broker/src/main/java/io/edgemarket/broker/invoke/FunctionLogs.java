package io.edgemarket.broker.invoke;

import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.Limits;

/**
 * Who gets a function's logs (its stderr, as the agent reported it): the function's owner, for the
 * invocations the owner made, and nobody else. A result for anyone else's invocation of the
 * function never holds them, so no later lookup, retry or restored record can leak them.
 */
final class FunctionLogs {
  private FunctionLogs() {}

  /** The result as kept and answered for this job: with logs only when the invoker owns it. */
  static InvocationResult keptFor(Attempts.Job job, InvocationResult result) {
    boolean owner = job.consumerId().equals(job.function().ownerId());
    return owner ? result : result.withoutLogs();
  }

  /**
   * An agent's logs cut to the bound every honest agent keeps to, so that a misbehaving one cannot
   * fill the broker's memory or records (its whole answer is bounded by the body limit too).
   */
  static String bounded(String logs) {
    if (logs == null || logs.length() <= Limits.MAX_LOG_BYTES + Limits.LOG_MARKER_ROOM) {
      return logs;
    }
    return logs.substring(0, Limits.MAX_LOG_BYTES)
        + Limits.truncatedLogMarker(logs.length() - Limits.MAX_LOG_BYTES);
  }

  /** What a kept result weighs against the output budget: its output and its logs. */
  static long retainedBytes(InvocationResult result) {
    byte[] output = result.output();
    String logs = result.logs();
    return (output == null ? 0 : output.length) + (logs == null ? 0 : logs.length());
  }
}
