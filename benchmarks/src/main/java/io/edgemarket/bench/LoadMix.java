package io.edgemarket.bench;

import io.edgemarket.bench.OpenLoopDriver.Window;
import io.edgemarket.cli.market.MarketDir;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvokeOptions;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Issue 13's workload mixes against a market already running in other processes, through the public
 * consumer SDK as identity {@code consumer} of {@code --data}: each selected {@link Mix} (all at
 * once with {@code --mix all}) is an open loop on its own arrival schedule, seeded by {@code
 * --seed}. Warm-up windows repeat until every mix's p50 is within 10 % of the window before (25 %
 * for the bursty iot mix) (or {@code --max-warmup-windows} ran); then one measured window of {@code
 * --seconds}, in which some answers are followed to settlement ({@link SettlementLag}) and the
 * consumer's balance is read before and after, once the broker's settlement backlog has drained.
 *
 * <p>Prints progress on stderr and, on stdout, a markdown table ({@link MixRow}), notes and one
 * {@code RESULT} line per row; {@code --table FILE} writes the table and notes there too.
 */
public final class LoadMix {
  private static final double SETTLED = 0.10;

  /**
   * The bursty mix's p50 moves with how many bursts land in a window (a burst's tail queues behind
   * its head), not only with compilation: judged settled within 25 %, or it never settles.
   */
  private static final double SETTLED_BURSTY = 0.25;

  private LoadMix() {}

  public static void main(String[] args) throws Exception {
    LoadMixOptions options = LoadMixOptions.parse(args);
    PrintStream log = System.err;
    MarketDir dir = new MarketDir(options.data());
    HttpClient http = HttpClient.newHttpClient();
    Map<Mix, OpenLoopDriver> drivers = new EnumMap<>(Mix.class);
    try (EdgeMarket client =
        EdgeMarket.builder()
            .broker(options.broker())
            .identity(dir.identity("consumer"))
            .trustRoot(dir.trustRoot())
            .build()) {
      for (Mix mix : options.mixes()) {
        InvokeOptions invoke = mix.invokeOptions(options);
        byte[] probe = mix.input(0, new SplittableRandom(options.seed()));
        OpenLoop.ensureDeployed(client, mix.function(), probe, invoke, options.maxPrice(), log);
        drivers.put(
            mix,
            new OpenLoopDriver(client, mix.function(), probe, invoke, options.concurrencyCap()));
      }
      MixWindows windows = new MixWindows(options, drivers);
      int warmups = 0;
      boolean settled = options.warmupSeconds() == 0;
      Map<Mix, Window> previous = null;
      while (!settled && warmups < options.maxWarmupWindows()) {
        Map<Mix, Window> window = windows.run(options.warmupSeconds(), Map.of());
        warmups++;
        StringBuilder line = new StringBuilder("warm-up " + warmups + ":");
        boolean all = previous != null;
        for (Map.Entry<Mix, Window> e : window.entrySet()) {
          long p50 = e.getValue().e2e().at(50);
          line.append(
              String.format(
                  " %s p50 %d us (%d ok, %d failed);",
                  e.getKey().label(), p50, e.getValue().samples().size(), e.getValue().failures()));
          double tolerance = e.getKey() == Mix.IOT ? SETTLED_BURSTY : SETTLED;
          all = all && close(p50, previous.get(e.getKey()).e2e().at(50), tolerance);
        }
        log.println(line);
        settled = all;
        previous = window;
      }
      log.printf(
          "measuring %d s (warm-up %s after %d windows)%n",
          options.seconds(), settled ? "settled" : "NOT settled", warmups);
      drain(http, options, log);
      long balanceBefore = client.balance();
      Map<Mix, SettlementLag> lags = new EnumMap<>(Mix.class);
      for (Mix mix : options.mixes()) {
        int expected = (int) Math.round(options.rate(mix) * options.seconds());
        lags.put(
            mix,
            new SettlementLag(client, options.lagSamples(), expected, options.lagPollMillis()));
      }
      CpuWindow cpu = CpuWindow.start(options.pids());
      Map<Mix, Window> measured = windows.run(options.seconds(), lags);
      long marketCpu = options.pids().isEmpty() ? -1 : CpuWindow.marketTotal(cpu.stop());
      for (SettlementLag lag : lags.values()) {
        lag.awaitAll(30_000);
        lag.close();
      }
      drain(http, options, log);
      long balanceAfter = client.balance();
      MixTable table =
          new MixTable(
              options, measured, lags, marketCpu, balanceBefore - balanceAfter, warmups, settled);
      String text = table.render();
      System.out.print(text);
      for (String result : table.resultLines()) {
        System.out.println(result);
      }
      if (options.table() != null) {
        Files.writeString(options.table(), text);
      }
    } finally {
      drivers.values().forEach(OpenLoopDriver::close);
    }
  }

  /** Waits (≤ 60 s) until the broker's settlement queue is empty, so balances are settled ones. */
  private static void drain(HttpClient http, LoadMixOptions options, PrintStream log)
      throws InterruptedException {
    long giveUp = System.currentTimeMillis() + 60_000;
    double depth = Double.NaN;
    while (System.currentTimeMillis() < giveUp) {
      depth = BrokerGauges.read(http, options.broker()).queueDepth();
      if (Double.isNaN(depth) || depth <= 0) {
        break;
      }
      Thread.sleep(200);
    }
    if (Double.isNaN(depth)) {
      log.println("no settlement gauge on the broker's /metrics: waiting 5 s for settlement");
      Thread.sleep(5_000);
    } else if (depth > 0) {
      log.printf("settlement backlog still %.0f after 60 s%n", depth);
    }
  }

  private static boolean close(double now, double before, double tolerance) {
    return now > 0 && before > 0 && Math.abs(now - before) <= tolerance * before;
  }
}
