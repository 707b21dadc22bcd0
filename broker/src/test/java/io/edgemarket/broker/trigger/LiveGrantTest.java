package io.edgemarket.broker.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgemarket.broker.invoke.InvocationRefusedException;
import io.edgemarket.broker.invoke.Refusal;
import io.edgemarket.model.Grant;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.ledger.Records.GrantStatus;
import io.edgemarket.testing.Await;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A firing's reservation is a ceiling: by default one call may reserve all of {@code maxSpend}. A
 * second firing beside it must wait for what the first gives back, not be refused as exhausted (the
 * chain's second alert was lost that way), while a grant used up with nothing in flight is refused
 * at once.
 */
class LiveGrantTest {
  private static final long T0 = 1_700_000_000_000L;

  @Test
  void aFiringBesideOneInFlightWaitsForWhatItGivesBack() throws Exception {
    LiveGrant grant = grant(10, 1_000, 1_000);
    long first = grant.reserve(T0);
    assertEquals(1_000, first, "one call may reserve the whole spend");
    CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> grant.reserve(T0));
    Await.until(
        "the second firing waits",
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getState() == Thread.State.TIMED_WAITING && waitsIn(t)));
    assertFalse(second.isDone(), "not refused while the first is in flight");
    grant.ran(first, 120);
    assertEquals(880, second.get(), "what the first did not spend is the second's ceiling");
  }

  @Test
  void aGrantUsedUpWithNothingInFlightIsRefusedAtOnce() {
    LiveGrant grant = grant(1, 1_000, 1_000);
    grant.ran(grant.reserve(T0), 100);
    InvocationRefusedException e =
        assertThrows(InvocationRefusedException.class, () -> grant.reserve(T0));
    assertEquals(Refusal.GRANT_EXHAUSTED, e.refusal());
  }

  @Test
  void aRefusedFiringGivesBackItsCallAndCeiling() {
    LiveGrant grant = grant(1, 1_000, 1_000);
    grant.refused(grant.reserve(T0));
    assertEquals(1_000, grant.reserve(T0));
  }

  private static boolean waitsIn(Thread thread) {
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().equals(LiveGrant.class.getName())) {
        return true;
      }
    }
    return false;
  }

  private static LiveGrant grant(long maxCalls, long maxSpend, long maxPricePerCall) {
    Grant grant =
        new Grant(
            "g",
            "c",
            "c/f",
            "d",
            "broker",
            GrantTrigger.chain("c/up", "always"),
            maxPricePerCall,
            maxCalls,
            maxSpend,
            T0,
            T0 + 3_600_000,
            "sig");
    return new LiveGrant(new GrantStatus(grant, T0, null, 0, 0));
  }
}
