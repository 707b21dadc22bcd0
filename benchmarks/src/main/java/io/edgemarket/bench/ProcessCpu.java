package io.edgemarket.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used so far (user + system, all its threads), from {@code /proc/PID/stat}.
 * Two readings bracket a window; their difference over the window's invocations is that process's
 * CPU per invocation, whatever else the machine ran meanwhile.
 */
final class ProcessCpu {
  /** Kernel clock ticks per second; 100 on every Linux this runs on, asked once regardless. */
  private static final long TICKS_PER_SECOND = ticksPerSecond();

  private ProcessCpu() {}

  /** Microseconds of CPU the process has used since it started. */
  static long micros(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return ticksOf(stat) * 1_000_000L / TICKS_PER_SECOND;
  }

  /**
   * utime + stime, in clock ticks, of a {@code /proc/PID/stat} line. The command name (field 2) is
   * in parentheses and may itself hold spaces and parentheses, so fields are counted from the last
   * ')': after it come state (field 3) ... utime (14), stime (15).
   */
  static long ticksOf(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
    }
    String[] fields = stat.substring(close + 1).trim().split("\\s+");
    return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
  }

  private static long ticksPerSecond() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      return getconf.waitFor() == 0 ? Long.parseLong(out.strip()) : 100;
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
