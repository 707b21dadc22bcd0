package io.edgemarket.agent.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SandboxLimitsTest {

  @Test
  void defaultsMatchTheContract() {
    SandboxLimits limits = SandboxLimits.defaults();
    assertEquals(64L << 20, limits.memoryBytes());
    assertEquals(Duration.ofSeconds(10), limits.deadline());
    assertEquals(1L << 20, limits.maxOutputBytes());
    assertEquals(OptionalLong.empty(), limits.maxFuel());
    assertEquals(1024, limits.memoryPages());
    assertEquals(OptionalLong.of(5), limits.withMaxFuel(5).maxFuel());
    assertEquals(OptionalLong.empty(), limits.withMaxFuel(5).withoutMaxFuel().maxFuel());
  }

  @Test
  void nonsenseIsRefused() {
    SandboxLimits limits = SandboxLimits.defaults();
    assertThrows(IllegalArgumentException.class, () -> limits.withMemoryBytes(1000));
    assertThrows(IllegalArgumentException.class, () -> limits.withMemoryBytes((1L << 32) + 1));
    assertThrows(IllegalArgumentException.class, () -> limits.withDeadline(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> limits.withMaxOutputBytes(-1));
    assertThrows(IllegalArgumentException.class, () -> limits.withMaxFuel(-1));
  }

  @Test
  void executionOutputCannotBeAlteredFromOutside() {
    byte[] bytes = {1, 2, 3};
    Execution execution = Execution.ok(bytes, new SandboxUsage(1, 2, 3));
    bytes[0] = 9;
    assertEquals(1, execution.output()[0]);
    assertNotSame(execution.output(), execution.output());
    assertThrows(
        IllegalArgumentException.class,
        () -> new Execution(Execution.Status.OK, bytes, "oops", new SandboxUsage(0, 0, 0)));
  }
}
