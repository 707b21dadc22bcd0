package io.edgemarket.sdk;

import java.util.List;

/**
 * What an audit checked and what it found. The audit is {@link #ok()} when nothing at all was found
 * wrong; each discrepancy names its kind and the record concerned.
 *
 * @param batches settlement batches checked
 * @param receiptsChecked settled receipts checked individually
 * @param totalSettledAmount sum of the amounts of all settled receipts, in minor units
 * @param totalFees sum of the broker fees taken on them
 * @param accounts accounts whose balances were checked (the issuer included)
 * @param journalEntries journal entries replayed
 * @param disputes disputes checked (evidence, and the verdict of resolved ones)
 * @param slashes slash journal entries checked against their disputes
 * @param discrepancies everything found wrong, in the order found
 */
public record AuditReport(
    int batches,
    long receiptsChecked,
    long totalSettledAmount,
    long totalFees,
    int accounts,
    long journalEntries,
    int disputes,
    int slashes,
    List<Discrepancy> discrepancies) {

  public AuditReport {
    discrepancies = discrepancies == null ? List.of() : List.copyOf(discrepancies);
  }

  /** A report of a market without disputes. */
  public AuditReport(
      int batches,
      long receiptsChecked,
      long totalSettledAmount,
      long totalFees,
      int accounts,
      long journalEntries,
      List<Discrepancy> discrepancies) {
    this(
        batches,
        receiptsChecked,
        totalSettledAmount,
        totalFees,
        accounts,
        journalEntries,
        0,
        0,
        discrepancies);
  }

  /** True when the audit found no discrepancy. */
  public boolean ok() {
    return discrepancies.isEmpty();
  }

  /** The discrepancies of one kind. */
  public List<Discrepancy> of(Discrepancy.Kind kind) {
    return discrepancies.stream().filter(d -> d.kind() == kind).toList();
  }
}
