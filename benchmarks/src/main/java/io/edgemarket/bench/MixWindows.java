package io.edgemarket.bench;

import io.edgemarket.bench.OpenLoopDriver.Window;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one window of every selected mix at once, each on its own thread with its own driver. Each
 * mix draws its schedule and inputs from a generator of its own, seeded from {@code --seed} and the
 * mix, and advanced window by window: the same seed gives the same calls whichever mixes run beside
 * it.
 */
final class MixWindows {
  private final LoadMixOptions options;
  private final Map<Mix, OpenLoopDriver> drivers;
  private final Map<Mix, SplittableRandom> randoms = new EnumMap<>(Mix.class);

  MixWindows(LoadMixOptions options, Map<Mix, OpenLoopDriver> drivers) {
    this.options = options;
    this.drivers = drivers;
    for (Mix mix : drivers.keySet()) {
      randoms.put(mix, new SplittableRandom(seedOf(options.seed(), mix)));
    }
  }

  static long seedOf(long seed, Mix mix) {
    return seed * 1_000_003L + mix.ordinal();
  }

  /** Runs {@code seconds} of every mix; tells {@code lags}' samplers (where given) of answers. */
  Map<Mix, Window> run(long seconds, Map<Mix, SettlementLag> lags) throws Exception {
    Map<Mix, Future<Window>> running = new EnumMap<>(Mix.class);
    ExecutorService threads = Executors.newFixedThreadPool(drivers.size());
    try {
      for (Map.Entry<Mix, OpenLoopDriver> e : drivers.entrySet()) {
        Mix mix = e.getKey();
        SplittableRandom random = randoms.get(mix).split();
        long[] schedule = mix.arrivals(options.rate(mix), options).schedule(seconds, random);
        byte[][] inputs = new byte[schedule.length][];
        for (int i = 0; i < inputs.length; i++) {
          inputs[i] = mix.input(i, random);
        }
        SettlementLag lag = lags.get(mix);
        running.put(
            mix,
            threads.submit(
                () ->
                    e.getValue()
                        .run(
                            schedule,
                            seconds,
                            i -> inputs[i],
                            (result, at) -> {
                              if (lag != null) {
                                lag.answered(result, at);
                              }
                            })));
      }
      Map<Mix, Window> windows = new EnumMap<>(Mix.class);
      for (Map.Entry<Mix, Future<Window>> e : running.entrySet()) {
        windows.put(e.getKey(), e.getValue().get());
      }
      return windows;
    } finally {
      threads.shutdownNow();
    }
  }
}
