package io.edgemarket.agent.container;

import static io.edgemarket.agent.container.Functions.LIMITS;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.agent.sandbox.Execution;
import io.edgemarket.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Functions that try to escape their limits, against the real engine: each is contained. */
@ExtendWith(RequiresDocker.class)
class HostileFunctionsTest {
  private static ContainerConfig config;
  private static ContainerSandbox sandbox;

  @BeforeAll
  static void open() throws Exception {
    config = Functions.config().withWarmPerImage(0);
    sandbox =
        Functions.open(
            config,
            Functions.UPPER,
            Functions.LOOP,
            Functions.MEMORY_BOMB,
            Functions.FORK_BOMB,
            Functions.NETWORK,
            Functions.WRITER,
            Functions.YES,
            Functions.EXIT_3,
            Functions.MISSING_ENTRYPOINT);
  }

  @AfterAll
  static void close() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void anEndlessLoopIsStoppedAtItsDeadlineAndRemoved() throws Exception {
    Execution run =
        sandbox.run(
            Functions.LOOP.digest(), new byte[0], LIMITS.withDeadline(Duration.ofSeconds(1)));

    assertEquals(Execution.Status.FUNCTION_ERROR, run.status());
    assertEquals("deadline exceeded after 1000 ms", run.error());
    assertTrue(run.usage().fuel() > 0, "the loop's CPU time is billed");
    Await.until("the container is removed", () -> Functions.labelled(config.owner()).isEmpty());
  }

  @Test
  void aMemoryBombIsKilledAtTheMemoryLimit() throws Exception {
    Execution run =
        sandbox.run(Functions.MEMORY_BOMB.digest(), new byte[0], LIMITS.withMemory(16L << 20));

    assertEquals(Execution.Status.FUNCTION_ERROR, run.status());
    assertTrue(run.error().contains("memory"), run.error());
  }

  @Test
  void aForkBombHitsThePidsLimitAndTheNextInvocationWorks() throws Exception {
    Execution bomb =
        sandbox.run(
            Functions.FORK_BOMB.digest(), new byte[0], LIMITS.withDeadline(Duration.ofSeconds(3)));

    assertEquals(Execution.Status.FUNCTION_ERROR, bomb.status());
    Await.until("the bomb is removed", () -> Functions.labelled(config.owner()).isEmpty());
    Execution next = sandbox.run(Functions.UPPER.digest(), "still here".getBytes(UTF_8), LIMITS);
    assertEquals("STILL HERE", next.outputUtf8());
  }

  @Test
  void theNetworkIsUnreachable() throws Exception {
    ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"));
    listener.setSoTimeout(200);
    CompletableFuture<Boolean> connected = CompletableFuture.supplyAsync(() -> accepts(listener));
    String target = hostAddressSeenByContainers() + " " + listener.getLocalPort() + "\n";
    Execution run;
    try {
      run = sandbox.run(Functions.NETWORK.digest(), target.getBytes(UTF_8), LIMITS);
    } finally {
      listener.close();
    }

    assertEquals("done\n", run.outputUtf8(), "no connection was made");
    assertFalse(connected.get(), "nothing reached the host's port");
  }

  @Test
  void theRootFilesystemIsReadOnlyAndTmpCannotExecute() throws Exception {
    Execution run = sandbox.run(Functions.WRITER.digest(), new byte[0], LIMITS);

    String out = run.outputUtf8();
    assertTrue(out.contains("/evil: Read-only file system"), out);
    assertTrue(out.contains("/bin/evil: Read-only file system"), out);
    assertTrue(out.contains("tmp-ok\nnoexec\n"), out);
  }

  @Test
  void hugeOutputIsCutAtTheCap() throws Exception {
    Execution run =
        sandbox.run(Functions.YES.digest(), new byte[0], LIMITS.withMaxOutputBytes(65_536));

    assertEquals(Execution.Status.FUNCTION_ERROR, run.status());
    assertEquals("output exceeds 65536 bytes", run.error());
    assertEquals(65_536, run.output().length);
  }

  @Test
  void aNonZeroExitIsAFunctionErrorWithItsOutput() throws Exception {
    Execution run = sandbox.run(Functions.EXIT_3.digest(), new byte[0], LIMITS);

    assertEquals(Execution.Status.FUNCTION_ERROR, run.status());
    assertEquals("exit code 3", run.error());
    assertEquals("partial\n", run.outputUtf8());
  }

  @Test
  void anImageThatCannotStartIsAFunctionError() throws Exception {
    Execution run = sandbox.run(Functions.MISSING_ENTRYPOINT.digest(), new byte[0], LIMITS);

    assertEquals(Execution.Status.FUNCTION_ERROR, run.status());
    assertTrue(run.error().startsWith("the image cannot start"), run.error());
  }

  private static boolean accepts(ServerSocket listener) {
    while (!listener.isClosed()) {
      try {
        listener.accept().close();
        return true;
      } catch (SocketTimeoutException e) {
        // Keep listening until the test closes the socket.
      } catch (IOException e) {
        return false;
      }
    }
    return false;
  }

  /** docker0's address: where a container on the default bridge would reach the host. */
  private static String hostAddressSeenByContainers() throws Exception {
    NetworkInterface bridge = NetworkInterface.getByName("docker0");
    if (bridge != null) {
      for (var address : bridge.getInterfaceAddresses()) {
        if (address.getAddress().getAddress().length == 4) {
          return address.getAddress().getHostAddress();
        }
      }
    }
    return "172.17.0.1";
  }
}
