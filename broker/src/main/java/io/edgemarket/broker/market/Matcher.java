package io.edgemarket.broker.market;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import java.util.ArrayList;
import java.util.List;

/**
 * Ranks the offers that fit an invocation. One linear pass over the book's snapshot keeps the best
 * offer of each of the {@code k} best providers, so a failover goes to a different machine and no
 * sort of the whole book is needed. Lower scores are better; each term is scaled to [0, 1]:
 *
 * <ul>
 *   <li>price relative to what the consumer will pay: cheap offers win, the consumer's money;
 *   <li>load (active / max concurrency): spreads work before queues form on one agent;
 *   <li>latency ({@code ms / (ms + 10)}): what the paper's SDN controller optimises;
 *   <li>reputation (1 - success ratio): providers that fail lose work.
 * </ul>
 *
 * Suspect providers (a recent fault) get a penalty larger than any sum of the terms: they are tried
 * only when nothing else fits. Providers the ledger found wrong in a dispute (their reputation on
 * the ledger) get a smaller one, still larger than the terms: honest providers are preferred, and a
 * provider that lost a dispute gets work only when they are all taken. An offer whose stake is
 * below the function's {@code minStake} never fits.
 */
public final class Matcher {
  private static final double PRICE = 0.35;
  private static final double LOAD = 0.25;
  private static final double LATENCY = 0.2;
  private static final double REPUTATION = 0.2;
  private static final double SUSPECT_PENALTY = 10;
  private static final double LOST_DISPUTE_PENALTY = 5;

  /** Latency assumed for a provider never measured: optimistic, so newcomers get tried. */
  private static final double UNMEASURED_MS = 2;

  private static final long MIB = 1024L * 1024L;

  private final OfferBook book;

  public Matcher(OfferBook book) {
    this.book = book;
  }

  /** Up to {@code k} offers, best first, each from a different provider. */
  public List<LiveOffer> rank(FunctionSpec function, InvocationTicket ticket, int k) {
    long now = book.now();
    LiveOffer[] best = new LiveOffer[k];
    double[] scores = new double[k];
    int size = 0;
    for (LiveOffer live : book.snapshot()) {
      if (!fits(live, function, ticket, now)) {
        continue;
      }
      double score = score(live, ticket, now);
      String provider = live.offer().providerId();
      int same = -1;
      for (int i = 0; i < size; i++) {
        if (best[i].offer().providerId().equals(provider)) {
          same = i;
          break;
        }
      }
      if (same >= 0) {
        if (score >= scores[same]) {
          continue;
        }
        System.arraycopy(best, same + 1, best, same, size - same - 1);
        System.arraycopy(scores, same + 1, scores, same, size - same - 1);
        size--;
      } else if (size == k && score >= scores[k - 1]) {
        continue;
      }
      int at = size == k ? k - 1 : size++;
      while (at > 0 && scores[at - 1] > score) {
        best[at] = best[at - 1];
        scores[at] = scores[at - 1];
        at--;
      }
      best[at] = live;
      scores[at] = score;
    }
    List<LiveOffer> ranked = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      ranked.add(best[i]);
    }
    return ranked;
  }

  /**
   * Whether any serving offer runs code of this runtime at all, whatever its price, memory or load.
   * When none does, no ticket could be matched, however generous: the consumer is told so before
   * any escrow is held, instead of a generic "nothing fits now".
   */
  public boolean offersRuntime(String runtime) {
    long now = book.now();
    for (LiveOffer live : book.snapshot()) {
      if (book.serving(live, now) && live.offer().runtimes().contains(runtime)) {
        return true;
      }
    }
    return false;
  }

  /** Whether an offer can run this invocation now, within what function and ticket allow. */
  boolean fits(LiveOffer live, FunctionSpec function, InvocationTicket ticket, long now) {
    Offer offer = live.offer();
    return book.serving(live, now)
        && offer.runtimes().contains(function.runtime())
        && offer.memoryMb() * MIB >= function.memoryLimitBytes()
        && offer.pricePerInvocation() <= function.maxPricePerInvocation()
        && offer.pricePerInvocation() <= ticket.maxPrice()
        && offer.stake() >= function.minStake()
        && live.active() < live.maxConcurrency();
  }

  double score(LiveOffer live, InvocationTicket ticket, long now) {
    ProviderStats stats = live.stats();
    double price = (double) live.offer().pricePerInvocation() / Math.max(1, ticket.maxPrice());
    double load = (double) live.active() / Math.max(1, live.maxConcurrency());
    double ms = stats.latencyMillis() < 0 ? UNMEASURED_MS : stats.latencyMillis();
    double score =
        PRICE * price
            + LOAD * load
            + LATENCY * (ms / (ms + 10))
            + REPUTATION * (1 - stats.reputation());
    if (stats.disputesLost() > 0) {
      score += LOST_DISPUTE_PENALTY;
    }
    return stats.suspectAt(now) ? score + SUSPECT_PENALTY : score;
  }
}
