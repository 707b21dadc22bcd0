package io.edgemarket.broker.market;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import java.util.ArrayList;
import java.util.List;

/**
 * The matcher as it was before the index (issue 11), kept as the reference the indexed one must
 * agree with: one linear pass over the book's snapshot keeping the best offer of each of the {@code
 * k} best providers, the first of equal scores. Fit and score are the production ones, so the
 * comparison is about which offers are read and how they are ranked.
 */
final class ReferenceMatcher {
  private final OfferBook book;
  private final Matcher matcher;

  ReferenceMatcher(OfferBook book) {
    this.book = book;
    this.matcher = new Matcher(book);
  }

  List<LiveOffer> rank(FunctionSpec function, InvocationTicket ticket, int k) {
    long now = book.now();
    PriceScale scale = matcher.priceScale(function.runtime());
    LiveOffer[] best = new LiveOffer[k];
    double[] scores = new double[k];
    int size = 0;
    for (LiveOffer live : book.snapshot()) {
      if (!matcher.fits(live, function, ticket, now)) {
        continue;
      }
      double score = matcher.score(live, scale, now);
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

  boolean offersRuntime(String runtime) {
    long now = book.now();
    for (LiveOffer live : book.snapshot()) {
      if (book.serving(live, now) && live.offer().runtimes().contains(runtime)) {
        return true;
      }
    }
    return false;
  }
}
