package io.edgemarket.broker.api;

import io.edgemarket.broker.chain.LedgerReads;
import io.edgemarket.broker.settle.SettlementQueue;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Records.ReceiptRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * A participant's money over time, for its own view: its settled receipts from the ledger (by
 * provider or consumer, as the receipt index has them), bucketed by when they were paid, and what
 * waits in the settlement queue. Reads at most {@link #MAX_PAGES} pages of {@link #PAGE} receipts.
 */
final class MeMoney {
  static final int PAGE = 1000;
  static final int MAX_PAGES = 20;
  static final long DAY = 86_400_000L;

  /** The longest window one answer covers. */
  static final long MAX_WINDOW = 30 * DAY;

  /** Bucket widths, the narrowest that keeps the chart at most {@link #MAX_BUCKETS} wide. */
  private static final long[] WIDTHS = {60_000, 300_000, 900_000, 3_600_000, 21_600_000, DAY};

  static final int MAX_BUCKETS = 60;

  private MeMoney() {}

  /**
   * {@code by} is {@code provider} (amount: the provider's share) or {@code consumer} (amount: the
   * receipt's); {@code from} the window's start, already clamped.
   */
  static MeViews.Money of(
      LedgerReads ledger, SettlementQueue queue, String by, String id, long from, long now)
      throws LedgerException {
    boolean provider = "provider".equals(by);
    ToLongFunction<ReceiptRecord> amount =
        provider ? ReceiptRecord::providerShare : r -> r.receipt().amount();
    List<ReceiptRecord> settled = new ArrayList<>();
    String bookmark = "";
    boolean truncated = false;
    for (int page = 0; ; page++) {
      if (page == MAX_PAGES) {
        truncated = true;
        break;
      }
      Page<ReceiptRecord> slice = ledger.receipts(by, id, from, now, PAGE, bookmark);
      if (slice.records() != null) {
        settled.addAll(slice.records());
      }
      if (slice.last()) {
        break;
      }
      bookmark = slice.bookmark();
    }
    SettlementQueue.Pending waiting =
        queue.pending(r -> id.equals(provider ? r.providerId() : consumerOf(r)));
    long sum = 0;
    for (ReceiptRecord r : settled) {
      sum += amount.applyAsLong(r);
    }
    long width = width(settled, from, now);
    return new MeViews.Money(
        id,
        from,
        now,
        width,
        buckets(settled, amount, width, now),
        new MeViews.Sum(settled.size(), sum),
        new MeViews.Sum(waiting.receipts(), waiting.amount()),
        truncated);
  }

  private static String consumerOf(Receipt receipt) {
    return receipt.ticket() == null ? null : receipt.ticket().consumerId();
  }

  /** The narrowest width that shows the span from the first payment (or the window) to now. */
  static long width(List<ReceiptRecord> settled, long from, long now) {
    long first = settled.stream().mapToLong(ReceiptRecord::settledAt).min().orElse(now);
    long span = Math.max(0, now - Math.max(from, first));
    for (long width : WIDTHS) {
      if (span / width < MAX_BUCKETS) {
        return width;
      }
    }
    return WIDTHS[WIDTHS.length - 1];
  }

  /**
   * One bucket per width from the first payment's to now's, empty ones included (so a chart's time
   * axis is even); none when nothing was paid.
   */
  static List<MeViews.Bucket> buckets(
      List<ReceiptRecord> settled, ToLongFunction<ReceiptRecord> amount, long width, long now) {
    if (settled.isEmpty()) {
      return List.of();
    }
    TreeMap<Long, long[]> byStart = new TreeMap<>();
    for (ReceiptRecord r : settled) {
      long start = Math.floorDiv(r.settledAt(), width) * width;
      long[] cell = byStart.computeIfAbsent(start, k -> new long[2]);
      cell[0] += amount.applyAsLong(r);
      cell[1]++;
    }
    long last = Math.max(byStart.lastKey(), Math.floorDiv(now, width) * width);
    List<MeViews.Bucket> buckets = new ArrayList<>();
    for (long start = byStart.firstKey(); start <= last; start += width) {
      long[] cell = byStart.getOrDefault(start, new long[2]);
      buckets.add(new MeViews.Bucket(start, cell[0], (int) cell[1]));
    }
    return buckets;
  }
}
