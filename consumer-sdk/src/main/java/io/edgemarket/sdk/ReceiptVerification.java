package io.edgemarket.sdk;

import io.edgemarket.model.ledger.Records;
import java.util.List;
import java.util.Objects;

/**
 * One settled receipt checked end to end from the ledger: the record as the ledger holds it (the
 * provider's signed receipt over the consumer's signed ticket, its batch, leaf index, Merkle path
 * and the batch root the ledger recorded, the split of its amount) and the checks made on it, in
 * order. Every check is made and reported, not just up to the first failure.
 *
 * @param invocationId the id the receipt is settled under (an invocation id, or {@code id#n} for a
 *     redundant run)
 * @param record the ledger's record ({@code audit:GetReceipt})
 * @param steps the checks, in the order of the {@code *_STEP} names
 */
public record ReceiptVerification(
    String invocationId, Records.ProvenReceipt record, List<Step> steps) {
  /** The receipt is signed by its provider's certificate as registered on the ledger. */
  public static final String PROVIDER_SIGNATURE = "provider-signature";

  /** The ticket inside it is signed by its consumer's certificate as registered on the ledger. */
  public static final String TICKET_SIGNATURE = "ticket-signature";

  /**
   * The broker vouches for the placement: its signature over the batch when it signed the batch
   * (checked when this identity may read batches), else over the receipt's assignment.
   */
  public static final String BROKER_SIGNATURE = "broker-signature";

  /**
   * The amount is what the metered usage costs at the receipt's prices, within the ticket's
   * maximum, and split between provider and broker at the market's fee.
   */
  public static final String AMOUNT = "amount";

  /** The receipt's Merkle path from its leaf reaches the root the ledger recorded for its batch. */
  public static final String MERKLE_INCLUSION = "merkle-inclusion";

  /** A record the ledger holds without a signed receipt in it: nothing else can be checked. */
  public static final String RECORD = "record";

  /**
   * One check: its name (one of the constants above), whether it held, and what was found: what was
   * verified against what when it passed, every problem found when it failed.
   */
  public record Step(String name, boolean passed, String detail) {
    public Step {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(detail, "detail");
    }
  }

  public ReceiptVerification {
    Objects.requireNonNull(invocationId, "invocationId");
    Objects.requireNonNull(record, "record");
    steps = List.copyOf(steps);
  }

  /** True when every step passed: the receipt is genuine, correctly priced and settled. */
  public boolean verified() {
    return !steps.isEmpty() && steps.stream().allMatch(Step::passed);
  }

  /** The failed steps, in order; empty when {@link #verified}. */
  public List<Step> failures() {
    return steps.stream().filter(step -> !step.passed()).toList();
  }
}
