package io.edgemarket.broker.market;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.model.Offer;
import io.edgemarket.model.api.Heartbeat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An agent's reported load is up to a heartbeat old. A call of this broker's that the report
 * counted, and that has ended since, no longer makes the agent look busy: otherwise a near agent
 * that just served a call lost the next one to a farther, idle one (the latency test once did).
 */
class ReportedLoadTest {
  private static final long NOW = MatcherTest.NOW;

  @Test
  void aDispatchThatEndedSinceTheHeartbeatIsTakenOffItsReport() {
    OfferBook book = new OfferBook(() -> NOW);
    book.replaceAll(List.of(offer()));
    LiveOffer live = book.snapshot()[0];
    live.begin();
    // The agent reports while the call runs: one active.
    book.heartbeat(new Heartbeat("p", "near", null, 1, 4, 1000, 512, false, NOW));
    assertEquals(1, book.snapshot()[0].active());

    live.end();
    assertEquals(0, book.snapshot()[0].active(), "the report's one call has ended");

    // Work the agent reports beyond this broker's (another broker's, say) still counts.
    book.heartbeat(new Heartbeat("p", "near", null, 3, 4, 1000, 512, false, NOW));
    assertEquals(3, book.snapshot()[0].active());
  }

  private static Offer offer() {
    return new Offer(
        "near",
        "p",
        "http://x",
        "r",
        0,
        0,
        1000,
        512,
        4,
        List.of("wasm"),
        List.of(),
        10,
        0,
        NOW + 60_000,
        Offer.ACTIVE,
        NOW);
  }
}
