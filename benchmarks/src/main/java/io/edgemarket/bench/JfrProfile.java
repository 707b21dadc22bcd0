package io.edgemarket.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a process's CPU went during a JFR recording, as JDK 17's {@code jfr} cannot say it ({@code
 * jfr view hot-methods} came in 21): execution samples counted by top frame (self time), by the top
 * frame's package, by our own methods anywhere on the stack (inclusive), and by thread (names with
 * digits folded); and threads started, in all and per invocation.
 *
 * <p>{@code java … JfrProfile FILE.jfr INVOCATIONS [TOP [EXCLUDE]]}: samples with a frame whose
 * {@code Class.method} contains EXCLUDE are left out (a benchmark's setup, say, which JMH keeps out
 * of its timing but not out of the recording).
 */
public final class JfrProfile {
  private final Map<String, Integer> self = new HashMap<>();
  private final Map<String, Integer> packages = new HashMap<>();
  private final Map<String, Integer> ours = new HashMap<>();
  private final Map<String, Integer> threads = new HashMap<>();
  private final Map<String, Integer> started = new HashMap<>();
  private int samples;
  private int nativeSamples;
  private int threadStarts;
  private int excluded;
  private final String exclude;

  private JfrProfile(String exclude) {
    this.exclude = exclude;
  }

  public static void main(String[] args) throws IOException {
    long invocations = Long.parseLong(args[1]);
    int top = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    JfrProfile profile = new JfrProfile(args.length > 3 ? args[3] : null);
    try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
      while (file.hasMoreEvents()) {
        profile.add(file.readEvent());
      }
    }
    profile.print(invocations, top);
  }

  private void add(RecordedEvent event) {
    switch (event.getEventType().getName()) {
      case "jdk.ExecutionSample" -> sample(event);
      case "jdk.NativeMethodSample" -> nativeSamples++;
      case "jdk.ThreadStart" -> {
        threadStarts++;
        RecordedThread thread = event.getThread("thread");
        started.merge(fold(thread == null ? null : thread.getJavaName()), 1, Integer::sum);
      }
      default -> {}
    }
  }

  private void sample(RecordedEvent event) {
    RecordedStackTrace stack = event.getStackTrace();
    if (stack == null || stack.getFrames().isEmpty()) {
      return;
    }
    List<RecordedFrame> frames = stack.getFrames();
    if (exclude != null && frames.stream().anyMatch(f -> name(f).contains(exclude))) {
      excluded++;
      return;
    }
    samples++;
    String type = frames.get(0).getMethod().getType().getName();
    self.merge(name(frames.get(0)), 1, Integer::sum);
    int dot = type.lastIndexOf('.');
    packages.merge(dot < 0 ? "(default)" : type.substring(0, dot), 1, Integer::sum);
    Set<String> seen = new HashSet<>();
    for (RecordedFrame frame : frames) {
      String method = name(frame);
      if (method.startsWith("io.edgemarket.") && seen.add(method)) {
        ours.merge(method, 1, Integer::sum);
      }
    }
    RecordedThread thread = event.getThread("sampledThread");
    threads.merge(fold(thread == null ? null : thread.getJavaName()), 1, Integer::sum);
  }

  private void print(long invocations, int top) {
    System.out.printf(
        Locale.ROOT,
        "%d execution samples (Java code), %d native-method samples; %d threads started"
            + " = %.3f per invocation over %d invocations%n",
        samples,
        nativeSamples,
        threadStarts,
        invocations > 0 ? (double) threadStarts / invocations : Double.NaN,
        invocations);
    if (exclude != null) {
      System.out.printf(
          Locale.ROOT, "%d samples left out (a frame contains %s)%n", excluded, exclude);
    }
    table("top frames (self)", self, samples, top);
    table("packages of the top frame", packages, samples, top);
    table("our methods anywhere on the stack (inclusive)", ours, samples, top);
    table("sampled threads", threads, samples, top);
    table("threads started, by name", started, threadStarts, top);
  }

  private static void table(String title, Map<String, Integer> counts, int total, int top) {
    System.out.println("-- " + title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT,
                    "%6d %5.1f%%  %s%n",
                    e.getValue(),
                    100.0 * e.getValue() / Math.max(1, total),
                    e.getKey()));
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /** Thread names with their numbers folded, so a pool's threads count as one. */
  private static String fold(String name) {
    return name == null ? "(unnamed)" : name.replaceAll("\\d+", "#");
  }
}
