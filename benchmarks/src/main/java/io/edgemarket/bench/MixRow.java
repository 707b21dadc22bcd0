package io.edgemarket.bench;

import java.util.Locale;

/**
 * One row of {@link LoadMix}'s table: a mix's measured window. Latencies are from each call's due
 * time; {@code late} counts answers past the mix's deadline (-1: the mix has none); {@code cost} is
 * the mean of what the answers' receipts charged; {@code cpuMicros} the market's CPU (broker and
 * agents) per OK call, NaN where it cannot be told apart (one mix among several).
 */
record MixRow(
    String mix,
    String what,
    double offered,
    double achieved,
    int ok,
    int refused,
    int failed,
    Latencies.Summary e2e,
    long late,
    double cost,
    Latencies.Summary lag,
    int lagFollowed,
    int lagRejected,
    int lagUnresolved,
    double cpuMicros) {

  static final String HEADER =
      "| mix | what callers send | offered /s | achieved /s | ok / refused / failed "
          + "| p50 | p90 | p99 | p99.9 | max | late | cost / call "
          + "| settlement lag p50 / p99 / max (followed) | market CPU µs / call |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

  String markdown() {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %.1f | %.1f | %d / %d / %d | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s"
            + " (%d%s) | %s |",
        mix,
        what,
        offered,
        achieved,
        ok,
        refused,
        failed,
        ms(e2e.p50()),
        ms(e2e.p90()),
        ms(e2e.p99()),
        ms(e2e.p999()),
        ms(e2e.max()),
        late < 0 ? "–" : Long.toString(late),
        Double.isNaN(cost) ? "?" : String.format(Locale.ROOT, "%.2f", cost),
        ms(lag.p50()),
        ms(lag.p99()),
        ms(lag.max()),
        lag.count(),
        lagRejected + lagUnresolved == 0
            ? ""
            : String.format(Locale.ROOT, "; %d rejected, %d unsettled", lagRejected, lagUnresolved),
        Double.isNaN(cpuMicros) ? "–" : String.format(Locale.ROOT, "%.0f", cpuMicros));
  }

  /** The row as one {@code RESULT key=value ...} line, for scripts. */
  String resultLine() {
    return String.format(
        Locale.ROOT,
        "RESULT mix=%s offered=%.1f achieved=%.1f ok=%d refused=%d failed=%d e2e_p50_us=%d"
            + " e2e_p90_us=%d e2e_p99_us=%d e2e_p999_us=%d e2e_max_us=%d late=%d cost=%.3f"
            + " lag_p50_us=%d lag_p99_us=%d lag_max_us=%d lag_followed=%d lag_rejected=%d"
            + " lag_unsettled=%d cpu_market_us=%.0f",
        mix,
        offered,
        achieved,
        ok,
        refused,
        failed,
        e2e.p50(),
        e2e.p90(),
        e2e.p99(),
        e2e.p999(),
        e2e.max(),
        late,
        cost,
        lag.p50(),
        lag.p99(),
        lag.max(),
        lagFollowed,
        lagRejected,
        lagUnresolved,
        cpuMicros);
  }

  /** Milliseconds from microseconds, to three significant figures or so; "?" when absent. */
  static String ms(long micros) {
    if (micros < 0) {
      return "?";
    }
    double ms = micros / 1000.0;
    String pattern = ms >= 100 ? "%.0f ms" : ms >= 10 ? "%.1f ms" : "%.2f ms";
    return String.format(Locale.ROOT, pattern, ms);
  }
}
