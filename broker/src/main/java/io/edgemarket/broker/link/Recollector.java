package io.edgemarket.broker.link;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.link.KeptOutput;
import java.io.IOException;

/**
 * Takes a receipt an agent kept (re-collection after a broker restart, issue 11) and decides on it
 * exactly as on a fresh one. Implemented by the invocation service; the link only carries them.
 */
public interface Recollector {
  /** What became of one offered receipt. */
  enum Verdict {
    /** Verified and queued for settlement: the agent may forget it once the queue is forced. */
    TAKEN,
    /**
     * Already queued or settled, or its invocation was decided otherwise: the agent may forget it.
     */
    KNOWN,
    /** Not yet decidable (its invocation is running now): the agent keeps it. */
    KEEP,
    /** Forged, altered, or not this broker's and this provider's: refused and logged. */
    REFUSED,
    /** The ledger could not be asked: the agent keeps it and the collection stops for now. */
    RETRY
  }

  /**
   * Decides on {@code receipt}, offered by the authenticated provider {@code providerId} with its
   * run's {@code output} when the agent still kept it (else null).
   */
  Verdict offer(String providerId, Receipt receipt, KeptOutput output);

  /** Forces the receipts taken so far to disk (before the agent is told to forget them). */
  void sync() throws IOException;
}
