package io.edgemarket.broker.trigger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Grant;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.ledger.Records.GrantStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which runs fire a chain step, and which do not. The firing is the test's own, standing for {@code
 * InvocationService.fire}: a step that ran OK is reported back as the broker does, so chains run as
 * they would, on the triggers' own pool.
 */
class ChainTriggersTest {
  private static final long T0 = Instant.parse("2026-05-01T12:00:00Z").toEpochMilli();

  private final List<String> outcomes = new CopyOnWriteArrayList<>();
  private final List<String> fired = new CopyOnWriteArrayList<>();
  private final ThreadPoolExecutor pool =
      new ThreadPoolExecutor(2, 2, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
  private final ChainTriggers chains =
      new ChainTriggers("broker", this::fire, () -> T0 + 1_000, outcomes::add, pool);

  private InvocationResult fire(
      Grant grant, byte[] input, long maxPrice, String limitKey, String invocationId) {
    String output = grant.functionId().equals("c/alert") ? "alerted " : "";
    output += new String(input, UTF_8);
    fired.add(grant.grantId() + ":" + new String(input, UTF_8) + ":" + limitKey);
    chains.succeeded(ticket(invocationId, grant.consumerId(), grant.functionId()), bytes(output));
    return new InvocationResult(
        invocationId,
        InvocationResult.Status.OK,
        bytes(output),
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

  @AfterEach
  void stop() {
    chains.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  private static InvocationTicket ticket(String invocationId, String consumer, String function) {
    return new InvocationTicket(
        invocationId,
        consumer,
        "broker",
        function,
        "d",
        "s",
        "h",
        100,
        T0,
        T0 + 60_000,
        "sig",
        null);
  }

  private static GrantStatus grant(String id, String consumer, String function, String trigger) {
    Grant grant =
        new Grant(
            id,
            consumer,
            function,
            "d",
            "broker",
            trigger,
            100,
            100,
            10_000,
            T0,
            T0 + 3_600_000,
            "sig");
    return new GrantStatus(grant, T0, null, 0, 0);
  }

  private void settle() throws InterruptedException {
    // A step hands the next to the pool before it ends: once nothing runs or waits, all is done.
    int idle = 0;
    for (int i = 0; i < 500 && idle < 3; i++) {
      Thread.sleep(10);
      idle = pool.getActiveCount() == 0 && pool.getQueue().isEmpty() ? idle + 1 : 0;
    }
    assertEquals(3, idle);
  }

  @Test
  void aStepFiresOnlyWhenTheUpstreamOutputMeetsItsCondition() throws Exception {
    chains.upsert(grant("g", "c", "c/alert", GrantTrigger.chain("c/detector", "contains:ALERT")));
    chains.succeeded(ticket("i-1", "c", "c/detector"), bytes("ok 50"));
    chains.succeeded(ticket("i-2", "c", "c/detector"), bytes("ALERT 150"));
    chains.succeeded(ticket("i-3", "c", "c/other"), bytes("ALERT 150"));
    settle();
    assertEquals(List.of("g:ALERT 150:chain g"), fired);
    // i-1 was judged and fired nothing; i-3 is not the step's upstream and is not judged at all.
    assertEquals(List.of("ok", "skipped"), outcomes.stream().sorted().toList());
  }

  @Test
  void anotherConsumersRunOfTheUpstreamFiresNothing() throws Exception {
    chains.upsert(grant("g", "c", "c/alert", GrantTrigger.chain("c/detector", "always")));
    chains.upsert(grant("elsewhere", "c", "c/alert", GrantTrigger.chain("c/x", "always")));
    chains.succeeded(ticket("i-1", "stranger", "c/detector"), bytes("ALERT"));
    settle();
    assertEquals(List.of(), fired);
    assertEquals(List.of(), outcomes);
  }

  @Test
  void theDepthBoundStopsALoop() throws Exception {
    chains.upsert(grant("ab", "c", "c/b", GrantTrigger.chain("c/a", "always")));
    chains.upsert(grant("ba", "c", "c/a", GrantTrigger.chain("c/b", "nonEmpty")));
    chains.succeeded(ticket("i-1", "c", "c/a"), bytes("x"));
    settle();
    assertEquals(ChainTriggers.MAX_DEPTH, fired.size());
    assertEquals(List.of("ab:x:chain ab", "ba:x:chain ba"), fired.subList(0, 2));
    List<String> expected = new ArrayList<>(Collections.nCopies(ChainTriggers.MAX_DEPTH, "ok"));
    expected.add("refused");
    // The deepest step's success is reported (and refused) before its own outcome.
    assertEquals(expected, outcomes.stream().sorted().toList());
  }

  @Test
  void theSameUpstreamResultFiresAStepOnce() throws Exception {
    chains.upsert(grant("g", "c", "c/alert", GrantTrigger.chain("c/detector", "always")));
    chains.succeeded(ticket("i-1", "c", "c/detector"), bytes("a"));
    chains.succeeded(ticket("i-1", "c", "c/detector"), bytes("a"));
    settle();
    assertEquals(1, fired.size());
    assertEquals("chain-1-", ChainTriggers.stepId("g", "i-1", 1).substring(0, 8));
    assertEquals(ChainTriggers.stepId("g", "i-1", 1), ChainTriggers.stepId("g", "i-1", 1));
    assertTrue(!ChainTriggers.stepId("g", "i-1", 1).equals(ChainTriggers.stepId("h", "i-1", 1)));
    assertEquals(3, ChainTriggers.depthOf(ChainTriggers.stepId("g", "i-1", 3)));
    assertEquals(0, ChainTriggers.depthOf("i-1"));
    assertEquals(0, ChainTriggers.depthOf("chain--1-x"));
  }

  @Test
  void aRevokedOrSpentGrantFiresNothing() throws Exception {
    GrantStatus live = grant("g", "c", "c/alert", GrantTrigger.chain("c/detector", "always"));
    chains.upsert(live);
    chains.upsert(new GrantStatus(live.grant(), T0, T0 + 500, 0, 0));
    chains.succeeded(ticket("i-1", "c", "c/detector"), bytes("a"));
    settle();
    assertEquals(List.of(), fired);
    assertEquals(List.of("refused"), outcomes);
  }
}
