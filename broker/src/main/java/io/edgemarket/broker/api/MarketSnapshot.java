package io.edgemarket.broker.api;

import java.util.List;

/**
 * One event of {@code GET /api/v1/public/events}: the market as the overview page draws it. Public
 * and read-only like {@code /public/market}: no endpoints, nothing a consumer sent.
 *
 * @param at when it was taken (ms since the epoch, the broker's clock)
 * @param ledger the ledger backend's name
 * @param offers offers serving now
 */
record MarketSnapshot(
    long at,
    String ledger,
    List<Provider> providers,
    int offers,
    Invocations invocations,
    Settlement settlement,
    List<PriceLevel> prices) {

  /**
   * A provider serving now.
   *
   * @param regions the regions its serving offers declare, sorted
   * @param activeInvocations running on its offers now
   * @param capacity invocations its offers take at once
   * @param health {@code ok}, {@code suspect} (a fault in the last 30 s: it gets no work) or {@code
   *     draining} (every offer draining)
   * @param reputation the share of its recent invocations that went well, 0 to 1
   * @param stake what it locked on the ledger behind its serving offers
   * @param latencyMillis its measured round trip, -1 before any
   */
  record Provider(
      String providerId,
      List<String> regions,
      int offers,
      int activeInvocations,
      int capacity,
      String health,
      double reputation,
      long stake,
      double latencyMillis,
      long successes,
      long faults) {}

  /**
   * Invocations: totals since the broker started, and what ended in the last {@code windowSeconds}
   * complete seconds (the percentiles are of the served ones; null when none was).
   */
  record Invocations(
      long total,
      long ok,
      long functionErrors,
      long failed,
      int windowSeconds,
      double ratePerSecond,
      Double p50Millis,
      Double p99Millis) {}

  /**
   * Settlement: {@code lagMillis} is the age of the oldest receipt waiting (0: none waits).
   *
   * @param recentBatches newest first
   */
  record Settlement(
      long lagMillis,
      int pendingReceipts,
      long batches,
      long settledReceipts,
      long rejectedReceipts,
      long settledAmount,
      List<Batch> recentBatches) {}

  /** A recorded batch; {@code lagMillis}: how long its oldest receipt waited (null: unknown). */
  record Batch(
      String batchId,
      String merkleRoot,
      int settled,
      int rejected,
      long totalAmount,
      long at,
      Long lagMillis) {}

  /** The serving offers at one price, with what they take at once and run now. */
  record PriceLevel(
      long pricePerInvocation,
      long pricePerMegaFuel,
      int offers,
      int capacity,
      int activeInvocations) {}
}
