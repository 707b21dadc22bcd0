package io.edgemarket.broker.market;

import java.util.ArrayList;
import java.util.List;

/**
 * The best offer of each of the {@code k} best providers among the offers it is shown, in any
 * order: offers are compared by score, then by place in the book's snapshot, which is what one pass
 * over the snapshot keeping the first of equal scores decides.
 */
final class Shortlist {
  private final LiveOffer[] best;
  private final double[] scores;
  private final int[] places;
  private int size;

  Shortlist(int k) {
    best = new LiveOffer[k];
    scores = new double[k];
    places = new int[k];
  }

  boolean full() {
    return size == best.length;
  }

  /** The score of the last offer kept (only meaningful when full). */
  double worst() {
    return scores[size - 1];
  }

  /**
   * Whether an offer scoring at least {@code least} could still be kept: a full list keeps nothing
   * after its last, and a provider already in it is there with a better offer than that.
   */
  boolean couldTake(double least, int place) {
    return !full() || before(least, place, size - 1);
  }

  void offer(LiveOffer live, double score, int place) {
    String provider = live.offer().providerId();
    int same = -1;
    for (int i = 0; i < size; i++) {
      if (best[i].offer().providerId().equals(provider)) {
        same = i;
        break;
      }
    }
    if (same >= 0) {
      if (!before(score, place, same)) {
        return;
      }
      int tail = size - same - 1;
      System.arraycopy(best, same + 1, best, same, tail);
      System.arraycopy(scores, same + 1, scores, same, tail);
      System.arraycopy(places, same + 1, places, same, tail);
      size--;
    } else if (full() && !before(score, place, size - 1)) {
      return;
    }
    int at = full() ? size - 1 : size++;
    while (at > 0 && before(score, place, at - 1)) {
      best[at] = best[at - 1];
      scores[at] = scores[at - 1];
      places[at] = places[at - 1];
      at--;
    }
    best[at] = live;
    scores[at] = score;
    places[at] = place;
  }

  List<LiveOffer> ranked() {
    List<LiveOffer> ranked = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      ranked.add(best[i]);
    }
    return ranked;
  }

  private boolean before(double score, int place, int i) {
    return score < scores[i] || (score == scores[i] && place < places[i]);
  }
}
