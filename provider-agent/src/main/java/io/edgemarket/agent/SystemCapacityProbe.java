package io.edgemarket.agent;

import java.lang.management.ManagementFactory;

/**
 * Idle capacity from the JDK's operating-system bean, which reads the host's (or the container's)
 * figures. CPU used by this agent's own process is counted as idle: it is the offer being used, and
 * subtracting it would shrink the offer exactly when consumers are using it.
 */
final class SystemCapacityProbe implements CapacityProbe {
  private static final long MIB = 1024L * 1024L;

  private final com.sun.management.OperatingSystemMXBean os;
  private final int cores;

  SystemCapacityProbe() {
    var bean = ManagementFactory.getOperatingSystemMXBean();
    // Every JDK we run on (HotSpot) provides the extended bean; without it we cannot measure.
    this.os = bean instanceof com.sun.management.OperatingSystemMXBean extended ? extended : null;
    this.cores = Runtime.getRuntime().availableProcessors();
  }

  @Override
  public Capacity measure() {
    if (os == null) {
      return new Capacity(cores * 1000, Runtime.getRuntime().freeMemory() / MIB);
    }
    double machine = fraction(os.getCpuLoad());
    double ours = fraction(os.getProcessCpuLoad());
    double others = Math.max(0.0, machine - ours);
    int idleMillis = (int) Math.round((1.0 - others) * cores * 1000);
    return new Capacity(Math.max(0, idleMillis), Math.max(0, os.getFreeMemorySize() / MIB));
  }

  /** Loads are in [0, 1], or negative when not yet available (the first call after start). */
  private static double fraction(double load) {
    return Double.isNaN(load) || load < 0 ? 0.0 : Math.min(1.0, load);
  }
}
