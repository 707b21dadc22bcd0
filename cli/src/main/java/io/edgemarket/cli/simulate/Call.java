package io.edgemarket.cli.simulate;

/**
 * One invocation the simulated consumers made, and how it ended.
 *
 * @param outcome OK, FUNCTION_ERROR or FAILED as the broker answered, or ERROR when the SDK threw
 *     (then {@code error} says why), or NOT_SENT when the open loop was over its cap
 * @param latencyNanos from the call's due time (open loop) to its answer
 * @param correct the output the consumer got is what the function really answers
 * @param verification the broker's verification outcome (null without one)
 * @param cheapestLive the lowest price per invocation of any linked offer when the call was made
 * @param tenthLive the 10th percentile of those prices
 */
record Call(
    int consumer,
    String outcome,
    String error,
    long latencyNanos,
    long cost,
    String providerId,
    boolean correct,
    String verification,
    long cheapestLive,
    long tenthLive) {

  boolean ok() {
    return "OK".equals(outcome);
  }

  /** A wrong output the broker's checks did not flag: a lie that got through. */
  boolean missedLie() {
    return ok()
        && !correct
        && !io.edgemarket.model.api.Verification.DISPUTED.equals(verification)
        && !io.edgemarket.model.api.Verification.PROVIDER_SLASHED.equals(verification);
  }
}
