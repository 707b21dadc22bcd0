package io.edgemarket.bench;

import io.edgemarket.bench.OpenLoopDriver.Sample;
import io.edgemarket.bench.OpenLoopDriver.Window;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link OpenLoop}'s measured window, as readable lines and one {@code RESULT} line. CPU per call
 * is given as measured and "net": less what the process used in the idle window, scaled to the
 * measured window's length (its background, which a low rate would otherwise charge to each call).
 */
record OpenLoopReport(
    OpenLoopOptions options,
    Window window,
    Map<String, Long> cpuMicros,
    Map<String, Long> idleMicros,
    BrokerGauges before,
    BrokerGauges after,
    int warmupWindows,
    boolean warmupSettled) {

  void print(PrintStream out) {
    Latencies e2e = window.e2e();
    Latencies agent = of(window, s -> s.agentMicros());
    Latencies overhead = of(window, s -> s.endToEndMicros() - s.agentMicros());
    int ok = window.samples().size();
    int refused = sum(window.refusals());
    int errors = sum(window.errors());
    double achieved = ok / window.seconds();
    long marketCpu = CpuWindow.marketTotal(cpuMicros);
    double backlogGrowth = after.queueDepth() - before.queueDepth();
    double settledRate = (after.settled() - before.settled()) / window.seconds();

    out.printf(
        Locale.ROOT,
        "%s at %.0f/s for %.2f s (cap %d outstanding): %d scheduled, %d ok, achieved %.1f/s%n",
        options.function(),
        options.rate(),
        window.seconds(),
        options.concurrencyCap(),
        window.scheduled(),
        ok,
        achieved);
    out.printf(
        "failures: %d overloaded, %d refused %s, %d errors %s%n",
        window.overloaded(),
        refused,
        new TreeMap<>(window.refusals()),
        errors,
        new TreeMap<>(window.errors()));
    line(out, "end to end", e2e);
    line(out, "agent wall", agent);
    line(out, "overhead  ", overhead);
    for (Map.Entry<String, Long> e : cpuMicros.entrySet()) {
      out.printf(
          Locale.ROOT,
          "cpu %-10s %8.0f us/invocation, net of idle %8.0f (%d ms in the window)%n",
          e.getKey(),
          OpenLoop.perCall(e.getValue(), window),
          OpenLoop.perCall(net(e.getKey(), e.getValue()), window),
          e.getValue() / 1000);
    }
    out.printf(
        Locale.ROOT,
        "cpu market     %8.0f us/invocation (every watched process but the client)%n",
        OpenLoop.perCall(marketCpu, window));
    out.printf(
        Locale.ROOT,
        "settlement backlog %.0f at start, %.0f at end (%s); settled %.1f receipts/s%n",
        before.queueDepth(),
        after.queueDepth(),
        Double.isNaN(backlogGrowth)
            ? "broker metrics unavailable"
            : backlogGrowth > Math.max(10, 0.05 * ok) ? "GROWING" : "steady",
        settledRate);
    out.printf(
        Locale.ROOT,
        "broker's own overhead timer p50 %.0f us, p99 %.0f us; warm-up: %d windows, %s%n",
        after.overheadP50Seconds() * 1e6,
        after.overheadP99Seconds() * 1e6,
        warmupWindows,
        warmupSettled ? "settled" : "NOT settled");

    StringBuilder result = new StringBuilder("RESULT");
    kv(result, "function", options.function());
    kv(result, "rate", fmt(options.rate()));
    kv(result, "cap", options.concurrencyCap());
    kv(result, "scheduled", window.scheduled());
    kv(result, "ok", ok);
    kv(result, "overloaded", window.overloaded());
    kv(result, "refused", refused);
    kv(result, "errors", errors);
    kv(result, "seconds", fmt(window.seconds()));
    kv(result, "achieved", fmt(achieved));
    for (double p : new double[] {50, 90, 99, 99.9}) {
      kv(result, "e2e_p" + label(p) + "_us", e2e.at(p));
    }
    kv(result, "e2e_max_us", e2e.summary().max());
    kv(result, "agent_p50_us", agent.at(50));
    kv(result, "agent_p99_us", agent.at(99));
    kv(result, "overhead_p50_us", overhead.at(50));
    kv(result, "overhead_p99_us", overhead.at(99));
    for (Map.Entry<String, Long> e : cpuMicros.entrySet()) {
      kv(result, "cpu_" + e.getKey() + "_us", fmt(OpenLoop.perCall(e.getValue(), window)));
      kv(
          result,
          "cpu_net_" + e.getKey() + "_us",
          fmt(OpenLoop.perCall(net(e.getKey(), e.getValue()), window)));
    }
    kv(result, "cpu_market_us", fmt(OpenLoop.perCall(marketCpu, window)));
    kv(result, "backlog_start", fmt(before.queueDepth()));
    kv(result, "backlog_end", fmt(after.queueDepth()));
    kv(result, "settled_per_s", fmt(settledRate));
    kv(result, "warmup_windows", warmupWindows);
    kv(result, "warmup_settled", warmupSettled);
    out.println(result);
  }

  /** CPU used in the window less the idle window's rate times its length; unchanged if none. */
  private long net(String label, long used) {
    Long idle = idleMicros.get(label);
    if (idle == null || idle < 0 || used < 0 || options.idleSeconds() == 0) {
      return used;
    }
    return used - Math.round(idle * window.seconds() / options.idleSeconds());
  }

  private static Latencies of(Window window, java.util.function.ToLongFunction<Sample> f) {
    return Latencies.of(window.samples().stream().mapToLong(f).toArray());
  }

  private static void line(PrintStream out, String what, Latencies latencies) {
    Latencies.Summary p = latencies.summary();
    out.printf(
        "%s p50 %7d us  p90 %7d us  p99 %7d us  p99.9 %7d us  max %7d us%n",
        what, p.p50(), p.p90(), p.p99(), p.p999(), p.max());
  }

  private static int sum(Map<String, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  private static String label(double p) {
    return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p).replace(".", "");
  }

  private static String fmt(double value) {
    return Double.isNaN(value) ? "NaN" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static void kv(StringBuilder out, String key, Object value) {
    out.append(' ').append(key).append('=').append(value);
  }
}
