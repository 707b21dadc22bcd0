package io.edgemarket.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link OpenLoop}'s command line: {@code --name value} pairs. Only {@code --data} is required.
 *
 * @param broker the running market's broker
 * @param data the market's data directory (identity {@code consumer}, {@code ca-cert.pem})
 * @param function the function invoked; the sample of that name is deployed when it is missing
 * @param rate invocations started per second, on a fixed schedule
 * @param seconds length of the measured window
 * @param warmupSeconds length of one warm-up window
 * @param maxWarmupWindows warm-up windows at most, even when the figures have not settled
 * @param pids processes whose CPU time is read around each window (broker, agents), with labels
 * @param concurrencyCap most calls outstanding; a call due beyond it fails as "overloaded"
 * @param maxPrice the ceiling of each ticket (and of the function when deployed here)
 * @param idleSeconds a window without calls before the warm-up, whose CPU is the processes' own
 *     background (heartbeats, timers), subtracted in the "net" CPU per call; 0: none
 */
record OpenLoopOptions(
    URI broker,
    Path data,
    String function,
    double rate,
    long seconds,
    long warmupSeconds,
    int maxWarmupWindows,
    List<LabelledPid> pids,
    int concurrencyCap,
    long maxPrice,
    long idleSeconds) {

  /** A process to account CPU to, e.g. {@code broker=1234}; a bare PID is labelled by itself. */
  record LabelledPid(String label, long pid) {
    static LabelledPid parse(String text) {
      int eq = text.indexOf('=');
      return eq < 0
          ? new LabelledPid(text, Long.parseLong(text))
          : new LabelledPid(text.substring(0, eq), Long.parseLong(text.substring(eq + 1)));
    }
  }

  static OpenLoopOptions parse(String[] args) {
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("options come in --name value pairs");
    }
    URI broker = URI.create("http://127.0.0.1:8080");
    Path data = null;
    String function = "echo";
    double rate = 100;
    long seconds = 30;
    long warmupSeconds = 10;
    int maxWarmupWindows = 8;
    List<LabelledPid> pids = new ArrayList<>();
    int cap = 256;
    long maxPrice = 1000;
    long idleSeconds = 5;
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--broker" -> broker = URI.create(value);
        case "--data" -> data = Path.of(value);
        case "--function" -> function = value;
        case "--rate" -> rate = Double.parseDouble(value);
        case "--seconds" -> seconds = Long.parseLong(value);
        case "--warmup-seconds" -> warmupSeconds = Long.parseLong(value);
        case "--max-warmup-windows" -> maxWarmupWindows = Integer.parseInt(value);
        case "--pids" -> {
          for (String one : value.split(",")) {
            if (!one.isBlank()) {
              pids.add(LabelledPid.parse(one.strip()));
            }
          }
        }
        case "--concurrency-cap" -> cap = Integer.parseInt(value);
        case "--max-price" -> maxPrice = Long.parseLong(value);
        case "--idle-seconds" -> idleSeconds = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (data == null) {
      throw new IllegalArgumentException("--data MARKET_DIR is required");
    }
    if (!(rate > 0)
        || seconds < 1
        || idleSeconds < 0
        || warmupSeconds < 0
        || maxWarmupWindows < 0
        || cap < 1) {
      throw new IllegalArgumentException("rate, seconds and cap must be positive");
    }
    return new OpenLoopOptions(
        broker,
        data,
        function,
        rate,
        seconds,
        warmupSeconds,
        maxWarmupWindows,
        List.copyOf(pids),
        cap,
        maxPrice,
        idleSeconds);
  }
}
