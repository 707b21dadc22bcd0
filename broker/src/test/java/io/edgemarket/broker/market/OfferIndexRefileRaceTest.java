package io.edgemarket.broker.market;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import io.edgemarket.model.api.Heartbeat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An offer is re-filed at every dispatch's start and end. A match running meanwhile must still see
 * it: a re-filing files the offer anew before it takes the old filing out. (CI once refused one of
 * 200 concurrent calls on one provider with "no provider offers runtime wasm": a reader had looked
 * between the two steps of a re-filing that removed first.)
 */
class OfferIndexRefileRaceTest {
  private static final long NOW = MatcherTest.NOW;
  private static final FunctionSpec FUNCTION = MatcherTest.FUNCTION;
  private static final InvocationTicket TICKET = MatcherTest.TICKET;
  private static final int DISPATCHERS = 4;
  private static final int READS = 200_000;

  @Test
  void aMatchNeverMissesAnOfferWhileItsLoadIsReFiled() throws Exception {
    OfferBook book = new OfferBook(() -> NOW);
    Matcher matcher = new Matcher(book);
    Offer offer =
        new Offer(
            "only",
            "p",
            "http://x",
            "r",
            0,
            0,
            1000,
            512,
            64,
            List.of("wasm"),
            List.of(),
            10,
            0,
            NOW + 60_000,
            Offer.ACTIVE,
            NOW);
    book.replaceAll(List.of(offer));
    book.heartbeat(new Heartbeat("p", "only", null, 0, 64, 1000, 512, false, NOW));
    LiveOffer live = book.snapshot()[0];

    AtomicBoolean reading = new AtomicBoolean(true);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> dispatchers = new ArrayList<>();
    for (int d = 0; d < DISPATCHERS; d++) {
      // At most DISPATCHERS of 64 slots busy: the offer always serves and always has room.
      Thread t =
          new Thread(
              () -> {
                awaitQuietly(go);
                while (reading.get()) {
                  live.begin();
                  live.end();
                }
              });
      t.start();
      dispatchers.add(t);
    }
    AtomicInteger noRuntime = new AtomicInteger();
    AtomicInteger noOffer = new AtomicInteger();
    go.countDown();
    try {
      for (int i = 0; i < READS; i++) {
        if (!matcher.offersRuntime("wasm")) {
          noRuntime.incrementAndGet();
        }
        if (matcher.rank(FUNCTION, TICKET, 3).isEmpty()) {
          noOffer.incrementAndGet();
        }
      }
    } finally {
      reading.set(false);
      for (Thread t : dispatchers) {
        t.join();
      }
    }
    assertEquals(0, noRuntime.get(), "reads that found no serving offer of the runtime");
    assertEquals(0, noOffer.get(), "matches that found no offer with room");
    assertEquals(0, live.active(), "every dispatch ended");
    assertEquals(List.of(live), matcher.rank(FUNCTION, TICKET, 3), "filed once, as it is now");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
