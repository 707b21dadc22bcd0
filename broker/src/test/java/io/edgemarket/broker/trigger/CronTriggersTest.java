package io.edgemarket.broker.trigger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.broker.invoke.InvocationRefusedException;
import io.edgemarket.broker.invoke.Refusal;
import io.edgemarket.model.Grant;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.ledger.Records.GrantStatus;
import io.edgemarket.testing.Await;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The scheduler driven by a clock of the test's own: which firings happen, and which do not. */
class CronTriggersTest {
  private static final long T0 = Instant.parse("2026-05-01T12:00:00.400Z").toEpochMilli();
  private static final Executor NOW = Runnable::run;

  private final AtomicLong clock = new AtomicLong(T0);
  private final List<String> outcomes = new CopyOnWriteArrayList<>();
  private final List<String> fired = new CopyOnWriteArrayList<>();
  private final List<RuntimeException> failures = new ArrayList<>();
  private final CronTriggers schedules =
      new CronTriggers("broker", this::fire, clock::get, outcomes::add);

  private InvocationResult fire(Grant grant, byte[] input, long maxPrice, String limitKey) {
    if (!failures.isEmpty()) {
      throw failures.remove(0);
    }
    fired.add(grant.grantId() + ":" + new String(input, UTF_8) + ":" + maxPrice);
    return new InvocationResult(
        "i-" + fired.size(),
        InvocationResult.Status.OK,
        new byte[0],
        null,
        null,
        40,
        "p",
        null,
        null,
        null,
        false,
        null);
  }

  private static GrantStatus grant(String id, String broker, String trigger, long maxCalls) {
    Grant grant =
        new Grant(
            id,
            "c",
            "c/upper",
            "d",
            broker,
            trigger,
            100,
            maxCalls,
            10_000,
            T0,
            T0 + 3_600_000,
            "sig");
    return new GrantStatus(grant, T0, null, 0, 0);
  }

  private long tickAt(long at) {
    clock.set(at);
    return schedules.tick(NOW);
  }

  @Test
  void firesEachSecondWithItsInputUpToMaxCallsThenStops() {
    schedules.upsert(
        grant("g", "broker", GrantTrigger.cron("*/1 * * * * *", "tick".getBytes(UTF_8)), 3));
    assertEquals(1, schedules.live());
    assertEquals(T0 + 600, tickAt(T0 + 100)); // nothing due yet: next is 12:00:01
    assertEquals(List.of(), fired);
    for (int s = 1; s <= 3; s++) {
      assertEquals(T0 - 400 + (s + 1) * 1000L, tickAt(T0 - 400 + s * 1000L));
    }
    assertEquals(List.of("g:tick:100", "g:tick:100", "g:tick:100"), fired);
    tickAt(T0 - 400 + 4_000);
    assertEquals(List.of("ok", "ok", "ok", "refused"), outcomes);
    assertEquals(0, schedules.live());
    assertEquals(Long.MAX_VALUE, tickAt(T0 + 60_000));
    assertEquals(3, fired.size());
  }

  @Test
  void firingsMissedAreSkippedNotReplayed() {
    schedules.upsert(grant("g", "broker", GrantTrigger.cron("*/1 * * * * *", null), 100));
    tickAt(T0 + 30_000); // thirty seconds late: one firing, not thirty
    assertEquals(List.of("g::100"), fired);
    assertEquals(T0 + 30_600, tickAt(T0 + 30_100));
    assertEquals(1, fired.size());
  }

  @Test
  void aFailingFiringChargesNothingAndTheScheduleGoesOn() {
    schedules.upsert(grant("g", "broker", GrantTrigger.cron("*/1 * * * * *", null), 1));
    failures.add(new InvocationRefusedException(Refusal.NO_OFFER, "no provider"));
    failures.add(new IllegalStateException("dispatch failed"));
    tickAt(T0 + 600);
    tickAt(T0 + 1_600);
    tickAt(T0 + 2_600); // maxCalls 1: the failures did not use it up
    assertEquals(List.of("failed", "failed", "ok"), outcomes);
    assertEquals(1, fired.size());
  }

  @Test
  void aRevokedGrantStopsAndOtherGrantsAreNotScheduled() {
    GrantStatus live = grant("g", "broker", GrantTrigger.cron("0 * * * * *", null), 10);
    schedules.upsert(live);
    schedules.upsert(grant("other", "broker-2", GrantTrigger.cron("* * * * * *", null), 10));
    schedules.upsert(grant("route", "broker", GrantTrigger.route("r", "key"), 10));
    assertEquals(1, schedules.live());
    tickAt(T0 + 59_600);
    assertEquals(1, fired.size());
    schedules.upsert(new GrantStatus(live.grant(), T0, T0 + 60_000, 1, 40));
    tickAt(T0 + 119_600);
    assertEquals(1, fired.size());
    assertEquals(0, schedules.live());
  }

  @Test
  void itsThreadFiresOnTheRealClockAndStopsWhenClosed() throws Exception {
    CronTriggers real =
        new CronTriggers("broker", this::fire, System::currentTimeMillis, outcomes::add);
    Grant g = grant("g", "broker", GrantTrigger.cron("* * * * * *", null), 2).grant();
    real.start();
    real.upsert(
        new GrantStatus(
            new Grant(
                g.grantId(),
                g.consumerId(),
                g.functionId(),
                g.functionDigest(),
                g.brokerId(),
                g.trigger(),
                100,
                2,
                10_000,
                0,
                System.currentTimeMillis() + 600_000,
                "sig"),
            0,
            null,
            0,
            0));
    Await.until("two firings and the refusal that stops it", () -> outcomes.size() >= 3);
    real.close();
    assertEquals(List.of("ok", "ok", "refused"), outcomes);
  }
}
