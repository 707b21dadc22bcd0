package io.edgemarket.broker.link;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.link.KeptOutput;
import io.edgemarket.model.link.LinkFrame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One re-collection from a linked agent (issue 11): pages of the receipts it kept, oldest first,
 * each offered to the {@link Recollector}; after each page the queue is forced and the agent told
 * which receipts it may forget. A hostile agent gets nothing it could not get on the invocation
 * path (every receipt is verified as a fresh one), and its cost is bounded: at most {@value
 * #MAX_RECEIPTS} receipts, {@value #MAX_REFUSED} refused ones, one page in flight, sequences only
 * ever increasing, and pages of at most {@link LinkFrame#RECEIPTS_PER_FRAME}. Each receipt goes
 * with its run's output when the agent kept it (issue 16); the collection ends at an empty page,
 * since a page of large outputs is cut short.
 */
final class ReceiptCollection {
  static final int MAX_RECEIPTS = 50_000;
  static final int MAX_REFUSED = 16;
  static final long PAGE_TIMEOUT_MILLIS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(ReceiptCollection.class);

  private ReceiptCollection() {}

  /** Collects from {@code providerId}'s {@code session}; returns how many receipts were taken. */
  static int run(String providerId, LinkSession session, Recollector recollector) {
    long after = -1;
    int seen = 0;
    int taken = 0;
    int refused = 0;
    String stopped = null;
    while (stopped == null && seen < MAX_RECEIPTS) {
      long cursor = after;
      List<Receipt> page;
      Map<Long, KeptOutput> outputs = new HashMap<>();
      try {
        LinkFrame answer =
            session
                .ask(id -> LinkFrame.collect(id, cursor))
                .get(PAGE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        page = LinkFrame.RECEIPTS.equals(answer.type()) ? answer.receipts() : null;
        if (page != null && answer.outputs() != null) {
          for (KeptOutput output : answer.outputs()) {
            if (output != null) {
              outputs.putIfAbsent(output.sequence(), output);
            }
          }
        }
      } catch (ExecutionException | TimeoutException e) {
        stopped = "no answer: " + e;
        break;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return taken;
      }
      if (page == null
          || page.size() > LinkFrame.RECEIPTS_PER_FRAME
          || outputs.size() > page.size()) {
        stopped = "malformed page";
        break;
      }
      List<Long> forget = new ArrayList<>();
      boolean took = false;
      for (Receipt receipt : page) {
        if (receipt == null || receipt.sequence() <= after) {
          stopped = "receipts out of order";
          break;
        }
        after = receipt.sequence();
        seen++;
        Recollector.Verdict verdict =
            recollector.offer(providerId, receipt, outputs.get(receipt.sequence()));
        switch (verdict) {
          case TAKEN -> {
            took = true;
            taken++;
            forget.add(receipt.sequence());
          }
          case KNOWN -> forget.add(receipt.sequence());
          case REFUSED -> {
            forget.add(receipt.sequence());
            refused++;
          }
          case KEEP -> {}
          case RETRY -> stopped = "ledger unavailable";
        }
        if (refused >= MAX_REFUSED) {
          stopped = refused + " refused receipts";
        }
        if (stopped != null) {
          break;
        }
      }
      if (took) {
        try {
          recollector.sync();
        } catch (IOException e) {
          LOG.error("cannot force re-collected receipts; the agent keeps them", e);
          return taken;
        }
      }
      if (!forget.isEmpty()) {
        session.send(LinkFrame.settled(forget), error -> {});
      }
      if (page.isEmpty()) {
        break;
      }
    }
    if (refused > 0 || stopped != null) {
      LOG.warn(
          "receipt collection from {}: {} seen, {} taken, {} refused{}",
          providerId,
          seen,
          taken,
          refused,
          stopped == null ? "" : "; stopped: " + stopped);
    } else if (taken > 0) {
      LOG.info("receipt collection from {}: {} seen, {} taken", providerId, seen, taken);
    }
    return taken;
  }
}
