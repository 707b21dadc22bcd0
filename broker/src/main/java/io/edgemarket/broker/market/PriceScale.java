package io.edgemarket.broker.market;

import java.util.Map;
import java.util.NavigableSet;

/**
 * How much a price weighs in a match: {@code PRICE × (1 − cheapest / price)}, the share of the
 * price above the cheapest offer filed for the runtime. The cheapest costs nothing, twice its price
 * half the weight, ten times 0.9 of it: a difference the consumer pays for weighs the same whether
 * the ticket's ceiling is 300 or the SDK's default of 10^6 (against the ceiling, 70 and 100
 * differed by 10^-5 and load and latency alone decided; the market simulator showed the broker
 * keeping work on offers 43 % dearer than the cheapest live one).
 *
 * <p>{@code cheapest} is the lowest price of the cheapest non-empty price bucket of the runtime's
 * {@link OfferIndex.Partition}, read once per match: every filed price is at least it, so each term
 * is in [0, PRICE) and grows with the price, and a bucket's term bounds its offers' terms as the
 * index's walk needs.
 */
record PriceScale(long cheapest) {
  static PriceScale of(OfferIndex.Partition partition) {
    if (partition != null) {
      for (Map.Entry<OfferIndex.BucketKey, NavigableSet<OfferIndex.Node>> bucket :
          partition.buckets().entrySet()) {
        if (!bucket.getValue().isEmpty()) {
          return new PriceScale(Math.max(0, bucket.getKey().lowestPrice()));
        }
      }
    }
    return new PriceScale(0);
  }

  /** The price term of an offer, or of a bucket from its lowest price. */
  double term(long price) {
    if (price <= 0 || price <= cheapest) {
      return 0;
    }
    return Matcher.PRICE * (1 - (double) cheapest / price);
  }
}
