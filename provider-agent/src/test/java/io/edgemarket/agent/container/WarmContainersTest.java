package io.edgemarket.agent.container;

import static io.edgemarket.agent.container.Functions.LIMITS;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgemarket.agent.container.TestImages.Image;
import io.edgemarket.agent.sandbox.Execution;
import io.edgemarket.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Containers started ahead, their entrypoint blocked reading stdin: still one fresh container per
 * invocation, each seeing only its own input, replaced when they die before their call, and held to
 * their limits from the call on.
 */
@ExtendWith(RequiresDocker.class)
class WarmContainersTest {
  private ContainerConfig config;
  private ContainerSandbox sandbox;

  private ContainerSandbox open(int warm, Image... images) throws Exception {
    config = Functions.config().withWarmPerImage(warm);
    sandbox = Functions.open(config, images);
    return sandbox;
  }

  @AfterEach
  void close() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void everyInvocationGetsAFreshContainerThatSeesOnlyItsOwnInput() throws Exception {
    open(1, Functions.WHOAMI);
    String digest = Functions.WHOAMI.digest();
    Set<String> hosts = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      warmUp(digest, i);
      String input = "call-" + i;
      Execution run = sandbox.run(digest, input.getBytes(UTF_8), LIMITS);

      assertTrue(run.isOk(), run::toString);
      List<String> lines = run.outputUtf8().lines().toList();
      assertEquals(input, lines.get(0), "exactly this call's input, nothing before or after");
      assertEquals(2, lines.size(), "no file of an earlier call in /tmp: " + lines);
      assertTrue(hosts.add(lines.get(1)), "a container serves one call: " + hosts);
    }
    assertEquals(3, sandbox.warmStarts(), "all three ran in containers started ahead");
  }

  @Test
  void concurrentCallsEachGetTheirOwnContainerAndInput() throws Exception {
    open(2, Functions.WHOAMI);
    String digest = Functions.WHOAMI.digest();
    sandbox.run(digest, new byte[0], LIMITS);
    // One call at a time wants one kept started: the four below find it and start three more.
    Await.until("a started container", () -> sandbox.warmContainers(digest) == 1);
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      List<Future<Execution>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        byte[] input = ("secret-" + i).getBytes(UTF_8);
        runs.add(callers.submit(() -> sandbox.run(digest, input, LIMITS)));
      }
      Set<String> hosts = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        List<String> lines = runs.get(i).get().outputUtf8().lines().toList();
        assertEquals(List.of("secret-" + i), lines.subList(0, 1), "only its own input");
        assertEquals(2, lines.size(), lines.toString());
        hosts.add(lines.get(1));
      }
      assertEquals(4, hosts.size(), "four calls, four containers");
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aStartedContainerRemovedFromOutsideIsReplacedAndTheCallSucceeds() throws Exception {
    open(1, Functions.UPPER);
    String digest = Functions.UPPER.digest();
    String waiting = warmUp(digest, 0);
    try (Engine engine = new Engine(RequiresDocker.HOST)) {
      engine.remove(waiting);
    }

    Execution run = sandbox.run(digest, "still served".getBytes(UTF_8), LIMITS);

    assertEquals("STILL SERVED", run.outputUtf8());
    assertEquals(1, sandbox.staleStarts(), "the dead container was noticed");
    assertEquals(0, sandbox.warmStarts(), "and not used");
    assertEquals(2, sandbox.coldStarts(), "the call started its own");
  }

  @Test
  void aStartedContainerKilledFromOutsideIsNotUsedAndIsRemoved() throws Exception {
    open(1, Functions.UPPER);
    String digest = Functions.UPPER.digest();
    String waiting = warmUp(digest, 0);
    try (Engine engine = new Engine(RequiresDocker.HOST)) {
      engine.kill(waiting);
      Await.until("it stopped", () -> !Boolean.TRUE.equals(engine.state(waiting).getRunning()));
    }

    Execution run = sandbox.run(digest, "again".getBytes(UTF_8), LIMITS);

    assertEquals("AGAIN", run.outputUtf8());
    assertEquals(1, sandbox.staleStarts());
    Await.until(
        "the killed one is removed", () -> !Functions.labelled(config.owner()).contains(waiting));
  }

  @Test
  void anImageThatExitsWithoutReadingStdinIsNoLongerStartedAhead() throws Exception {
    open(1, Functions.EXIT_3);
    String digest = Functions.EXIT_3.digest();
    for (int i = 0; i < 3; i++) {
      Execution run = sandbox.run(digest, new byte[0], LIMITS);

      assertEquals("exit code 3", run.error(), "its own run, never the early one's");
      assertEquals("partial\n", run.outputUtf8());
      if (i < 2) {
        Await.until("a container started ahead", () -> sandbox.warmContainers(digest) == 1);
        Await.until("only it is left", () -> Functions.labelled(config.owner()).size() == 1);
        String early = Functions.labelled(config.owner()).get(0);
        try (Engine engine = new Engine(RequiresDocker.HOST)) {
          Await.until("it exited", () -> !engine.state(early).getRunning());
        }
        Thread.sleep(200); // the engine answers the sandbox's wait a moment after the state
      }
    }
    Await.until("no container is left", () -> Functions.labelled(config.owner()).isEmpty());
    assertEquals(0, sandbox.warmContainers(digest), "not started ahead after stopping twice");
    assertEquals(2, sandbox.staleStarts());
    assertEquals(0, sandbox.warmStarts());
  }

  @Test
  void theDeadlineCountsFromTheCallAndStopsAStartedContainer() throws Exception {
    open(1, Functions.SPIN_AFTER_READ);
    String digest = Functions.SPIN_AFTER_READ.digest();
    warmUp(digest, 0);
    Thread.sleep(1_500); // longer than the deadline: waiting in the pool is not running

    Execution run =
        sandbox.run(digest, "go\n".getBytes(UTF_8), LIMITS.withDeadline(Duration.ofSeconds(1)));

    assertEquals(1, sandbox.warmStarts());
    assertEquals("deadline exceeded after 1000 ms", run.error());
    assertTrue(run.usage().wallNanos() >= 1_000_000_000L, run.usage().toString());
    assertTrue(run.usage().fuel() > 0, "the spin is billed");
  }

  @Test
  void theMemoryLimitHoldsInAStartedContainer() throws Exception {
    open(1, Functions.BOMB_AFTER_READ);
    String digest = Functions.BOMB_AFTER_READ.digest();
    ContainerLimits small = LIMITS.withMemory(16L << 20);
    sandbox.run(digest, new byte[0], small);
    Await.until("a started container", () -> sandbox.warmContainers(digest) == 1);

    Execution run = sandbox.run(digest, "go\n".getBytes(UTF_8), small);

    assertEquals(1, sandbox.warmStarts());
    assertEquals(Execution.Status.FUNCTION_ERROR, run.status());
    assertTrue(run.error().contains("out of memory"), run.error());
  }

  @Test
  void cpuUsedBeforeTheCallIsNotCharged() throws Exception {
    open(1, Functions.WORK_BEFORE_READ);
    assumeTrue(sandbox.metersCpu(), "fuel is wall time on this host: nothing before the call");
    String digest = Functions.WORK_BEFORE_READ.digest();
    long cold = sandbox.run(digest, "x".getBytes(UTF_8), LIMITS).usage().fuel();
    Await.until("a started container", () -> sandbox.warmContainers(digest) == 1);
    Thread.sleep(3 * cold / 1000 + 500); // its work before reading stdin is done by then

    Execution warm = sandbox.run(digest, "x".getBytes(UTF_8), LIMITS);

    assertEquals("x", warm.outputUtf8());
    assertEquals(1, sandbox.warmStarts());
    assertTrue(
        warm.usage().fuel() < cold / 2,
        "cold " + cold + " µs includes the work before stdin, warm " + warm.usage().fuel());
  }

  /** Runs a first call unless one ran, waits for a started container, and returns its id. */
  private String warmUp(String digest, int calls) throws Exception {
    if (calls == 0) {
      sandbox.run(digest, new byte[0], LIMITS);
    }
    Await.until("a started container", () -> sandbox.warmContainers(digest) == 1);
    Await.until("only it is left", () -> Functions.labelled(config.owner()).size() == 1);
    String id = Functions.labelled(config.owner()).get(0);
    try (Engine engine = new Engine(RequiresDocker.HOST)) {
      assertTrue(engine.state(id).getRunning(), "started ahead, blocked on stdin");
    }
    return id;
  }
}
