package io.edgemarket.bench;

import io.edgemarket.bench.OpenLoopDriver.Sample;
import io.edgemarket.bench.OpenLoopDriver.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link LoadMix}'s measured window as a markdown table (a row per mix, and a row of them all
 * together when several ran at once) followed by notes on how cost and settlement lag were taken.
 */
record MixTable(
    LoadMixOptions options,
    Map<Mix, Window> windows,
    Map<Mix, SettlementLag> lags,
    long marketCpuMicros,
    long balanceDrop,
    int warmupWindows,
    boolean warmupSettled) {

  List<MixRow> rows() {
    List<MixRow> rows = new ArrayList<>();
    boolean single = options.mixes().size() == 1;
    Latencies allE2e = new Latencies();
    Latencies allLags = new Latencies();
    int ok = 0;
    int refused = 0;
    int failed = 0;
    int scheduled = 0;
    int followed = 0;
    int rejected = 0;
    int unresolved = 0;
    long cost = 0;
    double seconds = 0;
    for (Mix mix : options.mixes()) {
      Window w = windows.get(mix);
      SettlementLag lag = lags.get(mix);
      int n = w.samples().size();
      long deadline = mix.deadlineMicros(options);
      long late =
          deadline == Long.MAX_VALUE
              ? -1
              : w.samples().stream().filter(s -> s.endToEndMicros() > deadline).count();
      rows.add(
          new MixRow(
              mix.label(),
              mix.describe(options),
              w.scheduled() / (double) options.seconds(),
              n / w.seconds(),
              n,
              w.refused(),
              w.overloaded() + w.errored(),
              w.e2e().summary(),
              late,
              meanCost(w),
              lag.lags().summary(),
              lag.followed(),
              lag.rejected(),
              lag.unresolved(),
              single ? cpuPerCall(n) : Double.NaN));
      allE2e.add(w.e2e());
      allLags.add(lag.lags());
      ok += n;
      refused += w.refused();
      failed += w.overloaded() + w.errored();
      scheduled += w.scheduled();
      followed += lag.followed();
      rejected += lag.rejected();
      unresolved += lag.unresolved();
      cost += w.samples().stream().mapToLong(Sample::cost).sum();
      seconds = Math.max(seconds, w.seconds());
    }
    if (!single) {
      rows.add(
          new MixRow(
              "**all at once**",
              "the rows above together",
              scheduled / (double) options.seconds(),
              ok / seconds,
              ok,
              refused,
              failed,
              allE2e.summary(),
              -1,
              ok == 0 ? Double.NaN : (double) cost / ok,
              allLags.summary(),
              followed,
              rejected,
              unresolved,
              cpuPerCall(ok)));
    }
    return rows;
  }

  String render() {
    StringBuilder out = new StringBuilder(MixRow.HEADER).append('\n');
    int ok = 0;
    for (MixRow row : rows()) {
      out.append(row.markdown()).append('\n');
      ok += row.mix().startsWith("**") ? 0 : row.ok();
    }
    out.append('\n')
        .append(
            String.format(
                Locale.ROOT,
                "- %d s measured after %d warm-up windows of %d s (%s); seed %d; latencies from"
                    + " each call's due time (open loop, HdrHistogram); ok / refused / failed:"
                    + " answered OK / refused by the broker (4xx, 503) / overloaded (over %d"
                    + " outstanding), errors or no answer.%n",
                options.seconds(),
                warmupWindows,
                options.warmupSeconds(),
                warmupSettled ? "p50 settled" : "p50 NOT settled",
                options.seed(),
                options.concurrencyCap()))
        .append(
            String.format(
                Locale.ROOT,
                "- Cost / call: mean `cost` of the OK answers' receipts. Cross-check: the"
                    + " consumer's escrow balance, read once the settlement backlog had drained"
                    + " before and after the window, fell by %d over %d OK calls (%s per call)."
                    + "%n",
                balanceDrop,
                ok,
                ok == 0 ? "?" : String.format(Locale.ROOT, "%.2f", (double) balanceDrop / ok)))
        .append(
            String.format(
                Locale.ROOT,
                "- Settlement lag: from an answer until `GET /api/v1/invocations/{id}` (the SDK's"
                    + " `invocation`) first reads `settlement: SETTLED` (its receipt in a batch"
                    + " the ledger committed); up to %d answers per mix, evenly spread, polled"
                    + " every %d ms (so up to %d ms late).%n",
                options.lagSamples(),
                options.lagPollMillis(),
                options.lagPollMillis()))
        .append(
            "- Market CPU / call: broker and agents (from /proc) over the window's OK calls;"
                + " with several mixes at once only for all of them together.\n");
    return out.toString();
  }

  List<String> resultLines() {
    return rows().stream().map(MixRow::resultLine).toList();
  }

  private double cpuPerCall(int ok) {
    return marketCpuMicros < 0 || ok == 0 ? Double.NaN : (double) marketCpuMicros / ok;
  }

  private static double meanCost(Window w) {
    return w.samples().isEmpty()
        ? Double.NaN
        : w.samples().stream().mapToLong(Sample::cost).average().orElse(Double.NaN);
  }
}
