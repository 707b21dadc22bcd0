package io.edgemarket.model.link;

/**
 * What a kept receipt's run answered, beside the receipt in a {@code receipts} frame (issue 16): a
 * broker killed while the run's answer was on its way never heard it, and a consumer that asks
 * again gets this output rather than a statement that it is gone. The broker takes it only when it
 * matches the receipt's output digest, so an agent cannot use it to change what was paid for.
 *
 * @param sequence the receipt's sequence, which it belongs to
 * @param output what the function wrote, as the receipt's digest covers it
 * @param error the function's error message, when its status is a function error; else null
 */
public record KeptOutput(long sequence, byte[] output, String error) {

  /** How much of a frame's budget this takes: its bytes, and its error as JSON may escape it. */
  public long frameBytes() {
    return (output == null ? 0 : output.length) + (error == null ? 0 : 6L * error.length());
  }
}
