package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvocationException;
import io.edgemarket.sdk.InvokeOptions;
import io.edgemarket.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Callers invoking one function in a loop, each with its own invocation ids, through a fault (a
 * killed broker, a stopped peer) the test brings about between {@link #start} and {@link #stop};
 * then {@link #verify} holds the market to issue 16: every call retried with its id gets its first
 * result, every answered invocation is confirmed settled from the ledger, and the consumer is
 * charged exactly once for each.
 */
final class CallerLoad {
  /** What a caller was told about one invocation, relative to the fault. */
  record Told(
      String id, byte[] input, InvocationResult result, boolean beforeFault, boolean crossed) {}

  /** What {@link #verify} found, for the test's own assertions and its printout. */
  record Summary(int invocations, int answeredBefore, int failures, long charged) {}

  private final EdgeMarket consumer;
  private final String function;
  // Invocation ids are the ledger's receipt keys: on a ledger that outlives the test (Fabric),
  // another run's ids would be taken.
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final Map<String, byte[]> attempted = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Told> told = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<InvocationException> failures = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean faulted = new AtomicBoolean();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> callers = new ArrayList<>();

  private CallerLoad(EdgeMarket consumer, String function) {
    this.consumer = consumer;
    this.function = function;
  }

  static CallerLoad start(EdgeMarket consumer, String function, int callers) {
    CallerLoad load = new CallerLoad(consumer, function);
    for (int c = 0; c < callers; c++) {
      int caller = c;
      Thread thread = new Thread(() -> load.call(caller), "caller-" + c);
      load.callers.add(thread);
      thread.start();
    }
    return load;
  }

  private void call(int caller) {
    for (int n = 0; !stop.get(); n++) {
      String id = "caller-" + run + "-" + caller + "-" + n;
      byte[] input = ("caller " + caller + " call " + n).getBytes(StandardCharsets.UTF_8);
      attempted.put(id, input);
      boolean startedBefore = !faulted.get();
      try {
        InvocationResult r =
            consumer.invoke(function, input, InvokeOptions.defaults().withInvocationId(id));
        boolean answeredAfter = faulted.get();
        told.add(
            new Told(
                id, input, r, startedBefore && !answeredAfter, startedBefore && answeredAfter));
      } catch (InvocationException e) {
        failures.add(e);
      }
    }
  }

  /** Until {@code more} answers have come in than now. */
  void awaitAnswers(int more, Duration bound) {
    int from = told.size();
    Await.until(more + " more answers", bound, () -> told.size() >= from + more);
  }

  /** Marks the fault: calls answered from now on count as answered after it. */
  void fault() {
    faulted.set(true);
  }

  int answeredBeforeFault() {
    return (int) told.stream().filter(Told::beforeFault).count();
  }

  int answeredAfterFault() {
    return (int) told.stream().filter(t -> !t.beforeFault()).count();
  }

  boolean someCallCrossedTheFault() {
    return told.stream().anyMatch(Told::crossed);
  }

  List<InvocationException> failures() {
    return List.copyOf(failures);
  }

  void stop() throws InterruptedException {
    stop.set(true);
    for (Thread thread : callers) {
      thread.join(120_000);
      assertFalse(thread.isAlive(), thread.getName() + " is stuck");
    }
  }

  /**
   * Retries every call with its id and input, confirms each invocation settled on the ledger with
   * the receipt first told, and checks the consumer's balance. Failures must carry one of {@code
   * allowedCodes}, never a bare transport exception.
   */
  Summary verify(long balanceBefore, Duration settle, Set<String> allowedCodes) throws Exception {
    int answeredBefore = answeredBeforeFault();
    for (InvocationException e : failures) {
      assertTrue(allowedCodes.contains(e.code()), () -> e + " (all failures: " + failures + ")");
      assertFalse(e.getMessage().contains("ClosedChannelException"), e::getMessage);
    }
    Map<String, Told> byId = new ConcurrentHashMap<>();
    told.forEach(t -> byId.put(t.id(), t));
    for (Map.Entry<String, byte[]> call : attempted.entrySet()) {
      InvocationResult again =
          consumer.invoke(
              function, call.getValue(), InvokeOptions.defaults().withInvocationId(call.getKey()));
      Told first = byId.get(call.getKey());
      if (first != null) {
        assertEquals(first.result().receipt(), again.receipt(), "first result of " + first.id());
      } else {
        byId.put(call.getKey(), new Told(call.getKey(), call.getValue(), again, false, false));
      }
      assertArrayEquals(call.getValue(), again.output(), "echo of " + call.getKey());
    }
    long charged = 0;
    for (Told t : byId.values()) {
      Receipt settled = consumer.awaitSettled(t.id(), settle);
      assertEquals(t.result().receipt(), settled, "settled receipt of " + t.id());
      charged += t.result().cost();
    }
    assertEquals(balanceBefore - charged, consumer.balance(), "charged once for each invocation");
    return new Summary(byId.size(), answeredBefore, failures.size(), charged);
  }
}
