package io.edgemarket.agent.container;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.HostConfig;
import io.edgemarket.agent.sandbox.Execution;
import io.edgemarket.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Warm containers: used once each, replenished, removed when idle, on close and after a crash. */
@ExtendWith(RequiresDocker.class)
class ContainerPoolTest {
  private static final byte[] INPUT = "warm".getBytes(UTF_8);

  @Test
  void theSecondInvocationStartsAWarmContainerAndThePoolIsRefilled() throws Exception {
    try (ContainerSandbox sandbox = Functions.open(Functions.config(), Functions.UPPER)) {
      String digest = Functions.UPPER.digest();

      assertEquals("WARM", sandbox.run(digest, INPUT, Functions.LIMITS).outputUtf8());
      Await.until("a warm container is ready", () -> sandbox.warmContainers(digest) == 1);
      assertEquals("WARM", sandbox.run(digest, INPUT, Functions.LIMITS).outputUtf8());

      assertEquals(1, sandbox.coldStarts());
      assertEquals(1, sandbox.warmStarts());
      Await.until("the pool is refilled", () -> sandbox.warmContainers(digest) == 1);
    }
  }

  @Test
  void otherLimitsNeedOtherContainers() throws Exception {
    try (ContainerSandbox sandbox = Functions.open(Functions.config(), Functions.UPPER)) {
      String digest = Functions.UPPER.digest();
      sandbox.run(digest, INPUT, Functions.LIMITS);
      Await.until("a warm container is ready", () -> sandbox.warmContainers(digest) == 1);

      Execution bigger = sandbox.run(digest, INPUT, Functions.LIMITS.withMemory(128L << 20));

      assertTrue(bigger.isOk(), bigger::toString);
      assertEquals(2, sandbox.coldStarts(), "a container made for 64 MiB does not serve 128 MiB");
    }
  }

  @Test
  void anIdleFunctionScalesToZero() throws Exception {
    ContainerConfig config = Functions.config().withIdleTimeout(Duration.ofSeconds(3));
    try (ContainerSandbox sandbox = Functions.open(config, Functions.UPPER)) {
      String digest = Functions.UPPER.digest();
      sandbox.run(digest, INPUT, Functions.LIMITS);
      Await.until("a warm container is ready", () -> sandbox.warmContainers(digest) == 1);

      Await.until("the idle pool is emptied", () -> sandbox.warmContainers(digest) == 0);
      Await.until("no container is left", () -> Functions.labelled(config.owner()).isEmpty());
    }
  }

  @Test
  void closeRemovesEveryContainerTheSandboxCreated() throws Exception {
    ContainerConfig config = Functions.config().withWarmPerImage(3);
    ContainerSandbox sandbox = Functions.open(config, Functions.UPPER);
    String digest = Functions.UPPER.digest();
    // Three at once, so that three are kept started (ContainerPoolTargetTest: one per call at a
    // time). Calls that happen not to overlap are a smaller burst: then burst again.
    ExecutorService callers = Executors.newFixedThreadPool(3);
    try {
      Await.until(
          "three calls at once",
          () -> {
            List<Future<Execution>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
              runs.add(callers.submit(() -> sandbox.run(digest, INPUT, Functions.LIMITS)));
            }
            for (Future<Execution> run : runs) {
              assertEquals("WARM", run.get().outputUtf8());
            }
            return sandbox.warmCapacity().target() == 3;
          });
    } finally {
      callers.shutdownNow();
    }
    Await.until("warm containers are ready", () -> sandbox.warmContainers(digest) == 3);
    Await.until("the used ones are removed", () -> Functions.labelled(config.owner()).size() == 3);

    sandbox.close();

    assertEquals(List.of(), Functions.labelled(config.owner()));
  }

  @Test
  void containersLeftByACrashedSandboxAreRemovedOnOpen() throws Exception {
    ContainerConfig config = Functions.config();
    String image;
    try (ContainerSandbox loader = Functions.open(Functions.config(), Functions.UPPER)) {
      image = loader.imageFor(Functions.UPPER.digest()).orElseThrow();
    }
    try (Engine engine = new Engine(RequiresDocker.HOST)) {
      engine.create(
          image,
          "edgemarket-leftover-" + System.nanoTime(),
          Map.of(ContainerSandbox.LABEL, config.owner()),
          null,
          HostConfig.newHostConfig().withNetworkMode("none"));
    }
    assertEquals(1, Functions.labelled(config.owner()).size());

    ContainerSandbox recovered = ContainerSandbox.open(config);
    try {
      assertEquals(List.of(), Functions.labelled(config.owner()));
    } finally {
      recovered.close();
    }
  }
}
