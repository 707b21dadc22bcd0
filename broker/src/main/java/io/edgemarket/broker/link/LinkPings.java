package io.edgemarket.broker.link;

import io.edgemarket.broker.market.OfferBook;
import io.edgemarket.model.link.LinkFrame;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Measures each link's round trip (issue 12: placement by measured network latency): a {@code ping}
 * down every link, which the agent answers with a {@code pong} from the thread that read it, so the
 * round trip is the network's and not a queue's. The provider's stats keep a moving average that
 * the matcher weighs; a ping unanswered within {@link #TIMEOUT_MILLIS} counts as that long.
 */
final class LinkPings {
  static final long EVERY_MILLIS = 2_000;
  static final long TIMEOUT_MILLIS = 5_000;

  private final OfferBook book;

  LinkPings(OfferBook book) {
    this.book = book;
  }

  /** Pings every linked session; answers arrive on the link's threads. */
  void ping(Map<String, LinkSession> linked) {
    linked.forEach(
        (provider, session) -> {
          long sent = System.nanoTime();
          session
              .ask(LinkFrame::ping)
              .orTimeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
              .whenComplete(
                  (pong, error) -> {
                    if (session.state() != LinkSession.State.LINKED) {
                      return; // a broken link is not a slow one: the book drops its offers
                    }
                    long nanos =
                        error == null
                            ? System.nanoTime() - sent
                            : TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
                    book.stats(provider).linkRoundTrip(nanos);
                  });
        });
  }
}
