package io.edgemarket.broker.link;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.link.LinkFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells linked agents which of their receipts the settlement queue now holds on disk, so that they
 * forget them (issue 11), and which the broker decided never to settle (a hedged call's losing
 * answer, issue 12): gathered as the queue forces, sent every second in one {@code settled} frame
 * per agent. An agent without a link is not told; its journal is swept by the ledger instead. At
 * most {@value #MAX_PER_PROVIDER} wait per agent: past that the oldest go untold.
 */
final class DurableAcks {
  static final int MAX_PER_PROVIDER = 100_000;

  private final Map<String, List<Long>> waiting = new ConcurrentHashMap<>();

  /** The queue has forced these receipts. */
  void durable(List<Receipt> receipts) {
    for (Receipt receipt : receipts) {
      decided(receipt.providerId(), receipt.sequence());
    }
  }

  /** The agent may forget its receipt {@code sequence}: held on disk, or never to be paid. */
  void decided(String providerId, long sequence) {
    List<Long> list = waiting.computeIfAbsent(providerId, p -> new ArrayList<>());
    synchronized (list) {
      if (list.size() < MAX_PER_PROVIDER) {
        list.add(sequence);
      }
    }
  }

  /** Sends what waits to each linked agent; drops what waits for agents without a link. */
  void flush(Map<String, LinkSession> linked) {
    for (Map.Entry<String, List<Long>> entry : waiting.entrySet()) {
      List<Long> list = entry.getValue();
      List<Long> sequences;
      synchronized (list) {
        if (list.isEmpty()) {
          continue;
        }
        sequences = new ArrayList<>(list);
        list.clear();
      }
      LinkSession session = linked.get(entry.getKey());
      if (session != null && session.state() == LinkSession.State.LINKED) {
        for (int i = 0; i < sequences.size(); i += 4096) {
          List<Long> part = sequences.subList(i, Math.min(sequences.size(), i + 4096));
          session.send(LinkFrame.settled(List.copyOf(part)), error -> {});
        }
      }
    }
  }
}
