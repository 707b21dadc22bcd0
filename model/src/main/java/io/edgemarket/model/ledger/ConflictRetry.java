package io.edgemarket.model.ledger;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Submits a transaction again when it lost an MVCC race ({@link ErrorCodes#MVCC_READ_CONFLICT}):
 * another transaction changed what it read between its endorsement and its commit, so it committed
 * nothing and a new proposal, endorsed against the new state, is correct. This is what Fabric's own
 * client guidance asks for; it suits one-off steps that many parties may take at the same time
 * (registering, a governed credit), not a caller that must see the conflict (the settler counts
 * them). Each attempt is a new transaction id.
 */
public final class ConflictRetry {
  /** How often a conflicting submission is tried in all. */
  public static final int ATTEMPTS = 5;

  private ConflictRetry() {}

  /** {@code gateway.submit(transaction, args)}, again after a conflict, up to {@link #ATTEMPTS}. */
  public static String submit(LedgerGateway gateway, String transaction, String... args)
      throws LedgerException {
    return submit(gateway, false, ATTEMPTS, transaction, args);
  }

  /**
   * As {@link #submit}, up to {@code attempts} times: for a step that races a submitter known to
   * write what it reads about once a block (a withdrawal against the bridge's pass over its chain's
   * record), where five attempts lose too often.
   */
  public static String submit(
      LedgerGateway gateway, int attempts, String transaction, String... args)
      throws LedgerException {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    return submit(gateway, false, attempts, transaction, args);
  }

  /**
   * As {@link #submit}, for a step that depends on a write the caller has just seen committed (a
   * stake credited to a provider registered a moment ago): also tried again when an endorsing peer
   * answers {@link ErrorCodes#NOT_REGISTERED} or {@link ErrorCodes#NOT_FOUND}. The Gateway waits
   * for the commit on its own peer only; a transaction that both organisations endorse can reach
   * the other organisation's peer before that peer has committed the block (seen in CI under load:
   * "no registered participant provider-1-…" from the lagging peer). A name that stays unknown is
   * still reported, after the last attempt.
   */
  public static String submitAfterWrite(LedgerGateway gateway, String transaction, String... args)
      throws LedgerException {
    return submit(gateway, true, ATTEMPTS, transaction, args);
  }

  private static String submit(
      LedgerGateway gateway, boolean laggingPeer, int attempts, String transaction, String... args)
      throws LedgerException {
    for (int attempt = 1; ; attempt++) {
      try {
        return gateway.submit(transaction, args);
      } catch (LedgerException e) {
        boolean lagging =
            laggingPeer
                && e.phase() == LedgerException.Phase.ENDORSE
                && (ErrorCodes.NOT_REGISTERED.equals(e.code())
                    || ErrorCodes.NOT_FOUND.equals(e.code()));
        if (!(ErrorCodes.MVCC_READ_CONFLICT.equals(e.code()) || lagging) || attempt >= attempts) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  /** A short random pause, longer each time, so racing submitters do not meet again at once. */
  private static void pause(int attempt) throws LedgerException {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(20, 100) * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerException(
          LedgerException.Phase.SUBMIT,
          ErrorCodes.UNAVAILABLE,
          null,
          "interrupted while waiting to submit again");
    }
  }
}
