package io.edgemarket.bench;

import io.edgemarket.bench.OpenLoopOptions.LabelledPid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU microseconds each watched process (and this client) used between {@link #start} and {@link
 * #stop}. A process that has gone away reads as -1 rather than failing the run.
 */
final class CpuWindow {
  static final String CLIENT = "client";

  private final List<LabelledPid> pids;
  private final Map<String, Long> before = new LinkedHashMap<>();

  private CpuWindow(List<LabelledPid> pids) {
    this.pids = pids;
  }

  /** Starts a window over {@code watched} plus this JVM, labelled {@value #CLIENT}. */
  static CpuWindow start(List<LabelledPid> watched) {
    List<LabelledPid> all = new ArrayList<>(watched);
    all.add(new LabelledPid(CLIENT, ProcessHandle.current().pid()));
    CpuWindow window = new CpuWindow(all);
    for (LabelledPid p : all) {
      window.before.put(p.label(), read(p.pid()));
    }
    return window;
  }

  /** Microseconds used in the window, by label, in the order given; -1 when unreadable. */
  Map<String, Long> stop() {
    Map<String, Long> used = new LinkedHashMap<>();
    for (LabelledPid p : pids) {
      long then = before.get(p.label());
      long now = read(p.pid());
      used.put(p.label(), then < 0 || now < 0 ? -1 : now - then);
    }
    return used;
  }

  /** The sum over the market's processes (everything but this client), microseconds. */
  static long marketTotal(Map<String, Long> used) {
    return used.entrySet().stream()
        .filter(e -> !e.getKey().equals(CLIENT) && e.getValue() >= 0)
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  private static long read(long pid) {
    try {
      return ProcessCpu.micros(pid);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
