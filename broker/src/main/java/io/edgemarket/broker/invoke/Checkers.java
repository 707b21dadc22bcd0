package io.edgemarket.broker.invoke;

import io.edgemarket.broker.market.LiveOffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who checks a sampled run: drawn among the matched offers, not taken in rank order. In rank order
 * the cheapest providers check each other, so a handful of liars that undercut the market are each
 * other's only checkers and no honest run ever outvotes them (the market simulator showed it: every
 * call disputed, nobody slashed, the liars kept winning on price). The draw is keyed by a secret
 * this broker picks at start, so a provider cannot tell from a ticket who will check its run, and
 * lie only when a partner will.
 */
final class Checkers {
  private final SecretKeySpec key;

  Checkers() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, "HmacSHA256");
  }

  /**
   * The candidates {@code eligible} admits, in the order run {@code replica} of {@code
   * invocationId} should ask them: the first is drawn uniformly, the rest follow in rank order so a
   * busy or failing draw still finds a checker.
   */
  List<LiveOffer> order(
      String invocationId, int replica, List<LiveOffer> ranked, Predicate<LiveOffer> eligible) {
    List<LiveOffer> open = new ArrayList<>();
    List<LiveOffer> suspect = new ArrayList<>();
    for (LiveOffer live : ranked) {
      if (eligible.test(live)) {
        (live.stats().disputesLost() > 0 ? suspect : open).add(live);
      }
    }
    if (open.size() > 1) {
      open.add(0, open.remove(draw(invocationId, replica, open.size())));
    }
    // A provider that lost a dispute checks only when no other can: its word is worth less.
    open.addAll(suspect);
    return open;
  }

  private int draw(String invocationId, int replica, int choices) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] tag = mac.doFinal((invocationId + "#" + replica).getBytes(StandardCharsets.UTF_8));
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (tag[i] & 0xff);
      }
      return (int) Long.remainderUnsigned(value, choices);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
