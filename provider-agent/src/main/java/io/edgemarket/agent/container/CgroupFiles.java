package io.edgemarket.agent.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The counters a parent cgroup keeps for its children, as the kernel writes them. Every reader
 * answers -1 when the file is missing or unreadable, so the caller can fall back to wall time
 * rather than bill nothing.
 */
final class CgroupFiles {
  private CgroupFiles() {}

  /** cgroup v1: {@code cpuacct.usage} holds nanoseconds. */
  static long v1CpuMicros(Path cpuacctUsage) {
    long nanos = number(cpuacctUsage);
    return nanos < 0 ? -1 : nanos / 1000;
  }

  /** cgroup v2: {@code cpu.stat} holds {@code usage_usec N} among other {@code key value} lines. */
  static long v2CpuMicros(Path cpuStat) {
    return keyed(cpuStat, "usage_usec");
  }

  /**
   * A file of {@code key value} lines (v2's {@code cpu.stat} and {@code memory.events}, v1's {@code
   * memory.oom_control}): the value of {@code key}.
   */
  static long keyed(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        String[] words = line.trim().split("\\s+");
        if (words.length == 2 && words[0].equals(key)) {
          return Long.parseLong(words[1]);
        }
      }
      return -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /**
   * A file holding one number: v1's {@code memory.max_usage_in_bytes}, v2's {@code memory.peak}.
   */
  static long number(Path file) {
    try {
      return Long.parseLong(Files.readString(file).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
