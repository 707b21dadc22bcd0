package io.edgemarket.bench;

import io.edgemarket.bench.OpenLoopDriver.Window;
import io.edgemarket.cli.market.MarketDir;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvocationException;
import io.edgemarket.sdk.InvokeOptions;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The hot path of a market that is already running, driven from a process of its own: unlike {@link
 * LoadGenerator}, nothing of the market shares this JVM, so its compilation and its threads are not
 * counted as the broker's. Calls go through the public consumer SDK as identity {@code consumer} of
 * {@code --data}, at {@code --rate} per second on a fixed schedule ({@link OpenLoopDriver}: open
 * loop, latency from each call's due time). Warm-up windows repeat until the p50 of two in a row is
 * within 10 % and so is the watched processes' CPU per call (or {@code --max-warmup-windows} ran);
 * then one measured window of {@code --seconds}.
 *
 * <p>Prints readable lines, then one {@code RESULT key=value ...} line.
 */
public final class OpenLoop {
  /** 16 bytes, as LoadGenerator sends: a run measures the market, not the payload. */
  private static final byte[] INPUT = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private static final double SETTLED = 0.10;

  private OpenLoop() {}

  public static void main(String[] args) throws Exception {
    OpenLoopOptions options = OpenLoopOptions.parse(args);
    PrintStream log = System.err;
    MarketDir dir = new MarketDir(options.data());
    InvokeOptions invoke = InvokeOptions.defaults().withMaxPrice(options.maxPrice());
    HttpClient http = HttpClient.newHttpClient();
    try (EdgeMarket client =
            EdgeMarket.builder()
                .broker(options.broker())
                .identity(dir.identity("consumer"))
                .trustRoot(dir.trustRoot())
                .build();
        OpenLoopDriver driver =
            new OpenLoopDriver(
                client, options.function(), INPUT, invoke, options.concurrencyCap())) {
      ensureDeployed(client, options, invoke, log);
      Map<String, Long> idle = Map.of();
      if (options.idleSeconds() > 0) {
        CpuWindow quiet = CpuWindow.start(options.pids());
        Thread.sleep(options.idleSeconds() * 1000);
        idle = quiet.stop();
        log.printf("idle for %d s: CPU %s us%n", options.idleSeconds(), idle);
      }
      int windows = 0;
      boolean settled = options.warmupSeconds() == 0;
      Window previous = null;
      double previousCpu = Double.NaN;
      while (!settled && windows < options.maxWarmupWindows()) {
        CpuWindow cpu = CpuWindow.start(options.pids());
        Window window = driver.run(options.rate(), options.warmupSeconds());
        double cpuPerCall = perCall(CpuWindow.marketTotal(cpu.stop()), window);
        windows++;
        long p50 = p50(window);
        log.printf(
            "warm-up %d: %d ok, %d failed, p50 %d us, market CPU %.0f us/call%n",
            windows, window.samples().size(), window.failures(), p50, cpuPerCall);
        settled =
            previous != null
                && close(p50, p50(previous))
                && (options.pids().isEmpty() || close(cpuPerCall, previousCpu));
        previous = window;
        previousCpu = cpuPerCall;
      }
      log.printf(
          "measuring: %.0f calls/s for %d s (warm-up %s after %d windows)%n",
          options.rate(), options.seconds(), settled ? "settled" : "NOT settled", windows);
      BrokerGauges before = BrokerGauges.read(http, options.broker());
      CpuWindow cpu = CpuWindow.start(options.pids());
      Window measured = driver.run(options.rate(), options.seconds());
      Map<String, Long> used = cpu.stop();
      BrokerGauges after = BrokerGauges.read(http, options.broker());
      log.println("measured");
      new OpenLoopReport(options, measured, used, idle, before, after, windows, settled)
          .print(System.out);
    }
  }

  /** Probes the function once; deploys the sample of that name if the broker does not know it. */
  private static void ensureDeployed(
      EdgeMarket client, OpenLoopOptions options, InvokeOptions invoke, PrintStream log)
      throws Exception {
    ensureDeployed(client, options.function(), INPUT, invoke, options.maxPrice(), log);
  }

  /** As above, for any sample {@code function}, probed with {@code probe}. */
  static void ensureDeployed(
      EdgeMarket client,
      String function,
      byte[] probe,
      InvokeOptions invoke,
      long maxPrice,
      PrintStream log)
      throws Exception {
    try {
      client.invoke(function, probe, invoke);
      return;
    } catch (InvocationException e) {
      if (!ErrorCodes.NOT_FOUND.equals(e.code())) {
        throw e;
      }
    }
    log.printf("deploying sample %s (max price %d per invocation)%n", function, maxPrice);
    client.deploy(
        function,
        Samples.wasm(function),
        DeployOptions.defaults().withMaxPricePerInvocation(maxPrice));
  }

  private static long p50(Window window) {
    return window.e2e().at(50);
  }

  static double perCall(long micros, Window window) {
    return window.samples().isEmpty() ? Double.NaN : (double) micros / window.samples().size();
  }

  private static boolean close(double now, double before) {
    return now > 0 && before > 0 && Math.abs(now - before) <= SETTLED * before;
  }
}
