package io.edgemarket.agent;

/**
 * Tells the agent how much of its machine is idle right now. The agent offers the smaller of this
 * and the share its operator gave it, so the offer never promises capacity that other work on the
 * machine is using. An interface so that tests, and operators who know better (a cgroup, a
 * scheduler), can supply the figures.
 */
@FunctionalInterface
public interface CapacityProbe {

  /**
   * Idle capacity at one moment.
   *
   * @param idleCpuMillis idle CPU in thousandths of a core (2000 = two idle cores)
   * @param freeMemoryMb free memory in MiB
   */
  record Capacity(int idleCpuMillis, long freeMemoryMb) {
    public Capacity {
      if (idleCpuMillis < 0 || freeMemoryMb < 0) {
        throw new IllegalArgumentException(
            "capacity must not be negative: " + idleCpuMillis + "m CPU, " + freeMemoryMb + " MB");
      }
    }
  }

  /** Measures now; called at start and on every heartbeat, so it should be cheap. */
  Capacity measure();

  /** Always reports the same figures. */
  static CapacityProbe fixed(int idleCpuMillis, long freeMemoryMb) {
    Capacity capacity = new Capacity(idleCpuMillis, freeMemoryMb);
    return () -> capacity;
  }

  /**
   * Reads the operating system's CPU load and free memory (see the JDK's OperatingSystemMXBean).
   */
  static CapacityProbe system() {
    return new SystemCapacityProbe();
  }
}
