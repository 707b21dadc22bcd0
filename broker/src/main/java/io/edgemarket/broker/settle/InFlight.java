package io.edgemarket.broker.settle;

import java.util.List;

/**
 * A batch about to be handed to the ledger, written to the batch log (and forced) before the first
 * submit: if the broker dies before the batch's outcome is on disk, the restart asks the ledger for
 * the batch by this id and records what it did, or, when it never committed, submits the same
 * receipts under the same id, so the ledger's refusal of a second batch with one id (and of a
 * receipt paid before) keeps anything from being paid twice. The first component's name marks such
 * a line among the outcomes.
 */
public record InFlight(String submitting, List<String> runIds, long at) {
  static final String MARK = "{\"submitting\":";

  public InFlight {
    runIds = List.copyOf(runIds);
  }

  public String batchId() {
    return submitting;
  }
}
